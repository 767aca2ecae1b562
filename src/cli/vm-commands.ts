// Operating VMs: `ps`, `console`, `logs`, `start`, `stop`, `restart`, and the hidden `vm-run`
// that is the body of each VM process.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { TshyveError } from '../errors.js';
import type { ResolvedVm } from '../model/resolved.js';
import { resolveStateDir } from '../state/paths.js';
import { formatSize } from '../spec/units.js';
import { displayPhase, observeVms } from '../supervise/observe-vms.js';
import { isVmProcess, spawnVmProcess, stopVmProcess, waitForVmStarted } from '../supervise/process-control.js';
import { vmFiles } from '../supervise/vm-files.js';
import { readVmStatus, writeVmStatus } from '../supervise/vm-status.js';
import { attachConsole } from './console-attach.js';
import { printJson, type Output } from './output.js';
import { serialPortTarget } from './serial-port-option.js';
import { loadForCli } from './spec-commands.js';

const common = { 'state-dir': { type: 'string' }, json: { type: 'boolean', default: false } } as const;

function oneName(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new TshyveError('TSHYVE_USAGE', `usage: ${usage}`);
  return positionals[0]!;
}

export function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600)}h`;
}

export async function psCommand(args: string[], output: Output): Promise<number> {
  const { values } = parseArgs({ args, options: common });
  const vms = await observeVms(resolveStateDir(values['state-dir']));
  const rows = vms.map((vm) => {
    const s = vm.status;
    const running = vm.alive && s.phase === 'running' && s.startedAt;
    return {
      name: vm.name, state: displayPhase(vm), pid: vm.alive ? s.pid ?? null : null,
      uptimeSeconds: running ? Math.floor((Date.now() - Date.parse(s.startedAt!)) / 1000) : null,
      vcpus: s.vcpus, memoryBytes: s.memoryBytes, restarts: s.restarts, lastExit: s.lastExit ?? null, message: s.message ?? null,
    };
  });
  if (values.json) {
    printJson(output, rows);
    return 0;
  }
  const table = [['NAME', 'STATE', 'PID', 'UPTIME', 'VCPU', 'MEMORY', 'RESTARTS', 'LAST EXIT']];
  for (const r of rows) {
    table.push([r.name, r.state, r.pid ? String(r.pid) : '-', r.uptimeSeconds !== null ? formatUptime(r.uptimeSeconds * 1000) : '-', String(r.vcpus), formatSize(r.memoryBytes), String(r.restarts), r.lastExit ? `${r.lastExit.reason} (${r.lastExit.status})` : '-']);
  }
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  for (const row of table) output.out(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  for (const r of rows) if (r.message) output.err(`${r.name}: ${r.message}`);
  return 0;
}

export async function consoleCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...common, port: { type: 'string' } } });
  const name = oneName(positionals, 'tshyve console NAME [--port com1..com4] [--state-dir DIR]');
  const target = await serialPortTarget(vmFiles(resolveStateDir(values['state-dir']), name), name, values.port);
  await attachConsole(target.socket, target.port === 'com1' ? name : `${name} ${target.port}`);
  return 0;
}

export async function logsCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...common, follow: { type: 'boolean', short: 'f', default: false }, vmm: { type: 'boolean', default: false }, firmware: { type: 'boolean', default: false }, port: { type: 'string' } } });
  const name = oneName(positionals, 'tshyve logs NAME [-f] [--port com1..com4 | --vmm | --firmware] [--state-dir DIR]');
  const files = vmFiles(resolveStateDir(values['state-dir']), name);
  const serial = values.vmm || values.firmware ? undefined : await serialPortTarget(files, name, values.port);
  const path = values.vmm ? files.vmmLog : values.firmware ? files.firmwareLog : serial!.log;
  let offset = 0;
  const dump = async () => {
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      return false;
    }
    if (size < offset) offset = 0; // truncated or replaced
    if (size > offset) {
      const stream = createReadStream(path, { start: offset, end: size - 1 });
      for await (const chunk of stream) process.stdout.write(chunk as Buffer);
      offset = size;
    }
    return true;
  };
  if (!(await dump()) && !values.follow) {
    output.err(`tshyve logs: ${name} has no ${values.vmm ? 'VMM' : values.firmware ? 'firmware' : `${serial!.port} console`} log yet (${path})`);
    return 1;
  }
  if (!values.follow) return 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    await dump();
  }
}

async function findVm(dir: string, name: string): Promise<ResolvedVm> {
  const result = await loadForCli(dir);
  if (!result.ok) throw new TshyveError('TSHYVE_SPEC_INVALID', `the manifests in ${dir} have errors; run \`tshyve validate ${dir}\``);
  const vm = result.state.vms.find((v) => v.meta.name === name);
  if (!vm) throw new TshyveError('TSHYVE_NOT_FOUND', `no VirtualMachine named ${name} in ${dir}`);
  return vm;
}

