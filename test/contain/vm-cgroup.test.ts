// cgroup v2 placement decisions and values (src/supervise/vm-cgroup.ts) against a temporary fake
// cgroup directory, the line this host (cgroup v1, empty v2 hierarchy) gets, and which ended VMs'
// cgroups are removed (a plain directory cannot stand for rmdir in cgroupfs: the removal is passed in).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CGROUP_MEMORY_OVERHEAD_BYTES,
  CGROUP_UNAVAILABLE,
  cgroup2MountOf,
  cgroupIsEmpty,
  cgroupLimits,
  decideCgroup,
  emptyVmCgroups,
  placeVmInCgroup,
  removeEmptyVmCgroups,
} from '../../src/supervise/vm-cgroup.js';

const dirs: string[] = [];
function fakeRoot(controllers: string): string {
  const d = mkdtempSync(join(tmpdir(), 'tshyve-cgroup-'));
  dirs.push(d);
  writeFileSync(join(d, 'cgroup.controllers'), controllers);
  writeFileSync(join(d, 'cgroup.subtree_control'), '');
  return d;
}
const mountinfoFor = (root: string) =>
  `24 1 0:22 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory\n30 24 0:26 / ${root} rw,relatime shared:12 - cgroup2 cgroup2 rw\n`;
const vm = { name: 'web', memoryBytes: 512 * 2 ** 20, vcpus: 2 };

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('VM cgroup', () => {
  it('limits memory to guest memory + the overhead and pids to the base + vCPUs', () => {
    expect(CGROUP_MEMORY_OVERHEAD_BYTES).toBe(256 * 2 ** 20);
    expect(cgroupLimits(vm)).toEqual({ memoryMax: 768 * 2 ** 20, pidsMax: 130 });
  });

  it('finds the cgroup2 mount among v1 mounts', () => {
    expect(cgroup2MountOf(mountinfoFor('/sys/fs/cgroup/unified'))).toBe('/sys/fs/cgroup/unified');
    expect(cgroup2MountOf('24 1 0:22 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n')).toBeUndefined();
  });

  it('writes the limits and the pid under tshyve/<vm> when memory and pids are offered', async () => {
    const root = fakeRoot('cpuset cpu io memory pids\n');
    const line = await placeVmInCgroup(vm, 4242, { mountinfo: mountinfoFor(root) });
    const dir = join(root, 'tshyve', 'web');
    expect(line).toBe(`cgroup v2: ${dir}: memory.max ${768 * 2 ** 20}, pids.max 130`);
    expect(readFileSync(join(root, 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids');
    expect(readFileSync(join(root, 'tshyve', 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids');
    expect(readFileSync(join(dir, 'memory.max'), 'utf8')).toBe(String(768 * 2 ** 20));
    expect(readFileSync(join(dir, 'pids.max'), 'utf8')).toBe('130');
    expect(readFileSync(join(dir, 'cgroup.procs'), 'utf8')).toBe('4242');
  });

  it('applies nothing and says so in one line when a controller is missing or there is no cgroup2', async () => {
    const root = fakeRoot('cpu io pids\n');
    expect(await placeVmInCgroup(vm, 1, { mountinfo: mountinfoFor(root) })).toBe(`${CGROUP_UNAVAILABLE} (${root} lacks memory)`);
    expect(existsSync(join(root, 'tshyve'))).toBe(false);
    const empty = fakeRoot('');
    expect(await placeVmInCgroup(vm, 1, { mountinfo: mountinfoFor(empty) })).toBe(`${CGROUP_UNAVAILABLE} (${empty} lacks memory and pids)`);
    expect(await placeVmInCgroup(vm, 1, { mountinfo: '' })).toBe(`${CGROUP_UNAVAILABLE} (no cgroup2 hierarchy mounted)`);
  });

  it('reports a write the kernel refuses instead of failing the VM', async () => {
    const root = fakeRoot('memory pids\n');
    mkdirSync(join(root, 'tshyve', 'web', 'memory.max'), { recursive: true }); // a directory: writing it fails
    expect(await placeVmInCgroup(vm, 1, { mountinfo: mountinfoFor(root) })).toMatch(
      /^cgroup v2: cannot apply limits in .*tshyve\/web \(EISDIR.*\): no limits applied$/,
    );
  });

  it('decides for this host from its real mountinfo (nothing is written)', async () => {
    const root = cgroup2MountOf(readFileSync('/proc/self/mountinfo', 'utf8'));
    const decision = await decideCgroup(root, 'web', cgroupLimits(vm));
    const offered = root && existsSync(join(root, 'cgroup.controllers')) ? readFileSync(join(root, 'cgroup.controllers'), 'utf8') : '';
    expect(decision.apply).toBe(/\bmemory\b/.test(offered) && /\bpids\b/.test(offered));
    if (!decision.apply) expect(decision.line.startsWith(CGROUP_UNAVAILABLE)).toBe(true);
  });
});

describe('removing the cgroups of ended VM processes', () => {
  const rmTree = async (dir: string) => rmSync(dir, { recursive: true }); // a plain directory stands for cgroupfs
  function vmCgroup(root: string, name: string, events: string | undefined, procs = ''): string {
    const dir = join(root, 'tshyve', name);
    mkdirSync(dir, { recursive: true });
    if (events !== undefined) writeFileSync(join(dir, 'cgroup.events'), events);
    writeFileSync(join(dir, 'cgroup.procs'), procs);
    return dir;
  }

  it('picks the cgroups that hold no process, by cgroup.events or else cgroup.procs, never the excepted one', async () => {
    const root = fakeRoot('memory pids\n');
    const ended = vmCgroup(root, 'ended', 'populated 0\nfrozen 0\n');
    vmCgroup(root, 'running', 'populated 1\nfrozen 0\n', '4242\n');
    const noEvents = vmCgroup(root, 'no-events', undefined, '');
    vmCgroup(root, 'no-events-busy', undefined, '17\n');
    vmCgroup(root, 'starting', 'populated 0\n');
    expect((await emptyVmCgroups(root, 'starting')).sort()).toEqual([ended, noEvents].sort());
    expect(await cgroupIsEmpty(join(root, 'tshyve', 'running'))).toBe(false);
  });

  it('removes them as a VM process starts and leaves the busy ones', async () => {
    const root = fakeRoot('memory pids\n');
    const ended = vmCgroup(root, 'ended', 'populated 0\n');
    const busy = vmCgroup(root, 'busy', 'populated 1\n', '99\n');
    const line = await placeVmInCgroup(vm, 4242, { mountinfo: mountinfoFor(root), removeDir: rmTree });
    expect(line).toMatch(/^cgroup v2: .*tshyve\/web: memory\.max/);
    expect(existsSync(ended)).toBe(false);
    expect(existsSync(busy)).toBe(true);
    expect(readFileSync(join(root, 'tshyve', 'web', 'cgroup.procs'), 'utf8')).toBe('4242');
  });

  it('removes nothing where there is no cgroup2 hierarchy, and skips a removal the kernel refuses', async () => {
    expect(await removeEmptyVmCgroups({ mountinfo: '' })).toEqual([]);
    const root = fakeRoot('memory pids\n');
    const stuck = vmCgroup(root, 'stuck', 'populated 0\n');
    const refuse = async () => {
      throw Object.assign(new Error('EBUSY'), { code: 'EBUSY' });
    };
    expect(await removeEmptyVmCgroups({ mountinfo: mountinfoFor(root), removeDir: refuse })).toEqual([]);
    expect(existsSync(stuck)).toBe(true);
    expect(await removeEmptyVmCgroups({ mountinfo: mountinfoFor(root), removeDir: rmTree })).toEqual([stuck]);
  });
});
