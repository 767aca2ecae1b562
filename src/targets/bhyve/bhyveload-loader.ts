// The loader step for FreeBSD guests, as the handbook's two-step boot and vmrun.sh run it before
// bhyve: bhyveload(8) [-c cons-dev] -m mem-size -d disk-path [-e name=value]… [-l os-loader]
// [-h host-path] [-S] vmname. The FreeBSD loader reads the boot disk, loads the kernel, and exits.
import type { ResolvedVm } from '../../model/resolved.js';
import { nmdmDevice } from './serial-ports.js';
import type { BhyveDiagnostic, LoaderStep } from './types.js';

/** The loader's console when the manifest names none: com1's tty or null modem, else bhyveload's terminal. */
export function defaultLoaderConsole(vm: Pick<ResolvedVm, 'serial'>, name: string): string | undefined {
  const com1 = vm.serial.find((s) => s.port === 'com1');
  if (com1?.mode === 'tty') return com1.path;
  if (com1?.mode === 'socket') return nmdmDevice(name, 'com1');
  return undefined;
}

export function buildBhyveloadStep(vm: ResolvedVm, memory: string, report: (d: BhyveDiagnostic) => void): LoaderStep | undefined {
  const fw = vm.firmware;
  if (fw.type !== 'bhyveload') return undefined;
  const argv = ['bhyveload'];
  const console = fw.consoleDevice ?? defaultLoaderConsole(vm, vm.meta.name);
  if (console) argv.push('-c', console);
  argv.push('-m', memory);
  const disk = vm.disks[fw.bootDisk];
  if (disk) argv.push('-d', disk.path);
  else
    report({
      severity: 'error',
      code: 'bhyve.boot-disk',
      path: `VirtualMachine/${vm.meta.name} spec.firmware.bhyveload.bootDisk`,
      message: `bhyveload boots from disks[${fw.bootDisk}], which the VM does not have`,
    });
  for (const [key, value] of Object.entries(fw.loaderEnv)) argv.push('-e', `${key}=${value}`);
  if (fw.osLoader) argv.push('-l', fw.osLoader);
  if (fw.hostBase) argv.push('-h', fw.hostBase);
  if (vm.wiredMemory) argv.push('-S');
  argv.push(vm.meta.name);
  return { argv, files: [] };
}
