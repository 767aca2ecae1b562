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
  it('accepts the KVM set: virtio-blk, virtio-net, virtio-rng, virtio-console, virtio-9p', () => {
    expect(kvmBackendUnsupported(vmOf('  disks: [{ path: /d.img }]\n  rng: true\n  consoles: [{ name: c0 }]\n'))).toEqual([]);
    expect(kvmBackendUnsupported(vmOf('  shares: [{ name: src, path: /srv/src, readOnly: true }]\n'))).toEqual([]);
  });

  it('accepts e1000 NICs beside virtio-net', () => {
    const vm = vmOf('');
    vm.nics = [{ device: 'e1000' }, { device: 'virtio-net' }] as typeof vm.nics;
    expect(kvmBackendUnsupported(vm)).toEqual([]);
    vm.nics = [{ device: 'e1000', limits: { tx: { bandwidth: 1e6 } } }] as unknown as typeof vm.nics;
    expect(kvmBackendUnsupported(vm).map((p) => p.path)).toEqual(['spec.nics[0].limits']);
  });

  it('accepts the KVM set: virtio-blk, nvme, virtio-net, virtio-rng, virtio-console', () => {
    expect(kvmBackendUnsupported(vmOf('  disks: [{ path: /d.img }]\n  rng: true\n  consoles: [{ name: c0 }]\n'))).toEqual([]);
    expect(kvmBackendUnsupported(vmOf('  disks: [{ path: /n.img, device: nvme, options: { nvmeMaxQueues: 4 } }]\n'))).toEqual([]);
  });

  it('names each bhyve-only device and the backend', () => {
    const vm = vmOf(`  wiredMemory: true
  disks: [{ path: /a.img, device: ahci-hd }, { path: /b.iso, device: ahci-cd }, { path: /c.img, device: nvme }, { path: /dev/cam/ctl0.1, device: virtio-scsi }, { path: /ok.img }]
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
      'spec.disks[3].device',
      'spec.framebuffer',
      'spec.tablet',
      'spec.passthrough[0]',
      'spec.sound',
    ]);
    expect(problems[0]!.message).toMatch(/disk device ahci-hd is not supported by the KVM backend/);
    for (const p of problems) expect(p.message).toMatch(/KVM backend/);
  });
});
