// Maps a resolved VirtualMachine (src/model/resolved.ts) to the native VmConfig, after the
// preflight checks; the native side trusts this shape.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TshyveError } from '../errors.js';
import type { ResolvedVm } from '../model/resolved.js';
import { comPortNumber } from '../state/vm-files.js';
import type { NativeAhciConfig, NativeFramebufferConfig, NativeNvmeConfig, NativeVmConfig } from './native.js';
import { assertKvmBackendCanRun, grubRootDiskBoot } from './kvm-support.js';
import { resolveForRun } from './run-time-paths.js';
import { seccompWanted } from './contain-process.js';
import { checkFileExists, checkFirmware, checkKernel, checkKvm, checkMemory } from './preflight.js';

export interface NativeConfigOptions {
  /** com1 output fd (e.g. 1 for the terminal); undefined: batches to JS. */
  consoleFd?: number;
  /** Writable per-VM copy of the firmware vars template, if the firmware has one. */
  varsPath?: string;
  debugLog?: string;
  /** The VM's directory in the state dir (0700): home of console port sockets that name no path. */
  vmDir?: string;
  kvmPath?: string;
  hostMemoryBytes?: number;
  /** The VM's cloud-init seed image (supervise/machine.ts builds it), attached read-only. */
  cloudInitSeed?: string;
}

/**
 * iPXE images for virtio-net (Debian `ipxe-qemu`; PCIR 1af4:1041, the modern device tshyve offers).
 * efi-virtio.rom holds a BIOS and a UEFI image (QEMU's default for virtio-net), pxe-virtio.rom the BIOS one.
 */
export const NIC_OPTION_ROMS = ['/usr/lib/ipxe/qemu/efi-virtio.rom', '/usr/lib/ipxe/qemu/pxe-virtio.rom'];

/** iPXE for the e1000 (Debian `ipxe-qemu`; its PCIR names 8086:100E, the VMM rewrites it to the 82545EM's 100F). */
export const E1000_OPTION_ROMS = ['/usr/lib/ipxe/qemu/pxe-e1000.rom', '/usr/lib/ipxe/qemu/efi-e1000.rom'];

/** SeaBIOS's VGA BIOS for QEMU's bochs-display (Debian `seabios`): what the framebuffer's ROM BAR holds. */
export const VGA_BIOS_ROMS = ['/usr/share/seabios/vgabios-bochs-display.bin'];

/** `listen` of spec.framebuffer (`addr[:port]`, IPv6 in brackets) as address and port (bhyve's default 5900). */
export function parseFramebufferListen(listen: string): { address: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(listen);
  if (!m) return { address: listen, port: 5900 };
  return { address: m[1]!, port: m[2] !== undefined ? Number(m[2]) : 5900 };
}

/**
 * The framebuffer of a resolved VM for the native side. A bootrom VM gets the VGA BIOS unless
 * `vga: off` (UEFI drives the display itself; bhyve's vga=off has no legacy VGA either).
 */
export function framebufferOf(vm: ResolvedVm, bootrom: boolean, stateDir?: string): NativeFramebufferConfig | undefined {
  const fb = vm.framebuffer;
  if (!fb) return undefined;
  const rom = bootrom && fb.vga !== 'off' ? VGA_BIOS_ROMS.find((p) => existsSync(p)) : undefined;
  return {
    width: fb.width,
    height: fb.height,
    slot: fb.pci.slot,
    function: fb.pci.function,
    ...parseFramebufferListen(fb.listen),
    ...(rom ? { rom } : {}),
    ...(fb.passwordFile ? { passwordFile: resolveForRun(fb.passwordFile, 'read', 'framebuffer password file', stateDir) } : {}),
    ...(fb.wait ? { wait: true } : {}),
  };
}

/** The option ROM a virtio NIC with `bootRom: true` gets when the VM boots firmware and one is installed. */
export function nicOptionRom(candidates: readonly string[] = NIC_OPTION_ROMS): string | undefined {
  return candidates.find((p) => existsSync(p));
}

