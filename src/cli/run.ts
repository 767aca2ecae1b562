// `tshyve run FILE|NAME [--dir vms/]`: one VM in the foreground with com1 (or the port in mode stdio)
// on the terminal, like `bhyve -l com1,stdio`; the process exit code is the bhyve(8) status of the VM.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TshyveError } from '../errors.js';
import type { ResolvedVm } from '../model/resolved.js';
import { formatDiagnostic, hasErrors } from '../spec/diagnostics.js';
import { loadSpecs } from '../spec/load.js';
import { openForegroundSerial } from '../runtime/foreground-serial.js';
import { runVmInForeground } from '../runtime/run-vm.js';
import { vmToNativeConfig } from '../runtime/spec-to-native.js';
import { describeExitStatus } from '../runtime/vm.js';
import { resolveStateDir, statePaths } from '../state/paths.js';

const USAGE = 'usage: tshyve run FILE|NAME [--dir DIR] [--state-dir DIR] [--debug-log FILE]';

/** The VM's own writable copy of its firmware vars template (bhyve bootrom,rom,varsfile), made once. */
function prepareVars(vm: ResolvedVm, stateDir: string): string | undefined {
  if (vm.firmware.type !== 'bootrom' || !vm.firmware.varsTemplate) return undefined;
  const dir = join(statePaths(stateDir).vmsDir, vm.meta.name);
  const vars = join(dir, 'bootvars.fd');
  if (!existsSync(vars)) {
    mkdirSync(dir, { recursive: true });
    copyFileSync(vm.firmware.varsTemplate, vars);
  }
  return vars;
}

async function findVm(target: string, dir: string): Promise<ResolvedVm> {
  const isFile = existsSync(target) && statSync(target).isFile();
  const result = await loadSpecs(isFile ? target : dir);
  for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (hasErrors(result.diagnostics)) throw new TshyveError('TSHYVE_SPEC_INVALID', `${isFile ? target : dir} has errors; nothing was started`);
  const vms = result.state.vms;
  const vm = isFile ? (vms.length === 1 ? vms[0] : vms.find((v) => v.meta.name === target)) : vms.find((v) => v.meta.name === target);
  if (!vm) {
    const names = vms.map((v) => v.meta.name).join(', ') || 'none';
    throw new TshyveError('TSHYVE_NOT_FOUND', isFile ? `${target} must define exactly one VirtualMachine (found: ${names})` : `no VirtualMachine named ${target} in ${dir} (found: ${names})`);
  }
  return vm;
}

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { dir: { type: 'string', default: 'vms' }, 'state-dir': { type: 'string' }, 'debug-log': { type: 'string' } },
  });
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new TshyveError('TSHYVE_USAGE', USAGE);
  const vm = await findVm(target, values.dir!);
  const stateDir = resolveStateDir(values['state-dir']);
  const varsPath = prepareVars(vm, stateDir);
  const vmDir = join(statePaths(stateDir).vmsDir, vm.meta.name);
  if (vm.consoles?.ports.some((p) => !p.path)) mkdirSync(vmDir, { recursive: true, mode: 0o700 });
  const config = await vmToNativeConfig(vm, {
    vmDir,
    ...(values['debug-log'] ? { debugLog: values['debug-log'] } : {}),
    ...(varsPath ? { varsPath } : {}),
  });
  const serial = openForegroundSerial(vm.serial);
  if (serial.consoleFd !== undefined) config.consoleFd = serial.consoleFd;
  let status: number;
  try {
    status = await runVmInForeground(config, {
      stopTimeoutMs: vm.stopTimeoutMs,
      interactive: process.stdin.isTTY === true && serial.terminalPort !== undefined,
      ...(serial.terminalPort !== undefined ? { terminalPort: serial.terminalPort } : {}),
      onConsole: (data, port) => serial.onConsole(data, port),
      onStarted: (machine) => serial.setInput((data, port) => machine.consoleInput(data, port)),
    });
  } finally {
    serial.close();
  }
  process.stderr.write(`\r\ntshyve: ${vm.meta.name} exited: ${describeExitStatus(status)} (${status})\n`);
  return status;
}
