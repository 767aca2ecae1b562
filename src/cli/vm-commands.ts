// Operating VMs: `ps`, `console`, `logs`, `start`, `stop`, `restart` (the VM process body,
// `vm-run`, is in vm-run-command.ts).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { TshyveError } from '../errors.js';
import { resolveStateDir } from '../state/paths.js';
import { formatSize } from '../spec/units.js';
import { displayPhase, observeVms } from '../supervise/observe-vms.js';
import { readFrozenSpec } from '../supervise/frozen-spec.js';
import { isVmProcess, startVmProcess, stopVmProcess } from '../supervise/process-control.js';
import { vmFiles } from '../supervise/vm-files.js';
import { readVmStatus, writeVmStatus } from '../supervise/vm-status.js';
import { attachConsole } from './console-attach.js';
import { printJson, type Output } from './output.js';
import { serialPortTarget } from './serial-port-option.js';
import { checkNetns } from './common-flags.js';
import { loadOneVm } from './spec-commands.js';

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
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...common, follow: { type: 'boolean', short: 'f', default: false }, vmm: { type: 'boolean', default: false }, firmware: { type: 'boolean', default: false }, port: { type: 'string' }, raw: { type: 'boolean', default: false } } });
  const name = oneName(positionals, 'tshyve logs NAME [-f] [--port com1..com4 | --vmm | --firmware] [--raw] [--state-dir DIR]');
  // Guest output cannot drive the terminal (title, clipboard, cursor) unless --raw asks for the bytes.
  const text = values.raw ? undefined : new (await import('./terminal-text.js')).TerminalTextFilter();
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
      for await (const chunk of stream) process.stdout.write(text ? text.push(chunk as Buffer) : (chunk as Buffer));
      offset = size;
    }
    return true;
  };
  if (!(await dump()) && !values.follow) {
    output.err(`tshyve logs: ${name} has no ${values.vmm ? 'VMM' : values.firmware ? 'firmware' : `${serial!.port} console`} log yet (${path})`);
    return 1;
  }
  if (!values.follow) { if (text) process.stdout.write(text.end()); return 0; }
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    await dump();
  }
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
  const vm = await loadOneVm(name, values.dir!, output);
  let status;
  try {
    status = await startVmProcess(vm, { stateDir, ...(values.netns ? { netns: checkNetns(values.netns) } : {}) });
  } catch (error) {
    output.err(`${name} did not start: ${(error as Error).message}; see \`tshyve logs ${name} --vmm\``);
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
  const timeout = (await readFrozenSpec(files))?.stopTimeoutMs ?? 60_000;
  const result = await stopVmProcess(status.pid ?? 0, name, timeout);
  if (result === 'killed') {
    const { pid: _gone, ...rest } = status;
    await writeVmStatus(files.status, { ...rest, phase: 'stopped', lastExit: { status: 4, reason: 'killed', at: new Date().toISOString() } });
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
