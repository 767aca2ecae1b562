// `tshyve run FILE|NAME [--dir vms/]`: one VM in the foreground with com1 (or the port in mode stdio)
// on the terminal, like `bhyve -l com1,stdio`; the process exit code is the bhyve(8) status of the VM,
// or 0 when the user quits with Ctrl-].
import { openForegroundSerial } from '../runtime/foreground-serial.js';
import { runVmInForeground } from '../runtime/run-vm.js';
import { vmToNativeConfig } from '../runtime/native-config.js';
import { exitReason } from '../model/exit-status.js';
import { ensureStateDir } from '../state/atomic-write.js';
import { resolveStateDir } from '../state/paths.js';
import { containVmProcess } from '../runtime/contain-process.js';
import { prepareCloudInitSeed, prepareFirmwareVars } from '../supervise/machine.js';
import { vmFiles } from '../state/vm-files.js';
import { consoleOutput } from './output.js';
import { expectPositionals, parseVerbArgs } from './parse-verb.js';
import { loadOneVm } from './spec-commands.js';
import { assertKvmBackendCanRun } from '../runtime/kvm-support.js';

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs('run', args);
  expectPositionals('run', positionals, 1);
  const target = positionals[0]!;
  const vm = await loadOneVm(target, values.dir!, consoleOutput);
  // The same backend checks as plan/apply, before any file is made or anything starts.
  assertKvmBackendCanRun(vm);
  const files = vmFiles(resolveStateDir(values['state-dir']), vm.meta.name);
  const varsPath = await prepareFirmwareVars(vm, files);
  const cloudInitSeed = await prepareCloudInitSeed(vm, files);
  if (vm.consoles?.ports.some((p) => !p.path)) await ensureStateDir(files.dir);
  const config = await vmToNativeConfig(vm, {
    vmDir: files.dir,
    ...(values['debug-log'] ? { debugLog: values['debug-log'] } : {}),
    ...(varsPath ? { varsPath } : {}),
    ...(cloudInitSeed ? { cloudInitSeed } : {}),
  });
  const serial = openForegroundSerial(vm.serial);
  if (serial.consoleFd !== undefined) config.consoleFd = serial.consoleFd;
  for (const note of containVmProcess({ coreDumps: vm.flags.coreDumpGuestMemory })) process.stderr.write(`tshyve: ${note}\n`);
  let result: Awaited<ReturnType<typeof runVmInForeground>>;
  try {
    result = await runVmInForeground(config, {
      stopTimeoutMs: vm.stopTimeoutMs,
      interactive: process.stdin.isTTY === true && serial.terminalPort !== undefined,
      ...(serial.terminalPort !== undefined ? { terminalPort: serial.terminalPort } : {}),
      onConsole: (data, port) => serial.onConsole(data, port),
      onStarted: (machine) => serial.setInput((data, port) => machine.consoleInput(data, port)),
    });
  } finally {
    serial.close();
  }
  process.stderr.write(`\r\n${describeForegroundEnd(vm.meta.name, result)}\n`);
  // Quitting is what the user asked for: success, not the forced stop's status 4 (error).
  return result.quitByUser ? 0 : result.status;
}

/** The last line of `tshyve run`: how the VM ended. */
export function describeForegroundEnd(name: string, result: { status: number; quitByUser: boolean }): string {
  return result.quitByUser
    ? `tshyve: ${name} detached (VM stopped by you)`
    : `tshyve: ${name} exited: ${exitReason(result.status)} (${result.status})`;
}
