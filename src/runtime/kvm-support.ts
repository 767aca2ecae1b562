// Which resolved devices the in-process KVM backend runs (the tables below), with linux or bootrom
// firmware; a grub-bhyve guest boots its own disk through SeaBIOS; spec.gdb runs as the native GDB
// stub. What remains bhyve-only (bhyve(8) -s virtio-scsi, passthru, hda; bhyveload(8)) is reported
// with its reason.
import { TshyveError } from '../errors.js';
import type { ResolvedVm } from '../model/resolved.js';
import { kernelOnGuestDisk } from '../model/annotations.js';

export interface UnsupportedDevice {
  /** Document path, e.g. `spec.disks[1].device`. */
  path: string;
  message: string;
}

/** The disk and NIC emulations the KVM backend runs. */
export const KVM_DISK_DEVICES: readonly string[] = ['virtio-blk', 'ahci-hd', 'ahci-cd', 'nvme'];
export const KVM_NIC_DEVICES: readonly string[] = ['virtio-net', 'e1000'];
const KVM_DEVICES = [...KVM_DISK_DEVICES, ...KVM_NIC_DEVICES, 'virtio-rng', 'virtio-console', 'virtio-9p'];

const BACKEND = 'the KVM backend';
const BHYVE_ONLY = 'it runs on the bhyve target (tshyve compile --target bhyve)';

function unsupported(path: string, device: string, hint: string): UnsupportedDevice {
  return { path, message: `${device} is not supported by ${BACKEND} (it runs ${KVM_DEVICES.join(', ')}); ${hint}` };
}

/** Every device of `vm` the KVM backend cannot run, in spec order; empty when it can run the VM. */
export function kvmBackendUnsupported(vm: ResolvedVm): UnsupportedDevice[] {
  const out: UnsupportedDevice[] = [];
  vm.disks.forEach((d, i) => {
    if (!KVM_DISK_DEVICES.includes(d.device))
      out.push(unsupported(`spec.disks[${i}].device`, `disk device ${d.device}`, `use ${KVM_DISK_DEVICES.join(', ')}, or ${BHYVE_ONLY}`));
  });
  vm.nics.forEach((n, i) => {
    if (!KVM_NIC_DEVICES.includes(n.device))
      out.push(unsupported(`spec.nics[${i}].device`, `NIC device ${n.device}`, `use ${KVM_NIC_DEVICES.join(' or ')}, or ${BHYVE_ONLY}`));
    if (n.device === 'e1000' && n.limits)
      out.push(unsupported(`spec.nics[${i}].limits`, 'rate limits on an e1000 NIC', 'use virtio-net for a limited NIC'));
  });
  vm.passthrough.forEach((_, i) => out.push(unsupported(`spec.passthrough[${i}]`, 'PCI passthrough (passthru)', BHYVE_ONLY)));
  if (vm.sound) out.push(unsupported('spec.sound', 'the hda sound device', BHYVE_ONLY));
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
  if (!kernelOnGuestDisk(vm.meta.annotations) || vm.firmware.type !== 'linux') return undefined;
  return GRUB_ROOT_BIOS;
}

/**
 * Throws before anything starts when the KVM backend cannot run every device of `vm` (a device it
 * would drop, like a virtio-scsi disk, leaves a guest with no boot disk). Used by every path that runs a VM.
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
