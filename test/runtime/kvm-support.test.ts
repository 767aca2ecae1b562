// kvmBackendUnsupported names every bhyve-only device of a VM, with its path and the backend.
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { GRUB_ROOT_BIOS, grubRootDiskBoot, kvmBackendUnsupported } from '../../src/runtime/kvm-support.js';

function vmOf(
  spec: string,
  head = 'metadata: { name: t }\nspec:\n  cpus: 1\n  memory: 256M\n  firmware: { bootrom: { image: /fw.fd } }\n',
) {
  const text = `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
${head}${spec}`;
  const loaded = loadSpecTexts([{ file: 't.yaml', text }]);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.state.vms[0]!;
}

describe('kvmBackendUnsupported', () => {
  it('accepts the KVM set: virtio-blk, ahci-hd, ahci-cd, nvme, virtio-net, e1000, virtio-rng, virtio-console, virtio-9p', () => {
    const disks =
      '[{ path: /d.img }, { path: /a.img, device: ahci-hd }, { path: /b.iso, device: ahci-cd }, ' +
      '{ path: /n.img, device: nvme, options: { nvmeMaxQueues: 4 } }]';
    expect(kvmBackendUnsupported(vmOf(`  disks: ${disks}\n  rng: true\n  consoles: [{ name: c0 }]\n`))).toEqual([]);
    expect(kvmBackendUnsupported(vmOf('  shares: [{ name: src, path: /srv/src, readOnly: true }]\n'))).toEqual([]);
    expect(kvmBackendUnsupported(vmOf('  tablet: { slot: "5" }\n'))).toEqual([]);
  });

  it('accepts e1000 NICs beside virtio-net, but not with rate limits', () => {
    const vm = vmOf('');
    vm.nics = [{ device: 'e1000' }, { device: 'virtio-net' }] as typeof vm.nics;
    expect(kvmBackendUnsupported(vm)).toEqual([]);
    vm.nics = [{ device: 'e1000', limits: { tx: { bandwidth: 1e6 } } }] as unknown as typeof vm.nics;
    expect(kvmBackendUnsupported(vm).map((p) => p.path)).toEqual(['spec.nics[0].limits']);
  });

  it('names each bhyve-only device and the backend', () => {
    const vm = vmOf(`  wiredMemory: true
  disks: [{ path: /dev/cam/ctl0.1, device: virtio-scsi }, { path: /ok.img }]
  framebuffer: {}
  tablet: true
  passthrough: [{ host: 2/0/0 }]
  sound: { play: /dev/dsp0 }
`);
    const problems = kvmBackendUnsupported(vm);
    expect(problems.map((p) => p.path)).toEqual(['spec.disks[0].device', 'spec.passthrough[0]', 'spec.sound']);
    expect(problems[0]!.message).toMatch(/disk device virtio-scsi is not supported by the KVM backend/);
    for (const p of problems) expect(p.message).toMatch(/KVM backend/);
  });

  it('runs a grub-bhyve guest (grub-root annotation, firmware.linux) by booting its disk through SeaBIOS', () => {
    const head = (root: string) =>
      `metadata: { name: g, annotations: { bhyve.tshyve.dev/grub-root: "${root}" } }\nspec:\n  cpus: 1\n  memory: 256M\n  firmware: { linux: { kernel: /boot/vmlinuz } }\n`;
    const guest = vmOf('  disks: [{ path: /g.img, device: ahci-hd }]\n', head('hd0,msdos1'));
    expect(kvmBackendUnsupported(guest)).toEqual([]);
    expect(grubRootDiskBoot(guest)).toBe(GRUB_ROOT_BIOS);
    expect(grubRootDiskBoot(vmOf('  disks: [{ path: /g.img }]\n', head('host')))).toBeUndefined();
    expect(grubRootDiskBoot(vmOf('  disks: [{ path: /g.img }]\n'))).toBeUndefined();
  });
});