const vmOptions = { ...common, dir: { type: 'string', default: 'vms' }, netns: { type: 'string' } } as const;

export async function startCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: vmOptions });
  const name = oneName(positionals, 'tshyve start NAME [--dir vms/] [--state-dir DIR]');
  const stateDir = resolveStateDir(values['state-dir']);
  const files = vmFiles(stateDir, name);
  const current = await readVmStatus(files.status);
  if (current && isVmProcess(current.pid, name)) {
    output.out(`${name} is already running (pid ${current.pid})`);
    return 0;
  }
  const vm = await findVm(values.dir!, name);
  await spawnVmProcess(vm, { stateDir, ...(values.netns ? { netns: values.netns } : {}) });
  const status = await waitForVmStarted(stateDir, name);
  if (!status || status.phase === 'failed' || status.phase === 'starting') {
    output.err(`${name} did not start: ${status?.message ?? 'no status'}; see \`tshyve logs ${name} --vmm\``);
    return 1;
  }
  output.out(`${name} started (pid ${status.pid})`);
  return 0;
}

export async function stopCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: common });
  const name = oneName(positionals, 'tshyve stop NAME [--state-dir DIR]');
  const files = vmFiles(resolveStateDir(values['state-dir']), name);
  const status = await readVmStatus(files.status);
  if (!status) throw new TshyveError('TSHYVE_NOT_FOUND', `no VM named ${name} has run from this state directory`);
  const timeout = await stopTimeoutOf(files.spec);
  const result = await stopVmProcess(status.pid ?? 0, name, timeout);
  if (result === 'killed') {
    await writeVmStatus(files.status, { ...status, phase: 'stopped', pid: undefined as never, lastExit: { status: 4, reason: 'killed', at: new Date().toISOString() } });
  }
  output.out(result === 'not-running' ? `${name} is not running` : `${name} ${result}`);
  return 0;
}

export async function restartCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: vmOptions });
  const name = oneName(positionals, 'tshyve restart NAME [--dir vms/] [--state-dir DIR]');
  const stateArgs = values['state-dir'] ? ['--state-dir', values['state-dir']] : [];
  await stopCommand([name, ...stateArgs], output);
  return startCommand([name, '--dir', values.dir!, ...stateArgs, ...(values.netns ? ['--netns', values.netns] : [])], output);
}

async function stopTimeoutOf(specPath: string): Promise<number> {
  try {
    return (JSON.parse(await readFile(specPath, 'utf8')) as ResolvedVm).stopTimeoutMs;
  } catch {
    return 60_000;
  }
}

/** The body of one VM process: `tshyve vm-run NAME --state-dir DIR` (started by start/apply/watch). */
export async function vmRunCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: common });
  const name = oneName(positionals, 'tshyve vm-run NAME [--state-dir DIR]');
  const files = vmFiles(resolveStateDir(values['state-dir']), name);
  let vm: ResolvedVm;
  try {
    vm = JSON.parse(await readFile(files.spec, 'utf8')) as ResolvedVm;
  } catch (cause) {
    throw new TshyveError('TSHYVE_STATE_CORRUPT', `cannot read ${files.spec}: ${(cause as Error).message}`, { cause });
  }
  const { runVmLoop } = await import('../supervise/vm-runner.js');
  const { startMachine } = await import('../supervise/machine.js');
  const status = await runVmLoop({ vm, files, start: startMachine, log: (line) => output.out(`${new Date().toISOString()} ${name}: ${line}`) });
  return status;
}
