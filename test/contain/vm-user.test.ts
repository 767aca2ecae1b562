// The VM user (src/runtime/vm-user.ts): which name is asked for, found in passwd(5) text, when the
// drop is refused, whether its directory can be reached, and handing the VM's directory over and
// back (real chown to a uid that owns nothing else here).
import { lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_VM_USER,
  findUser,
  handVmDirTo,
  reclaimVmDir,
  searchableBy,
  unreachableAncestor,
  userProblem,
  vmUserName,
} from '../../src/runtime/vm-user.js';

const PASSWD =
  'root:x:0:0:root:/root:/bin/bash\ntshyve-vm:x:995:995:tshyve VM processes:/nonexistent:/usr/sbin/nologin\nbad:x:abc:1::/:/bin/sh\n';
const user = { name: 'tshyve-vm', uid: 995, gid: 995 };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the VM user', () => {
  it('is --user, else TSHYVE_VM_USER, else tshyve-vm', () => {
    expect(vmUserName(undefined, {})).toBe(DEFAULT_VM_USER);
    expect(vmUserName(undefined, { TSHYVE_VM_USER: 'vmx' })).toBe('vmx');
    expect(vmUserName('flagged', { TSHYVE_VM_USER: 'vmx' })).toBe('flagged');
  });

  it('is looked up in passwd text; a missing, root or uid-0 user is refused with a reason', () => {
    expect(findUser('tshyve-vm', PASSWD)).toEqual(user);
    expect(findUser('bad', PASSWD)).toBeUndefined();
    expect(findUser('nobody-here', PASSWD)).toBeUndefined();
    expect(userProblem('tshyve-vm', user)).toBeUndefined();
    expect(userProblem('nobody-here', undefined)).toBe(
      'user nobody-here does not exist (scripts/setup.sh creates tshyve-vm; TSHYVE_VM_USER or --user names another)',
    );
    expect(userProblem('root', findUser('root', PASSWD))).toBe('the VM user is root (TSHYVE_VM_USER=root)');
    expect(userProblem('toor', { name: 'toor', uid: 0, gid: 0 })).toBe('user toor has uid 0');
  });

  it('must be able to pass through every directory above the VM directory', () => {
    expect(searchableBy({ mode: 0o40700, uid: 0, gid: 0 }, user)).toBe(false);
    expect(searchableBy({ mode: 0o40701, uid: 0, gid: 0 }, user)).toBe(true);
    expect(searchableBy({ mode: 0o40710, uid: 0, gid: 995 }, user)).toBe(true);
    expect(searchableBy({ mode: 0o40100, uid: 995, gid: 0 }, user)).toBe(true);
    expect(searchableBy({ mode: 0o40077, uid: 995, gid: 0 }, user)).toBe(false);
    const modes: Record<string, number> = {
      '/': 0o755,
      '/var': 0o755,
      '/var/lib': 0o755,
      '/var/lib/tshyve': 0o700,
      '/var/lib/tshyve/vms': 0o755,
    };
    const stat = ((p: string) => ({ mode: 0o40000 | modes[p]!, uid: 0, gid: 0 })) as unknown as typeof statSync;
    expect(unreachableAncestor('/var/lib/tshyve/vms/web', user, stat)).toBe('/var/lib/tshyve');
    modes['/var/lib/tshyve'] = 0o711;
    expect(unreachableAncestor('/var/lib/tshyve/vms/web', user, stat)).toBeUndefined();
    expect(unreachableAncestor('/nowhere/vms/web', user)).toBe('/nowhere/vms');
  });

  it("gets the VM directory and what the process writes there, never root's records nor a symlink's target; root takes it back", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-vmdir-'));
    dirs.push(dir);
    const vmDir = join(dir, 'web');
    mkdirSync(vmDir, { mode: 0o700 });
    for (const f of ['spec.json', 'planned-paths.json', 'hold.json', 'status.json', 'console.log']) writeFileSync(join(vmDir, f), '{}');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'root only');
    symlinkSync(victim, join(vmDir, 'firmware.log')); // as if a VM process planted it
    handVmDirTo(vmDir, user);
    const owner = (p: string) => lstatSync(p).uid;
    expect(owner(vmDir)).toBe(995);
    expect([owner(join(vmDir, 'status.json')), owner(join(vmDir, 'console.log')), owner(join(vmDir, 'firmware.log'))]).toEqual([
      995, 995, 995,
    ]);
    expect([owner(join(vmDir, 'spec.json')), owner(join(vmDir, 'planned-paths.json')), owner(join(vmDir, 'hold.json'))]).toEqual([0, 0, 0]);
    expect(owner(victim)).toBe(0);
    expect(reclaimVmDir(vmDir)).toBeUndefined();
    expect([owner(vmDir), owner(join(vmDir, 'status.json')), owner(join(vmDir, 'firmware.log')), owner(victim)]).toEqual([0, 0, 0, 0]);
    expect(reclaimVmDir(join(dir, 'missing'))).toBeUndefined();
  });
});
