// kvmBackendUnsupported names every bhyve-only device of a VM, with its path and the backend.
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { kvmBackendUnsupported } from '../../src/runtime/kvm-support.js';

function vmOf(spec: string) {
  const text = `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: t }
spec:
  cpus: 1
  memory: 256M
  firmware: { bootrom: { image: /fw.fd } }
${spec}`;
  const loaded = loadSpecTexts([{ file: 't.yaml', text }]);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.state.vms[0]!;
}

describe('kvmBackendUnsupported', () => {
  it('accepts the KVM set: virtio-blk, ahci-hd, ahci-cd, virtio-net, virtio-rng, virtio-console', () => {
    const disks = '[{ path: /d.img }, { path: /a.img, device: ahci-hd }, { path: /b.iso, device: ahci-cd }]';
    expect(kvmBackendUnsupported(vmOf(`  disks: ${disks}\n  rng: true\n  consoles: [{ name: c0 }]\n`))).toEqual([]);
  });

  it('names each bhyve-only device and the backend', () => {
    const vm = vmOf(`  wiredMemory: true
  disks: [{ path: /c.img, device: nvme }, { path: /dev/cam/ctl0.1, device: virtio-scsi }, { path: /ok.img }]
  framebuffer: {}
  tablet: true
  shares: [{ name: src, path: /usr/src }]
  passthrough: [{ host: 2/0/0 }]
  sound: { play: /dev/dsp0 }
`);
    const problems = kvmBackendUnsupported(vm);
    expect(problems.map((p) => p.path)).toEqual([
      'spec.disks[0].device',
      'spec.disks[1].device',
      'spec.framebuffer',
      'spec.tablet',
      'spec.shares[0]',
      'spec.passthrough[0]',
      'spec.sound',
    ]);
    expect(problems[0]!.message).toMatch(/disk device nvme is not supported by the KVM backend/);
    for (const p of problems) expect(p.message).toMatch(/KVM backend/);
  });
});
