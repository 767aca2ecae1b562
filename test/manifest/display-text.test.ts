// The resolved VM carries the notation a manifest was written in (memory `1024M` vs `1G`, slot `2`
// vs `2:0`, volume size `16G` vs `16GiB`) for targets that keep it (bhyve(8) -m and -s), without it
// ever changing specHash: the machine is the same.
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { compileBhyve } from '../../src/targets/bhyve/compile.js';

const manifests = (memory: string, slot: string, size: string) => `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: v }
spec:
  cpus: 1
  memory: ${memory}
  firmware: { bootrom: { image: /fw.fd } }
  disks: [{ volume: d, slot: "${slot}" }, { path: /iso/x.iso, device: ahci-cd }]
  rng: { slot: "${slot === '3' ? '4' : '4:0'}" }
---
apiVersion: tshyve.dev/v1alpha1
kind: Volume
metadata: { name: d }
spec: { size: ${size}, file: { path: /vm/d.img } }
`;

function resolve(memory: string, slot: string, size: string) {
  const loaded = loadSpecTexts([{ file: 'v.yaml', text: manifests(memory, slot, size) }]);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.state;
}

describe('display text in the resolved state', () => {
  const a = resolve('1024M', '3', '16G');
  const b = resolve('1GiB', '3:0', '16GiB');

  it('keeps memory, slot and size as written, and no slot text for assigned slots', () => {
    expect(a.vms[0]!.memoryText).toBe('1024M');
    expect(b.vms[0]!.memoryText).toBe('1GiB');
    expect(a.vms[0]!.disks.map((d) => d.slotText)).toEqual(['3', undefined]);
    expect(b.vms[0]!.disks.map((d) => d.slotText)).toEqual(['3:0', undefined]);
    expect(b.vms[0]!.rng).toEqual({ pci: { bus: 0, slot: 4, function: 0 }, slotText: '4:0' });
    expect(a.vms[0]!.hostbridge.slotText).toBeUndefined();
    expect([a.volumes[0]!.sizeText, b.volumes[0]!.sizeText]).toEqual(['16G', '16GiB']);
  });

  it('never changes specHash', () => {
    expect(a.vms[0]!.memoryBytes).toBe(b.vms[0]!.memoryBytes);
    expect(a.vms[0]!.specHash).toBe(b.vms[0]!.specHash);
    expect(resolve('2G', '3', '16G').vms[0]!.specHash).not.toBe(a.vms[0]!.specHash);
  });

  it('is what the bhyve compiler writes, from the resolved state alone', () => {
    const argv = (s: typeof a) => compileBhyve(s).vms[0]!.argv.join(' ');
    expect(argv(a)).toContain('-m 1024M -s 0:0,hostbridge -s 1:0,ahci-cd,/iso/x.iso -s 3,virtio-blk,/vm/d.img -s 4,virtio-rnd');
    expect(argv(b)).toContain('-m 1G -s 0:0,hostbridge -s 1:0,ahci-cd,/iso/x.iso -s 3:0,virtio-blk,/vm/d.img -s 4:0,virtio-rnd');
    expect(compileBhyve(b).hostScript).toContain('truncate -s 16G /vm/d.img');
  });
});
