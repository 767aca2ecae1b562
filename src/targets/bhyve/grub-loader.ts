// The first of the handbook's two boot steps for a Linux guest without a boot ROM: grub-bhyve
// (sysutils/grub2-bhyve) reads a device.map and the commands the handbook types at `grub>`
// (`linux`, `initrd`, `boot`) from a grub.cfg, loads the kernel into the VM, and exits.
import type { ResolvedVm } from '../../model/resolved.js';
import { comparePci } from './notation.js';
import { nmdmDevice } from './serial-ports.js';
import { GRUB_ROOT_ANNOTATION } from '../../model/annotations.js';
import type { LoaderStep } from './types.js';

/** device.map lines: hard disks as (hdN), ahci-cd disks as (cdN), numbered in PCI order (as the guest sees them). */
export function formatDeviceMap(vm: ResolvedVm): string {
  let hd = 0,
    cd = 0;
  return (
    [...vm.disks]
      .sort((a, b) => comparePci(a.pci, b.pci))
      .map((d) => (d.device === 'ahci-cd' ? `(cd${cd++}) ${d.path}` : `(hd${hd++}) ${d.path}`))
      .join('\n') + '\n'
  );
}

/** The grub device holding kernel and initrd: `host` (the FreeBSD host's files) unless annotated. */
export function grubRootOf(vm: ResolvedVm): string {
  return vm.meta.annotations[GRUB_ROOT_ANNOTATION] ?? 'host';
}

export function formatGrubConfig(vm: ResolvedVm): string {
  if (vm.firmware.type !== 'linux') return '';
  const root = `(${grubRootOf(vm)})`;
  const lines = [`linux ${root}${vm.firmware.kernel}${vm.firmware.cmdline ? ` ${vm.firmware.cmdline}` : ''}`];
  if (vm.firmware.initrd) lines.push(`initrd ${root}${vm.firmware.initrd}`);
  lines.push('boot');
  return lines.join('\n') + '\n';
}

/** grub-bhyve -m MAP -r host -d DIR [-c TTY] [-S] -M MEM NAME, with the files it reads. */
export function buildGrubLoader(vm: ResolvedVm, memory: string, vmStateDir: string): LoaderStep | undefined {
  if (vm.firmware.type !== 'linux') return undefined;
  const map = `${vmStateDir}/device.map`;
  const argv = ['grub-bhyve', '-m', map, '-r', 'host', '-d', vmStateDir];
  const com1 = vm.serial.find((s) => s.port === 'com1');
  if (com1?.mode === 'tty') argv.push('-c', com1.path!);
  else if (com1?.mode === 'socket') argv.push('-c', nmdmDevice(vm.meta.name, 'com1'));
  if (vm.wiredMemory) argv.push('-S');
  argv.push('-M', memory, vm.meta.name);
  return {
    argv,
    files: [
      { path: map, content: formatDeviceMap(vm) },
      { path: `${vmStateDir}/grub.cfg`, content: formatGrubConfig(vm) },
    ],
  };
}