/** The unix socket of virtio-console port `name` when the spec names no path (as the bhyve target's). */
export function consolePortSocket(vmDir: string, name: string): string {
  return join(vmDir, `console-${name}.sock`);
}

/**
 * The emulated PCI devices of a resolved VM: virtio ones and e1000 NICs (other disk/NIC models are
 * refused first by kvm-support). Console ports without a path get one in `vmDir`; without `vmDir`
 * such a port has no socket.
 */
export function virtioDevicesOf(
  vm: ResolvedVm,
  vmDir?: string,
): Pick<NativeVmConfig, 'disks' | 'nics' | 'rng' | 'consoles' | 'shares' | 'e1000'> {
  const out: Pick<NativeVmConfig, 'disks' | 'nics' | 'rng' | 'consoles' | 'shares' | 'e1000'> = {
    disks: vm.disks
      .filter((d) => d.device === 'virtio-blk')
      .map((d) => ({
        path: d.path,
        slot: d.pci.slot,
        function: d.pci.function,
        readOnly: d.readOnly,
        nocache: d.nocache,
        direct: d.direct,
        nodelete: d.nodelete,
        logicalSectorSize: d.logicalSectorSize,
        physicalSectorSize: d.physicalSectorSize,
        ...(d.serial !== undefined ? { serial: d.serial } : {}),
        queues: d.queues,
        ...(d.limits ? { limits: d.limits } : {}),
      })),
    nics: vm.nics
      .filter((n) => n.device === 'virtio-net')
      .map((n) => ({
        tap: n.tapIfname,
        mac: n.mac,
        slot: n.pci.slot,
        function: n.pci.function,
        ...(n.mtu ? { mtu: n.mtu } : {}),
        ...(n.limits ? { limits: n.limits } : {}),
      })),
  };
  const e1000 = vm.nics
    .filter((n) => n.device === 'e1000')
    .map((n) => ({ tap: n.tapIfname, mac: n.mac, slot: n.pci.slot, function: n.pci.function }));
  if (e1000.length) out.e1000 = e1000;
  if (vm.rng) out.rng = { slot: vm.rng.pci.slot, function: vm.rng.pci.function };
  if (vm.consoles) {
    const ports = vm.consoles.ports.map((p) => {
      const path = p.path ?? (vmDir ? consolePortSocket(vmDir, p.name) : undefined);
      return { name: p.name, ...(path ? { path } : {}) };
    });
    out.consoles = [{ slot: vm.consoles.pci.slot, function: vm.consoles.pci.function, ports }];
  }
  if (vm.shares?.length)
    out.shares = vm.shares.map((s) => ({ tag: s.name, path: s.path, readOnly: s.readOnly, slot: s.pci.slot, function: s.pci.function }));
  return out;
}

/** The NVMe disks of a resolved VM: one controller with one namespace each (bhyve -s N,nvme,path,options). */
export function nvmeDevicesOf(vm: ResolvedVm): NativeNvmeConfig[] {
  return vm.disks
    .filter((d) => d.device === 'nvme')
    .map((d) => {
      const x = d.extra;
      return {
        path: d.path,
        slot: d.pci.slot,
        function: d.pci.function,
        readOnly: d.readOnly,
        nocache: d.nocache,
        direct: d.direct,
        nodelete: d.nodelete,
        sectorSize: d.logicalSectorSize,
        ...(d.serial !== undefined ? { serial: d.serial } : {}),
        ...(typeof x.nvmeMaxQueues === 'number' ? { maxQueues: x.nvmeMaxQueues } : {}),
        ...(typeof x.nvmeQueueSize === 'number' ? { queueSize: x.nvmeQueueSize } : {}),
        ...(typeof x.nvmeIoSlots === 'number' ? { ioSlots: x.nvmeIoSlots } : {}),
        ...(x.nvmeEui64 !== undefined ? { eui64: String(x.nvmeEui64) } : {}),
        ...(x.nvmeDsm === 'auto' || x.nvmeDsm === 'enable' || x.nvmeDsm === 'disable' ? { dsm: x.nvmeDsm } : {}),
      };
    });
}

