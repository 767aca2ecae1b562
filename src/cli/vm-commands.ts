// Operating VMs: `ps`, `console`, `logs`, `start`, `stop`, `restart`. start/stop/restart act on the
// VM as last applied to the state directory (its frozen spec), from any working directory; the VM
// process body, `vm-run`, is in vm-run-command.ts.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { TshyveError } from '../errors.js';
import { resolveStateDir } from '../state/paths.js';
import { formatSize } from '../spec/units.js';
import { displayPhase, observeVms, type ObservedVm } from '../supervise/observe-vms.js';
import { readFrozenSpec } from '../supervise/frozen-spec.js';
import { isVmProcess, startVmProcess, stopVmProcess } from '../supervise/process-control.js';
import { vmFiles, type VmFiles } from '../supervise/vm-files.js';
import { releaseHold, writeHold } from '../supervise/vm-hold.js';
import { readVmStatus, writeVmStatus, type VmStatusRecord } from '../supervise/vm-status.js';
import { startProblems } from '../supervise/start-check.js';
import { readPlacementRecord } from '../state/placement-record.js';
import { attachConsole } from './console-attach.js';
import { printJson, type Output } from './output.js';
import { serialPortTarget } from './serial-port-option.js';
import { checkNetns } from './common-flags.js';

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

/** One `ps` row: a VM with records in the state directory, or a declared VM placed on another host. */
interface PsRow {
  name: string;
  state: string;
  pid: number | null;
  uptimeSeconds: number | null;
  vcpus: number | null;
  memoryBytes: number | null;
  restarts: number | null;
  lastExit: { status: number; reason: string; at: string } | null;
  held: { at: string; by: string } | null;
  message: string | null;
}

function psRow(vm: ObservedVm): PsRow {
  const s = vm.status;
  const running = vm.alive && s.phase === 'running' && s.startedAt;
  const held = !vm.alive && vm.hold ? vm.hold : undefined;
  return {
    name: vm.name, state: held ? 'held' : displayPhase(vm), pid: vm.alive ? s.pid ?? null : null,
    uptimeSeconds: running ? Math.floor((Date.now() - Date.parse(s.startedAt!)) / 1000) : null,
    vcpus: s.vcpus, memoryBytes: s.memoryBytes, restarts: s.restarts, lastExit: s.lastExit ?? null,
    held: held ? { at: held.at, by: held.by } : null,
    message: held ? `held down by \`${held.by}\` since ${held.at}; \`tshyve start ${vm.name}\` releases it` : s.message ?? null,
  };
}

