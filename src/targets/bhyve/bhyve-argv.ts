// The bhyve(8) command line of one resolved VM, in tshyve's canonical order: flags (-A -C -D -e -H
// -P -S -u -W -w -x -Y), -c, -m, -U, -G, -p, every -s by PCI address, every -l, the VM name; and for
// `spec.restoreFrom` the same with `-r FILE` after -p, as bhyve(8)'s synopsis orders it.
import type { ResolvedVm } from '../../model/resolved.js';
import { buildDeviceEntries, formatDeviceArg, type DeviceEntry } from './device-entries.js';
import { formatBhyveSize } from './notation.js';
import { buildLpcEntries, type LpcResult } from './serial-ports.js';
import type { BhyveDiagnostic } from './types.js';

/** bhyve(8) flag letters in canonical order, with the resolved flag each one sets. */
export const BHYVE_FLAGS: [string, (vm: ResolvedVm) => boolean][] = [
  ['-A', (vm) => vm.flags.acpi],
  ['-C', (vm) => vm.flags.coreDumpGuestMemory],
  ['-D', (vm) => vm.flags.destroyOnPoweroff],
  ['-e', (vm) => vm.flags.exitOnUnemulatedIo],
  ['-H', (vm) => vm.flags.yieldOnHlt],
  ['-P', (vm) => vm.flags.exitOnPause],
  ['-S', (vm) => vm.wiredMemory],
  ['-u', (vm) => vm.flags.rtcUtc],
  ['-W', (vm) => vm.flags.forceMsi],
  ['-w', (vm) => vm.flags.ignoreUnimplementedMsrs],
  ['-x', (vm) => vm.flags.x2apic],
  ['-Y', (vm) => vm.flags.disableMptable],
];

export interface BhyveMachine {
  argv: string[];
  /** `spec.restoreFrom`: `argv` with `-r FILE`, for the first run only (bhyve(8) needs the same -s and -l). */
  restoreArgv?: string[];
  devices: DeviceEntry[];
  lpc: LpcResult;
  memory: string;
  cpuArg?: string;
}

/** `-c N` for N sockets (bhyve's reading of a bare count), else the full topology; nothing for one vCPU. */
export function formatCpuArg(cpus: ResolvedVm['cpus']): string | undefined {
  if (cpus.cores === 1 && cpus.threads === 1 && cpus.sockets === cpus.count) return cpus.count === 1 ? undefined : String(cpus.count);
  return `cpus=${cpus.count},sockets=${cpus.sockets},cores=${cpus.cores},threads=${cpus.threads}`;
}

export function buildBhyveMachine(
  vm: ResolvedVm,
  stateDir: string,
  varsPath: string | undefined,
  report: (d: BhyveDiagnostic) => void,
): BhyveMachine {
  const argv = ['bhyve'];
  for (const [flag, isSet] of BHYVE_FLAGS) if (isSet(vm)) argv.push(flag);
  const cpuArg = formatCpuArg(vm.cpus);
  if (cpuArg) argv.push('-c', cpuArg);
  const memory = formatBhyveSize(vm.memoryBytes, vm.memoryText);
  argv.push('-m', memory);
  if (vm.uuid) argv.push('-U', vm.uuid);
  if (vm.gdb) {
    // -G [w][bind:]port; bhyve's default bind is localhost, an IPv6 address goes in brackets.
    const a = vm.gdb.address;
    const bind = a === '127.0.0.1' ? '' : a.includes(':') ? `[${a}]:` : `${a}:`;
    argv.push('-G', `${vm.gdb.waitForAttach ? 'w' : ''}${bind}${vm.gdb.port}`);
  }
  for (const p of vm.cpuPinning) argv.push('-p', `${p.vcpu}:${p.hostCpu}`);
  const restoreAt = argv.length;
  const devices = buildDeviceEntries(vm, stateDir, report);
  for (const d of devices) argv.push('-s', formatDeviceArg(d));
  const lpc = buildLpcEntries(vm, varsPath, report);
  for (const l of lpc.entries) argv.push('-l', l.arg);
  argv.push(vm.meta.name);
  const restoreArgv = vm.restoreFrom ? [...argv.slice(0, restoreAt), '-r', vm.restoreFrom, ...argv.slice(restoreAt)] : undefined;
  return { argv, ...(restoreArgv ? { restoreArgv } : {}), devices, lpc, memory, ...(cpuArg ? { cpuArg } : {}) };
}