/**
 * The AHCI controllers of a resolved VM: ahci-hd/ahci-cd disks sharing one PCI function are the ports
 * of one controller (bhyve's `ahci,hd:…,cd:…`), in spec order.
 */
export function ahciControllersOf(vm: ResolvedVm): NativeAhciConfig[] {
  const controllers = new Map<string, NativeAhciConfig>();
  for (const d of vm.disks) {
    if (d.device !== 'ahci-hd' && d.device !== 'ahci-cd') continue;
    const key = `${d.pci.bus}:${d.pci.slot}:${d.pci.function}`;
    let c = controllers.get(key);
    if (!c) controllers.set(key, (c = { slot: d.pci.slot, function: d.pci.function, ports: [] }));
    const x = d.extra;
    c.ports.push({
      kind: d.device === 'ahci-cd' ? 'cd' : 'hd',
      path: d.path,
      readOnly: d.readOnly || d.device === 'ahci-cd',
      nocache: d.nocache,
      direct: d.direct,
      nodelete: d.nodelete,
      logicalSectorSize: d.logicalSectorSize,
      physicalSectorSize: d.physicalSectorSize,
      ...(d.serial !== undefined ? { serial: d.serial } : {}),
      ...(x.ahciModel !== undefined ? { model: String(x.ahciModel) } : {}),
      ...(x.ahciRevision !== undefined ? { revision: String(x.ahciRevision) } : {}),
      ...(x.ahciRotation !== undefined ? { rotationRate: Number(x.ahciRotation) } : {}),
    });
  }
  return [...controllers.values()];
}

/** The seed as a read-only virtio-blk disk at the cloudInit placement (cloud-init probes block devices for `cidata`). */
function cloudInitSeedDisk(ci: NonNullable<ResolvedVm['cloudInit']>, path: string): NonNullable<NativeVmConfig['disks']>[number] {
  return {
    path,
    slot: ci.pci.slot,
    function: ci.pci.function,
    readOnly: true,
    nocache: false,
    direct: false,
    nodelete: true,
    logicalSectorSize: 512,
    physicalSectorSize: 512,
    queues: 1,
  };
}

