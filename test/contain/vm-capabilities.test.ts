// How VM processes are started (src/supervise/vm-capabilities.ts): the capabilities set-up keeps,
// the unshare and setpriv argv, and the log line read back from /proc status masks.
import { readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  capabilityDropPrefix,
  capabilityNames,
  describeOwnCapabilities,
  keptCapabilities,
  mountNamespacePrefix,
  SETPRIV,
  UNSHARE,
  vmProcessEnvAdditions,
  vmProcessPrefix,
} from '../../src/supervise/vm-capabilities.js';

describe('VM process capabilities', () => {
  it('starts with CAP_NET_ADMIN only for a VM with NICs, and what becoming the VM user needs when it exists', () => {
    expect(keptCapabilities({ nics: [] })).toEqual([]);
    expect(keptCapabilities({ nics: [{}] })).toEqual(['net_admin']);
    expect(keptCapabilities({ nics: [] }, true)).toEqual(['chown', 'setgid', 'setuid', 'sys_admin']);
    expect(keptCapabilities({ nics: [{}] }, true)).toEqual(['chown', 'setgid', 'setuid', 'sys_admin', 'net_admin']);
  });

  it("starts the process in its own mount namespace unless told not to, with its starter's namespace in its environment", () => {
    expect(mountNamespacePrefix({})).toEqual([UNSHARE, '--mount', '--propagation', 'private', '--']);
    expect(mountNamespacePrefix({ TSHYVE_MOUNT_NS: '0' })).toEqual([]);
    expect(mountNamespacePrefix({}, '/nonexistent/unshare')).toEqual([]);
    expect(mountNamespacePrefix({}, UNSHARE, 1000)).toEqual([]);
    expect(vmProcessEnvAdditions()).toEqual({ TSHYVE_SPAWNER_MOUNT_NS: readlinkSync('/proc/self/ns/mnt') });
    // No such user: no set-up capabilities beyond the NIC's.
    expect(vmProcessPrefix({ nics: [{}] }, { TSHYVE_VM_USER: 'tshyve-no-such-user' })).toEqual([
      UNSHARE,
      '--mount',
      '--propagation',
      'private',
      '--',
      SETPRIV,
      '--bounding-set',
      '-all,+net_admin',
      '--inh-caps',
      '-all',
      '--ambient-caps',
      '-all',
      '--',
    ]);
    expect(vmProcessPrefix({ nics: [] }, { TSHYVE_VM_USER: 'root' })).toContain('-all');
    // The user exists but the process gets no namespace of its own: no set-up capabilities either.
    expect(vmProcessPrefix({ nics: [] }, { TSHYVE_VM_USER: 'root', TSHYVE_MOUNT_NS: '0' })).toEqual([
      SETPRIV,
      '--bounding-set',
      '-all',
      '--inh-caps',
      '-all',
      '--ambient-caps',
      '-all',
      '--',
    ]);
  });

  it('starts the process through setpriv with that bounding set, unless told to keep all', () => {
    expect(capabilityDropPrefix(['net_admin'], {})).toEqual([
      SETPRIV,
      '--bounding-set',
      '-all,+net_admin',
      '--inh-caps',
      '-all',
      '--ambient-caps',
      '-all',
      '--',
    ]);
    expect(capabilityDropPrefix([], {})).toEqual([SETPRIV, '--bounding-set', '-all', '--inh-caps', '-all', '--ambient-caps', '-all', '--']);
    expect(capabilityDropPrefix([], { TSHYVE_KEEP_CAPS: '1' })).toEqual([]);
    expect(capabilityDropPrefix([], {}, '/nonexistent/setpriv')).toEqual([]);
  });

  it('describes what the process has from its status masks', () => {
    expect(capabilityNames(0x1000n)).toEqual(['net_admin']);
    expect(describeOwnCapabilities('Uid:\t0\t0\t0\t0\nCapEff:\t0000000000001000\nCapBnd:\t0000000000001000\n')).toBe(
      'capabilities: net_admin (bounding set net_admin); still uid 0, so root-owned files stay writable by their mode bits',
    );
    expect(describeOwnCapabilities('Uid:\t0\t0\t0\t0\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\n')).toBe(
      'capabilities: none (bounding set empty); still uid 0, so root-owned files stay writable by their mode bits',
    );
    expect(describeOwnCapabilities('CapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n')).toMatch(/^capabilities: all kept/);
    expect(describeOwnCapabilities('Uid:\t995\t995\t995\t995\nCapEff:\t0000000000000000\nCapBnd:\t000001ffffffffff\n')).toBe(
      'capabilities: none (bounding set full); uid 995',
    );
  });
});
