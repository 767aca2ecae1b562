// The VM process's mount plan (src/runtime/mount-confinement.ts): what is covered, what comes back
// writable or read-only, the copy that becomes its root, and that a failed step is named; the steps
// run against recording operations here (the real ones run in test/contain/jail.integration.test.ts).
import { mkdirSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyConfinement,
  COPY_DIR,
  describeConfinement,
  HIDDEN_DIRS,
  ownMountNamespace,
  planConfinement,
  SPAWNER_MOUNT_NS,
  type MountOps,
} from '../../src/runtime/mount-confinement.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const exists = (present: string[]) => (p: string) => present.includes(p);

describe('the VM process mount plan', () => {
  it('covers the home, temporary and state directories, brings the VM directory back and pivots into a read-only copy', () => {
    const steps = planConfinement({
      vmDir: '/var/lib/tshyve/vms/web',
      stateDir: '/var/lib/tshyve',
      writable: ['/run/tshyve/web'],
      readable: ['/opt/tshyve', '/usr/bin'],
      isDir: exists(['/root', '/home', '/tmp', '/var/tmp', '/var/lib/tshyve']),
    });
    const at = `/root/${COPY_DIR}`;
    expect(steps).toEqual([
      { kind: 'private' },
      { kind: 'tmpfs', path: '/root' },
      { kind: 'tmpfs', path: '/home' },
      { kind: 'tmpfs', path: '/tmp' },
      { kind: 'tmpfs', path: '/var/tmp' },
      { kind: 'tmpfs', path: '/var/lib/tshyve' },
      { kind: 'bind', path: '/var/lib/tshyve/vms/web', writable: true },
      { kind: 'bind', path: '/run/tshyve/web', writable: true },
      { kind: 'copy-root', at },
      { kind: 'read-only-all', at },
      { kind: 'writable', path: `${at}/var/lib/tshyve/vms/web` },
      { kind: 'writable', path: `${at}/run/tshyve/web` },
      { kind: 'pivot', at, putOld: `${at}/root` },
      { kind: 'tmpfs', path: '/root' },
    ]);
    expect(describeConfinement(steps)).toBe(
      'mount namespace: /root, /home, /tmp, /var/tmp, /var/lib/tshyve hidden; everything read-only except /var/lib/tshyve/vms/web, /run/tshyve/web',
    );
  });

  it('does not cover a directory twice, and brings back code that a covered directory held', () => {
    const steps = planConfinement({
      vmDir: '/tmp/t/state/vms/a',
      stateDir: '/tmp/t/state',
      writable: ['/tmp/t/state/vms/a'],
      readable: ['/home/dev/tshyve', '/usr/bin', '/tmp/t/state/vms/a/inner'],
      isDir: exists(['/home', '/tmp', '/tmp/t/state']),
    });
    expect(steps.filter((s) => s.kind === 'tmpfs').map((s) => (s as { path: string }).path)).toEqual(['/home', '/tmp', '/home']);
    expect(steps.filter((s) => s.kind === 'bind')).toEqual([
      { kind: 'bind', path: '/tmp/t/state/vms/a', writable: true },
      { kind: 'bind', path: '/home/dev/tshyve', writable: false },
    ]);
    expect(describeConfinement(steps)).toMatch(/read-only again inside hidden directories: \/home\/dev\/tshyve$/);
  });

  it('covers every directory it names only when it exists', () => {
    expect(HIDDEN_DIRS).toEqual(['/root', '/home', '/tmp', '/var/tmp', '/mnt', '/media', '/srv']);
    const steps = planConfinement({ vmDir: '/s/vms/a', stateDir: '/s', writable: [], readable: [], isDir: exists(['/s']) });
    expect(steps[1]).toEqual({ kind: 'tmpfs', path: '/s' });
    expect(steps.at(-2)).toEqual({ kind: 'pivot', at: `/s/${COPY_DIR}`, putOld: `/s/${COPY_DIR}/s` });
  });

  it('runs the steps in order through the mount operations and names the one that fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-mounts-'));
    dirs.push(dir);
    const vmDir = join(dir, 'state', 'vms', 'a');
    mkdirSync(vmDir, { recursive: true });
    const calls: string[] = [];
    const ops = (failOn?: string): MountOps => ({
      privateMounts: () => (calls.push('private'), 0),
      mountTmpfs: (d) => (calls.push(`tmpfs ${d}`), failOn === d ? 16 : 0),
      bindMount: (from, to) => (calls.push(`bind ${from.startsWith('/proc/self/fd/') ? 'fd' : from} ${to}`), 0),
      setMountReadOnly: (p, ro, rec) => (calls.push(`${ro ? 'ro' : 'rw'}${rec ? ' -r' : ''} ${p}`), 0),
      pivotRoot: (d, old) => (calls.push(`pivot ${d} ${old}`), 0),
    });
    const at = join(dir, COPY_DIR);
    const steps = planConfinement({ vmDir, stateDir: dir, writable: [], readable: [], isDir: exists([dir]) });
    expect(applyConfinement(steps, ops(), (e) => `E${e}`)).toBeUndefined();
    expect(calls).toEqual([
      'private',
      `tmpfs ${dir}`,
      `bind fd ${vmDir}`,
      `bind / ${at}`,
      `ro -r ${at}`,
      `rw ${at}${vmDir}`,
      `pivot ${at} ${at}${dir}`,
      `tmpfs ${dir}`,
    ]);
    calls.length = 0;
    rmSync(at, { recursive: true });
    expect(applyConfinement(steps, ops(dir), (e) => `E${e}`)).toBe(`covering ${dir} (E16)`);
    expect(calls).toEqual(['private', `tmpfs ${dir}`]);
  });

  it("hides only in a namespace other than its starter's", () => {
    const own = readlinkSync('/proc/self/ns/mnt');
    expect(ownMountNamespace({})).toBe(false);
    expect(ownMountNamespace({ [SPAWNER_MOUNT_NS]: own })).toBe(false);
    expect(ownMountNamespace({ [SPAWNER_MOUNT_NS]: 'mnt:[1]' })).toBe(true);
    expect(ownMountNamespace({ [SPAWNER_MOUNT_NS]: '../etc' })).toBe(false);
  });
});
