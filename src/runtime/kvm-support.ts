// Which resolved devices the in-process KVM backend can run today: virtio-blk, ahci-hd/ahci-cd, virtio-net,
// virtio-rng (bhyve virtio-rnd), virtio-console, virtio-9p shares; linux or bootrom firmware. Everything else is
// bhyve-only (bhyve(8) -s emulations nvme, virtio-scsi, e1000, fbuf, xhci, passthru, hda; bhyveload(8)) and is reported.
import { TshyveError } from '../errors.js';
import type { ResolvedVm } from '../model/resolved.js';
import { GRUB_ROOT_ANNOTATION } from '../model/annotations.js';

export interface UnsupportedDevice {
  /** Document path, e.g. `spec.disks[1].device`. */
  path: string;
  message: string;
}

const BACKEND = 'the KVM backend';

function unsupported(path: string, device: string, hint: string): UnsupportedDevice {
  return {
    path,
    message: `${device} is not supported by ${BACKEND} (it runs virtio-blk, ahci-hd, ahci-cd, virtio-net, virtio-rng, virtio-console and virtio-9p); ${hint}`,
  };
}

/** Every device of `vm` the KVM backend cannot run, in spec order; empty when it can run the VM. */
export function kvmBackendUnsupported(vm: ResolvedVm): UnsupportedDevice[] {
  const out: UnsupportedDevice[] = [];
  const bhyveOnly = 'it runs on the bhyve target (tshyve compile --target bhyve)';
  vm.disks.forEach((d, i) => {
    if (d.device !== 'virtio-blk' && d.device !== 'ahci-hd' && d.device !== 'ahci-cd')
      out.push(unsupported(`spec.disks[${i}].device`, `disk device ${d.device}`, `use virtio-blk or ahci, or ${bhyveOnly}`));
  });
  vm.nics.forEach((n, i) => {
    if (n.device !== 'virtio-net')
      out.push(unsupported(`spec.nics[${i}].device`, `NIC device ${n.device}`, `use virtio-net, or ${bhyveOnly}`));
  });
  if (vm.framebuffer) out.push(unsupported('spec.framebuffer', 'the fbuf framebuffer (VNC)', `use a serial console, or ${bhyveOnly}`));
  if (vm.tablet) out.push(unsupported('spec.tablet', 'the xhci USB tablet', bhyveOnly));
  vm.passthrough.forEach((_, i) => out.push(unsupported(`spec.passthrough[${i}]`, 'PCI passthrough (passthru)', bhyveOnly)));
  if (vm.sound) out.push(unsupported('spec.sound', 'the hda sound device', bhyveOnly));
  if (vm.firmware.type === 'bhyveload') {
    out.push({
      path: 'spec.firmware.bhyveload',
      message: `bhyveload boots FreeBSD guests on the bhyve target only (tshyve compile --target bhyve); ${BACKEND} boots firmware.linux or firmware.bootrom`,
    });
  }
  return out;
}

/** SeaBIOS (Debian `seabios`): what boots a grub-bhyve guest's own disk on the KVM backend. */
export const GRUB_ROOT_BIOS = '/usr/share/seabios/bios-256k.bin';

/**
 * A grub-bhyve guest (the grub-root annotation names a disk, and `firmware.linux` is what grub-bhyve
 * would load from it): on the KVM backend SeaBIOS boots that disk, so the guest's own GRUB loads its
 * kernel. Returns the boot ROM to use, or undefined when the VM is not such a guest.
 */
export function grubRootDiskBoot(vm: ResolvedVm): string | undefined {
  const root = vm.meta.annotations[GRUB_ROOT_ANNOTATION];
  if (root === undefined || root === 'host' || vm.firmware.type !== 'linux') return undefined;
  return GRUB_ROOT_BIOS;
}

/**
 * Throws before anything starts when the KVM backend cannot run every device of `vm` (a device it
 * would drop, like an ahci-hd disk, leaves a guest with no boot disk). Used by every path that runs a VM.
 */
export function assertKvmBackendCanRun(vm: ResolvedVm): void {
  const unsupported = kvmBackendUnsupported(vm);
  if (!unsupported.length) return;
  const at = vm.meta.source ? `${vm.meta.source.file}:${vm.meta.source.line}:${vm.meta.source.column}: ` : '';
  throw new TshyveError(
    'TSHYVE_UNSUPPORTED',
    `${at}vm ${vm.meta.name} cannot run here: ${unsupported.map((u) => `${u.path}: ${u.message}`).join('; ')}`,
  );
}
