// Starts one boot of a resolved VM on the in-process native hypervisor, with its files in the
// state directory (firmware debug log, per-VM UEFI variables copy).
import { copyFileSync, existsSync } from 'node:fs';
import type { ResolvedVm } from '../model/resolved.js';
import type { NativeVmConfig } from '../runtime/native.js';
import { Vm } from '../runtime/vm.js';
import type { Machine } from './vm-runner.js';
import type { VmFiles } from './vm-files.js';

export function nativeConfigForVm(vm: ResolvedVm, files: VmFiles): NativeVmConfig {
  const fw = vm.firmware;
  const config: NativeVmConfig = {
    memoryBytes: vm.memoryBytes,
    vcpus: vm.cpus.count,
    sockets: vm.cpus.sockets,
    cores: vm.cpus.cores,
    threads: vm.cpus.threads,
    boot: fw.type,
    comPorts: vm.serial.map((s) => Number(s.port.slice(3))),
    debugLog: files.firmwareLog,
    acpi: vm.flags.acpi,
    rtcUtc: vm.flags.rtcUtc,
    debugExit: vm.testDevice,
  };
  if (fw.type === 'linux') {
    config.kernel = fw.kernel;
    if (fw.initrd) config.initrd = fw.initrd;
    config.cmdline = fw.cmdline;
  } else {
    config.rom = fw.image;
    if (fw.varsTemplate) {
      if (!existsSync(files.firmwareVars)) copyFileSync(fw.varsTemplate, files.firmwareVars);
      config.vars = files.firmwareVars;
    }
  }
  return config;
}

export function startMachine(vm: ResolvedVm, files: VmFiles, onConsole: (data: Buffer) => void): Machine {
  return Vm.start(nativeConfigForVm(vm, files), { onConsole });
}