export async function psCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: common });
  if (positionals.length > 1) throw new TshyveError('TSHYVE_USAGE', 'usage: tshyve ps [NAME] [--json] [--state-dir DIR]');
  const stateDir = resolveStateDir(values['state-dir']);
  const observed = await observeVms(stateDir);
  const known = new Set(observed.map((o) => o.name));
  const unplaced = ((await readPlacementRecord(stateDir))?.unplaced ?? []).filter((u) => !known.has(u.name));
  let rows: PsRow[] = [
    ...observed.map(psRow),
    ...unplaced.map((u) => ({ name: u.name, state: 'not placed', pid: null, uptimeSeconds: null, vcpus: null, memoryBytes: null, restarts: null, lastExit: null, held: null, message: `not placed on this host: ${u.reason}` })),
  ].sort((a, b) => (a.name < b.name ? -1 : 1));
  const wanted = positionals[0];
  if (wanted !== undefined) {
    rows = rows.filter((r) => r.name === wanted);
    if (rows.length === 0) {
      if (values.json) printJson(output, { ok: false, error: { code: 'TSHYVE_NOT_FOUND', message: `no such VM: ${wanted}` } });
      else output.err(`tshyve ps: no such VM: ${wanted} (not declared in state directory ${stateDir})`);
      return 1;
    }
  }
  if (values.json) {
    printJson(output, { ok: true, stateDir, vms: rows });
    return 0;
  }
  const dash = (v: number | null, show: (n: number) => string = String) => (v === null ? '-' : show(v));
  const table = [['NAME', 'STATE', 'PID', 'UPTIME', 'VCPU', 'MEMORY', 'RESTARTS', 'LAST EXIT']];
  for (const r of rows) {
    table.push([r.name, r.state, dash(r.pid), dash(r.uptimeSeconds, (s) => formatUptime(s * 1000)), dash(r.vcpus), dash(r.memoryBytes, formatSize), dash(r.restarts), r.lastExit ? `${r.lastExit.reason} (${r.lastExit.status})` : '-']);
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

const vmOptions = { ...common, netns: { type: 'string' } } as const;

/** The VM as it was last applied to this state directory (its frozen spec), or a clear error. */
async function appliedVm(stateDir: string, name: string) {
  const files = vmFiles(stateDir, name);
  const vm = await readFrozenSpec(files);
  if (!vm) throw new TshyveError('TSHYVE_NOT_FOUND', `no VM named ${name} has been applied with state directory ${stateDir} (\`tshyve apply DIR\` declares it; --state-dir picks another)`);
  return { files, vm, status: await readVmStatus(files.status) };
}

function netnsFor(flag: string | undefined, recorded: string | undefined): { netns?: string } {
  const netns = flag !== undefined ? checkNetns(flag) : recorded;
  return netns ? { netns } : {};
}

export async function startCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: vmOptions });
  const name = oneName(positionals, 'tshyve start NAME [--state-dir DIR] [--netns NAME]');
  const stateDir = resolveStateDir(values['state-dir']);
  const { files, vm, status: current } = await appliedVm(stateDir, name);
  const released = await releaseHold(files);
  if (current && isVmProcess(current.pid, name)) {
    output.out(`${name} is already running (pid ${current.pid})`);
    return 0;
  }
  let status;
  try {
    status = await startVmProcess(vm, { stateDir, ...netnsFor(values.netns, current?.netns) });
  } catch (error) {
    output.err(`${name} did not start: ${(error as Error).message}; see \`tshyve logs ${name} --vmm\``);
    return 1;
  }
  output.out(`${name} started (pid ${status.pid})${released ? '; the hold of `tshyve stop` is released' : ''}`);
  return 0;
}

/** Stops the VM process, reporting the wait for the guest on stderr; records a forced end. */
async function stopApplied(name: string, files: VmFiles, status: VmStatusRecord | undefined, timeoutMs: number, output: Output) {
  const result = await stopVmProcess(status?.pid ?? 0, name, timeoutMs, undefined, (waited) => output.err(`waiting for ${name} to power off… ${Math.round(waited / 1000)} s of ${Math.round(timeoutMs / 1000)} s`));
  if (result === 'killed' && status) {
    const { pid: _gone, ...rest } = status;
    await writeVmStatus(files.status, { ...rest, phase: 'stopped', lastExit: { status: 4, reason: 'killed', at: new Date().toISOString() } });
  }
  return result;
}

export async function stopCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: vmOptions });
  const name = oneName(positionals, 'tshyve stop NAME [--state-dir DIR]');
  const { files, vm, status } = await appliedVm(resolveStateDir(values['state-dir']), name);
  // Held first: the agent must not bring the guest back while it powers off.
  await writeHold(files, vm);
  const result = await stopApplied(name, files, status, vm.stopTimeoutMs, output);
  output.out(`${result === 'not-running' ? `${name} is not running` : `${name} ${result}`}; held down until \`tshyve start ${name}\`, a spec change or \`apply --restart-stopped\``);
  return 0;
}

export async function restartCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: vmOptions });
  const name = oneName(positionals, 'tshyve restart NAME [--state-dir DIR] [--netns NAME]');
  const stateDir = resolveStateDir(values['state-dir']);
  const { files, vm, status } = await appliedVm(stateDir, name);
  const problems = await startProblems(vm);
  if (problems.length) {
    for (const p of problems) output.err(`tshyve restart: ${name}: ${p}`);
    output.err(`tshyve restart: ${name} cannot start, so it was not stopped`);
    return 1;
  }
  const netns = netnsFor(values.netns, status?.netns);
  await releaseHold(files);
  const result = await stopApplied(name, files, status, vm.stopTimeoutMs, output);
  if (result !== 'not-running') output.out(`${name} ${result}`);
  try {
    const started = await startVmProcess(vm, { stateDir, ...netns, restart: true });
    output.out(`${name} started (pid ${started.pid})`);
    return 0;
  } catch (error) {
    output.err(`${name} did not start: ${(error as Error).message}; see \`tshyve logs ${name} --vmm\``);
    return 1;
  }
}
