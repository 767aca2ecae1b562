// Starts one boot of a resolved VM on the in-process native hypervisor, with its files in the
// state directory (firmware debug log, per-VM copy of a UEFI variables template, cloud-init seed).
import { copyFile, access } from 'node:fs/promises';
import { TshyveError } from '../errors.js';
import type { ResolvedVm } from '../model/resolved.js';
import { kvmBackendUnsupported } from '../runtime/kvm-support.js';
import { vmToNativeConfig } from '../runtime/native-config.js';
import { Vm } from '../runtime/vm.js';
import type { NativeVmConfig } from '../runtime/native.js';
import type { Machine } from './vm-runner.js';
import type { VmFiles } from '../state/vm-files.js';
import { ensureStateDir } from '../state/atomic-write.js';

/**
 * The VM's own writable copy of its firmware variables template (bhyve `bootrom,romfile,varfile`),
 * made once: the guest's UEFI variables persist across boots and across `run`/`start` from then on.
 */
export async function prepareFirmwareVars(vm: ResolvedVm, files: VmFiles): Promise<string | undefined> {
  if (vm.firmware.type !== 'bootrom' || !vm.firmware.varsTemplate) return undefined;
  const template = vm.firmware.varsTemplate;
  await ensureStateDir(files.dir);
  await access(files.firmwareVars).catch(() => copyFile(template, files.firmwareVars));
  return files.firmwareVars;
}

/** The VM's cloud-init seed, (re)built when its content changed; undefined without `cloudInit`. */
export async function prepareCloudInitSeed(vm: ResolvedVm, files: VmFiles): Promise<string | undefined> {
  if (!vm.cloudInit) return undefined;
  await ensureStateDir(files.dir);
  // Loaded only here: the seed's YAML library is most of what a VM process would load otherwise.
  const { ensureCloudInitSeed } = await import('../runtime/cloud-init-seed.js');
  await ensureCloudInitSeed(vm, files.cloudInitSeed);
  return files.cloudInitSeed;
}

/** The native config of one boot, with its paths checked again (run-time-paths.ts). */
export async function machineConfig(vm: ResolvedVm, files: VmFiles): Promise<NativeVmConfig> {
  const unsupported = kvmBackendUnsupported(vm);
  if (unsupported.length) throw new TshyveError('TSHYVE_UNSUPPORTED', unsupported.map((u) => `${u.path}: ${u.message}`).join('; '));
  const varsPath = await prepareFirmwareVars(vm, files);
  const cloudInitSeed = await prepareCloudInitSeed(vm, files);
  return vmToNativeConfig(vm, {
    debugLog: files.firmwareLog,
    vmDir: files.dir,
    ...(varsPath ? { varsPath } : {}),
    ...(cloudInitSeed ? { cloudInitSeed } : {}),
  });
}

export async function startMachine(vm: ResolvedVm, files: VmFiles, onConsole: (data: Buffer, port: number) => void): Promise<Machine> {
  return Vm.start(await machineConfig(vm, files), { onConsole });
}
