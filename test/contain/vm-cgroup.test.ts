// cgroup v2 placement decisions and values (src/supervise/vm-cgroup.ts) against a temporary fake
// cgroup directory, and the line this host (cgroup v1, empty v2 hierarchy) gets.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CGROUP_MEMORY_OVERHEAD_BYTES,
  CGROUP_UNAVAILABLE,
  cgroup2MountOf,
  cgroupLimits,
  decideCgroup,
  placeVmInCgroup,
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
