// The capability drop of VM processes (src/supervise/vm-capabilities.ts): what is kept, the setpriv
// argv, and the log line read back from /proc status masks.
import { describe, expect, it } from 'vitest';
import {
  capabilityDropPrefix,
  capabilityNames,
  describeOwnCapabilities,
  keptCapabilities,
  SETPRIV,
} from '../../src/supervise/vm-capabilities.js';

describe('VM process capabilities', () => {
  it('keeps CAP_NET_ADMIN only for a VM with NICs (a reboot reopens its taps)', () => {
    expect(keptCapabilities({ nics: [] })).toEqual([]);
    expect(keptCapabilities({ nics: [{}] })).toEqual(['net_admin']);
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
    expect(describeOwnCapabilities('CapEff:\t0000000000001000\nCapBnd:\t0000000000001000\n')).toBe(
      'capabilities: net_admin (bounding set net_admin); still uid 0, so root-owned files stay writable by their mode bits',
    );
    expect(describeOwnCapabilities('CapEff:\t0000000000000000\nCapBnd:\t0000000000000000\n')).toMatch(
      /^capabilities: none \(bounding set empty\)/,
    );
    expect(describeOwnCapabilities('CapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n')).toMatch(/^capabilities: all kept/);
  });
});
