// Maps a resolved VirtualMachine (src/model/resolved.ts) to the native VmConfig, after the
// preflight checks; the native side trusts this shape.
import type { ResolvedVm } from '../model/resolved.js';
import type { NativeVmConfig } from './native.js';
import { checkFileExists, checkFirmware, checkKernel, checkKvm, checkMemory } from './preflight.js';

export interface NativeConfigOptions {
  /** com1 output fd (e.g. 1 for the terminal); undefined: batches to JS. */
  consoleFd?: number;
  /** Writable per-VM copy of the firmware vars template, if the firmware has one. */
  varsPath?: string;
  debugLog?: string;
  kvmPath?: string;
  hostMemoryBytes?: number;
}

/** The virtio devices of a resolved VM (other disk/NIC models are not emulated by tshyve). */
export function virtioDevicesOf(vm: ResolvedVm): Pick<NativeVmConfig, 'disks' | 'nics' | 'rng' | 'consoles'> {
  const out: Pick<NativeVmConfig, 'disks' | 'nics' | 'rng' | 'consoles'> = {
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
      })),
    nics: vm.nics
      .filter((n) => n.device === 'virtio-net')
      .map((n) => ({ tap: n.tapIfname, mac: n.mac, slot: n.pci.slot, function: n.pci.function, ...(n.mtu ? { mtu: n.mtu } : {}) })),
  };
  if (vm.rng) out.rng = { slot: vm.rng.pci.slot, function: vm.rng.pci.function };
  if (vm.consoles) out.consoles = [{ slot: vm.consoles.pci.slot, function: vm.consoles.pci.function, ports: vm.consoles.ports }];
  return out;
}

const COM_NUMBERS = { com1: 1, com2: 2, com3: 3, com4: 4 } as const;

export async function vmToNativeConfig(vm: ResolvedVm, options: NativeConfigOptions = {}): Promise<NativeVmConfig> {
  await checkKvm(options.kvmPath);
  checkMemory(vm.memoryBytes, options.hostMemoryBytes);
  const base: NativeVmConfig = {
    memoryBytes: vm.memoryBytes,
    vcpus: vm.cpus.count,
    sockets: vm.cpus.sockets,
    cores: vm.cpus.cores,
    threads: vm.cpus.threads,
    boot: vm.firmware.type,
    comPorts: vm.serial.map((s) => COM_NUMBERS[s.port]),
    acpi: vm.flags.acpi,
    rtcUtc: vm.flags.rtcUtc,
    debugExit: vm.testDevice,
    testDevices: vm.testDevice,
  };
  Object.assign(base, virtioDevicesOf(vm));
  if (options.consoleFd !== undefined) base.consoleFd = options.consoleFd;
  if (options.debugLog) base.debugLog = options.debugLog;
  if (options.kvmPath) base.kvmPath = options.kvmPath;
  if (vm.firmware.type === 'linux') {
    await checkKernel(vm.firmware.kernel);
    if (vm.firmware.initrd) await checkFileExists(vm.firmware.initrd, 'initrd');
    return { ...base, kernel: vm.firmware.kernel, initrd: vm.firmware.initrd, cmdline: vm.firmware.cmdline };
  }
  await checkFirmware(vm.firmware.image);
  const config: NativeVmConfig = { ...base, rom: vm.firmware.image };
  if (vm.firmware.varsTemplate && options.varsPath) config.vars = options.varsPath;
  return config;
}
