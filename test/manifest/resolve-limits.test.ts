// Rate limits of disks and NICs (schema DiskLimits, NicLimits): sizes per second into bytes, burst
// defaults of one second's worth, file:line:col diagnostics for zero, bare numbers and orphan bursts,
// the native config they reach, and the spec hash (a change of limits restarts the VM).
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { virtioDevicesOf } from '../../src/runtime/native-config.js';

const vmText = (disk: string, nic = '') => `apiVersion: tshyve.dev/v1alpha1
kind: Bridge
metadata: { name: lan }
spec: { name: tshlan0 }
---
apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: web }
spec:
  cpus: 1
  memory: 256MiB
  firmware: { linux: { kernel: /boot/vmlinuz } }
  disks:
    - path: /srv/data.img
${disk}
  nics:
    - bridge: lan
${nic}
`;
const load = (disk: string, nic = '') => loadSpecTexts([{ file: 'limits.yaml', text: vmText(disk, nic) }]);
const errors = (r: ReturnType<typeof load>) =>
  r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.path} ${d.message}`);

describe('disk limits', () => {
  it('resolves bandwidth with units and iops, bursts defaulting to one second', () => {
    const r = load('      limits: { bandwidth: 50MiB, iops: 1000, iopsBurst: 4000 }');
    expect(errors(r)).toEqual([]);
    expect(r.state.vms[0]!.disks[0]!.limits).toEqual({
      bandwidth: { perSecond: 50 * 2 ** 20, burst: 50 * 2 ** 20 },
      iops: { perSecond: 1000, burst: 4000 },
    });
  });

  it('leaves an unlimited disk without a limits key (its spec hash stays as it was)', () => {
    const r = load('      slot: "4"');
    expect('limits' in r.state.vms[0]!.disks[0]!).toBe(false);
  });

  it('changes the spec hash when a limit changes', () => {
    const a = load('      limits: { iops: 1000 }').state.vms[0]!.specHash;
    const b = load('      limits: { iops: 2000 }').state.vms[0]!.specHash;
    const none = load('').state.vms[0]!.specHash;
    expect(new Set([a, b, none]).size).toBe(3);
  });

  it('refuses zero with the position of the value', () => {
    expect(errors(load('      limits: { bandwidth: 0MiB }'))).toEqual([
      expect.stringMatching(/^15:\d+ spec\.disks\[0\]\.limits\.bandwidth a rate limit must be at least 1 per second/),
    ]);
    expect(errors(load('      limits: { iops: 0 }'))).toEqual([expect.stringMatching(/^15:\d+ spec\.disks\[0\]\.limits\.iops /)]);
  });

  it('refuses negative counts, bare numbers for bandwidth and unknown keys through the schema', () => {
    expect(errors(load('      limits: { iops: -5 }'))).toHaveLength(1);
    expect(errors(load('      limits: { bandwidth: 1000000 }'))).toEqual([
      expect.stringContaining('expected a size per second with a unit'),
    ]);
    expect(errors(load('      limits: { readBandwidth: 1M }'))).toHaveLength(1);
  });

  it('refuses a burst without its rate', () => {
    expect(errors(load('      limits: { iops: 10, bandwidthBurst: 1M }'))).toEqual([
      expect.stringMatching(/spec\.disks\[0\]\.limits\.bandwidthBurst `bandwidthBurst` needs `bandwidth`/),
    ]);
  });
});

describe('nic limits', () => {
  it('resolves rx and tx separately', () => {
    const r = load('', '      limits: { rx: { bandwidth: 10M, packets: 5000 }, tx: { bandwidth: 1MiB, bandwidthBurst: 64K } }');
    expect(errors(r)).toEqual([]);
    expect(r.state.vms[0]!.nics[0]!.limits).toEqual({
      rx: { bandwidth: { perSecond: 10 * 2 ** 20, burst: 10 * 2 ** 20 }, packets: { perSecond: 5000, burst: 5000 } },
      tx: { bandwidth: { perSecond: 2 ** 20, burst: 64 * 2 ** 10 } },
    });
  });

  it('refuses zero packets with its path', () => {
    expect(errors(load('', '      limits: { tx: { packets: 0 } }'))).toEqual(['18:32 spec.nics[0].limits.tx.packets must be >= 1, got 0']);
  });

  it('reaches the native config as buckets', () => {
    const r = load('      limits: { iops: 100 }', '      limits: { tx: { packets: 10 } }');
    const native = virtioDevicesOf(r.state.vms[0]!);
    expect(native.disks![0]!.limits).toEqual({ iops: { perSecond: 100, burst: 100 } });
    expect(native.nics![0]!.limits).toEqual({ tx: { packets: { perSecond: 10, burst: 10 } } });
  });
});