export async function vmToNativeConfig(vm: ResolvedVm, options: NativeConfigOptions = {}): Promise<NativeVmConfig> {
  // A grub-bhyve guest boots its own disk through SeaBIOS (its GRUB loads the kernel), not firmware.linux.
  const diskBios = grubRootDiskBoot(vm);
  const firmware: ResolvedVm['firmware'] = diskBios ? { type: 'bootrom', image: diskBios } : vm.firmware;
  // Never a config without a device the spec asked for: the filters below only sort devices by kind.
  assertKvmBackendCanRun(vm);
  if (firmware.type === 'bhyveload')
    throw new TshyveError(
      'TSHYVE_UNSUPPORTED',
      `${vm.meta.name}: spec.firmware.bhyveload: bhyveload boots FreeBSD guests on the bhyve target only (tshyve compile --target bhyve)`,
    );
  await checkKvm(options.kvmPath);
  checkMemory(vm.memoryBytes, options.hostMemoryBytes);
  const base: NativeVmConfig = {
    memoryBytes: vm.memoryBytes,
    vcpus: vm.cpus.count,
    sockets: vm.cpus.sockets,
    cores: vm.cpus.cores,
    threads: vm.cpus.threads,
    boot: firmware.type,
    comPorts: vm.serial.map((s) => comPortNumber(s.port)),
    acpi: vm.flags.acpi,
    hpet: vm.flags.hpet,
    rtcUtc: vm.flags.rtcUtc,
    debugExit: vm.testDevice,
    testDevices: vm.testDevice,
    seccomp: seccompWanted(),
  };
  Object.assign(base, virtioDevicesOf(vm, options.vmDir));
  // The VM's own records live in <state>/vms/<name>: its disks and boot files may not point there.
  const stateDir = options.vmDir ? dirname(dirname(options.vmDir)) : undefined;
  base.disks = base.disks?.map((d) => ({ ...d, path: resolveForRun(d.path, d.readOnly ? 'read' : 'write', `disk ${d.path}`, stateDir) }));
  const ahci = ahciControllersOf(vm);
  if (ahci.length)
    base.ahci = ahci.map((c) => ({
      ...c,
      ports: c.ports.map((p) => ({ ...p, path: resolveForRun(p.path, p.readOnly ? 'read' : 'write', `disk ${p.path}`, stateDir) })),
    }));
  base.shares = base.shares?.map((s) => ({ ...s, path: resolveForRun(s.path, s.readOnly ? 'read' : 'write', `share ${s.tag}`, stateDir) }));
  const nvme = nvmeDevicesOf(vm).map((d) => ({
    ...d,
    path: resolveForRun(d.path, d.readOnly ? 'read' : 'write', `disk ${d.path}`, stateDir),
  }));
  if (nvme.length) base.nvme = nvme;
  const framebuffer = framebufferOf(vm, firmware.type === 'bootrom', stateDir);
  if (framebuffer) base.framebuffer = framebuffer;
  if (vm.tablet) base.tablet = { slot: vm.tablet.pci.slot, function: vm.tablet.pci.function };
  // The seed is tshyve's own file in the VM's directory, made just before (not a spec path).
  if (vm.cloudInit && options.cloudInitSeed) base.disks = [...(base.disks ?? []), cloudInitSeedDisk(vm.cloudInit, options.cloudInitSeed)];
  if (options.consoleFd !== undefined) base.consoleFd = options.consoleFd;
  if (options.debugLog) base.debugLog = options.debugLog;
  if (options.kvmPath) base.kvmPath = options.kvmPath;
  // The GDB stub (bhyve -G): loopback unless the spec binds elsewhere; waitForAttach holds the vCPUs.
  if (vm.gdb) base.gdb = { port: vm.gdb.port, address: vm.gdb.address, wait: vm.gdb.waitForAttach };
  if (firmware.type === 'linux') {
    await checkKernel(firmware.kernel);
    if (firmware.initrd) await checkFileExists(firmware.initrd, 'initrd');
    const initrd = firmware.initrd ? resolveForRun(firmware.initrd, 'read', 'initrd', stateDir) : undefined;
    return { ...base, kernel: resolveForRun(firmware.kernel, 'read', 'kernel', stateDir), initrd, cmdline: firmware.cmdline };
  }
  await checkFirmware(firmware.image);
  const config: NativeVmConfig = { ...base, rom: resolveForRun(firmware.image, 'read', 'boot ROM', stateDir) };
  // Firmware finds NIC boot code in each NIC's expansion ROM BAR (as SeaBIOS/OVMF under QEMU).
  // Only NICs that ask for network boot get iPXE's ROM (iPXE cannot get far on a PVM host anyway).
  const nicRom = vm.nics.some((n) => n.device === 'virtio-net' && n.bootRom) ? nicOptionRom() : undefined;
  const virtioWants = vm.nics.filter((n) => n.device === 'virtio-net').map((n) => n.bootRom);
  if (nicRom && config.nics?.length) config.nics = config.nics.map((n, i) => (virtioWants[i] ? { ...n, rom: nicRom } : n));
  const e1000Wants = vm.nics.filter((n) => n.device === 'e1000').map((n) => n.bootRom);
  const e1000Rom = e1000Wants.some(Boolean) ? nicOptionRom(E1000_OPTION_ROMS) : undefined;
  if (e1000Rom && config.e1000?.length) config.e1000 = config.e1000.map((n, i) => (e1000Wants[i] ? { ...n, rom: e1000Rom } : n));
  if (firmware.varsTemplate && options.varsPath) config.vars = resolveForRun(options.varsPath, 'write', 'firmware vars');
  return config;
}
