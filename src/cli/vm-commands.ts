// Operating VMs: `ps`, `console`, `logs`, `start`, `stop`, `restart`. start/stop/restart act on the
// VM as last applied to the state directory (its frozen spec), from any working directory; the VM
// process body, `vm-run`, is in vm-run-command.ts.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TshyveError } from '../errors.js';
import { EXIT_STATUS } from '../model/exit-status.js';
import { resolveStateDir } from '../state/paths.js';
import { formatSize } from '../manifest/units.js';
import { displayPhase, observeVms, type ObservedVm } from '../supervise/observe-vms.js';
import { readFrozenSpec } from '../state/applied-vm.js';
import { formatStopWait, isVmProcess, startVmProcess, stopVmProcess } from '../supervise/process-control.js';
import { retireStandbyIfIdle } from '../supervise/standby-retire.js';
import { vmFiles, type VmFiles } from '../state/vm-files.js';
import { releaseHold, writeHold } from '../state/vm-hold.js';
import { readVmStatus, writeVmStatus, type VmStatusRecord } from '../state/vm-status.js';
import { startProblems } from '../supervise/start-check.js';
import { readPlacementRecord } from '../state/placement-record.js';
import { appliedVmAddresses, primaryAddress, type NicAddress } from '../state/guest-address.js';
import { attachConsole } from './console-attach.js';
import { printJson, type Output } from './output.js';
import { expectPositionals, parseVerbArgs } from './parse-verb.js';
import type { VerbName } from './verbs.js';
import { serialPortTarget } from './serial-port-option.js';
import { checkNetns } from './common-flags.js';

function oneName(verb: VerbName, positionals: string[]): string {
  expectPositionals(verb, positionals, 1);
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
  /** The first NIC's address (DHCP lease, else static); every NIC's in `addresses`. */
  address: string | null;
  addresses: NicAddress[];
}

/** A suspended VM's `ps` message: where its snapshot is and what brings it back. */
function suspendedMessage(vm: ObservedVm): string {
  const s = vm.suspended!;
  const next = vm.restorePending ? 'it resumes at the next start' : `\`tshyve restore ${vm.name}\` resumes it`;
  return `suspended by ${s.by === 'host shutdown' ? 'the agent at host shutdown' : `\`${s.by} --stop\``} at ${s.at}: snapshot in ${s.snapshot}; ${next}`;
}

function psRow(vm: ObservedVm, addresses: NicAddress[]): PsRow {
  const s = vm.status;
  const running = vm.alive && s.phase === 'running' && s.startedAt;
  const phase = displayPhase(vm);
  // A suspend holds the VM down too, but what matters is that it can resume.
  const held = !vm.alive && vm.hold && phase !== 'suspended' ? vm.hold : undefined;
  return {
    name: vm.name,
    state: held ? 'held' : phase,
    pid: vm.alive ? (s.pid ?? null) : null,
    uptimeSeconds: running ? Math.floor((Date.now() - Date.parse(s.startedAt!)) / 1000) : null,
    vcpus: s.vcpus,
    memoryBytes: s.memoryBytes,
    restarts: s.restarts,
    lastExit: s.lastExit ?? null,
    held: held ? { at: held.at, by: held.by } : null,
    message: held
      ? `held down by \`${held.by}\` since ${held.at}; \`tshyve start ${vm.name}\` releases it`
      : phase === 'suspended'
        ? suspendedMessage(vm)
        : (s.message ?? null),
    address: primaryAddress(addresses),
    addresses,
  };
}

export async function psCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('ps', args);
  expectPositionals('ps', positionals, 0, 1);
  const stateDir = resolveStateDir(values['state-dir']);
  const observed = await observeVms(stateDir);
  const known = new Set(observed.map((o) => o.name));
  const unplaced = ((await readPlacementRecord(stateDir))?.unplaced ?? []).filter((u) => !known.has(u.name));
  let rows: PsRow[] = [
    ...(await Promise.all(observed.map(async (o) => psRow(o, await appliedVmAddresses(stateDir, o.name))))),
    ...unplaced.map((u) => ({
      name: u.name,
      state: 'not placed',
      pid: null,
      uptimeSeconds: null,
      vcpus: null,
      memoryBytes: null,
      restarts: null,
      lastExit: null,
      held: null,
      message: `not placed on this host: ${u.reason}`,
      address: null,
      addresses: [],
    })),
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
  const table = [['NAME', 'STATE', 'PID', 'ADDRESS', 'UPTIME', 'VCPU', 'MEMORY', 'RESTARTS', 'LAST EXIT']];
  for (const r of rows) {
    table.push([
      r.name,
      r.state,
      dash(r.pid),
      r.address ?? '-',
      dash(r.uptimeSeconds, (s) => formatUptime(s * 1000)),
      dash(r.vcpus),
      dash(r.memoryBytes, formatSize),
      dash(r.restarts),
      r.lastExit ? `${r.lastExit.reason} (${r.lastExit.status})` : '-',
    ]);
  }
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  for (const row of table)
    output.out(
      row
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    );
  for (const r of rows) if (r.message) output.err(`${r.name}: ${r.message}`);
  return 0;
}

export async function consoleCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs('console', args);
  const name = oneName('console', positionals);
  const target = await serialPortTarget(vmFiles(resolveStateDir(values['state-dir']), name), name, values.port);
  await attachConsole(target.socket, target.port === 'com1' ? name : `${name} ${target.port}`);
  return 0;
}

export async function logsCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('logs', args);
  const name = oneName('logs', positionals);
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
    output.err(
      `tshyve logs: ${name} has no ${values.vmm ? 'VMM' : values.firmware ? 'firmware' : `${serial!.port} console`} log yet (${path})`,
    );
    return 1;
  }
  if (!values.follow) {
    if (text) process.stdout.write(text.end());
    return 0;
  }
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    await dump();
  }
}

/** The VM as it was last applied to this state directory (its frozen spec), or a clear error. */
async function appliedVm(stateDir: string, name: string) {
  const files = vmFiles(stateDir, name);
  const vm = await readFrozenSpec(files);
  if (!vm)
    throw new TshyveError(
      'TSHYVE_NOT_FOUND',
      `no VM named ${name} has been applied with state directory ${stateDir} (\`tshyve apply DIR\` declares it; --state-dir picks another)`,
    );
  return { files, vm, status: await readVmStatus(files.status) };
}

function netnsFor(flag: string | undefined, recorded: string | undefined): { netns?: string } {
  const netns = flag !== undefined ? checkNetns(flag) : recorded;
  return netns ? { netns } : {};
}

/** start/stop/restart output: lines as text, or one `{ok, vm, …}` object with --json. */
function reporter(output: Output, json: boolean, vm: string) {
  const messages: string[] = [];
  return {
    say(line: string) {
      if (json) messages.push(line);
      else output.out(line);
    },
    fail(line: string) {
      if (json) messages.push(line);
      output.err(line);
    },
    finish(code: number, fields: Record<string, unknown> = {}): number {
      if (json) printJson(output, { ok: code === 0, vm, ...fields, messages });
      return code;
    },
  };
}

export async function startCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('start', args);
  const name = oneName('start', positionals);
  const report = reporter(output, values.json!, name);
  const stateDir = resolveStateDir(values['state-dir']);
  const { files, vm, status: current } = await appliedVm(stateDir, name);
  const released = await releaseHold(files);
  if (current && isVmProcess(current.pid, name)) {
    report.say(`${name} is already running (pid ${current.pid})`);
    return report.finish(0, { action: 'none', pid: current.pid, holdReleased: released });
  }
  let status;
  try {
    status = await startVmProcess(vm, { stateDir, ...netnsFor(values.netns, current?.netns) });
  } catch (error) {
    report.fail(`${name} did not start: ${(error as Error).message}; see \`tshyve logs ${name} --vmm\``);
    return report.finish(1, { action: 'start' });
  }
  report.say(`${name} started (pid ${status.pid})${released ? '; the hold of `tshyve stop` is released' : ''}`);
  return report.finish(0, { action: 'start', pid: status.pid, holdReleased: released });
}

/** Stops the VM process, reporting the wait for the guest on stderr; records a forced end. */
async function stopApplied(name: string, files: VmFiles, status: VmStatusRecord | undefined, timeoutMs: number, output: Output) {
  const result = await stopVmProcess(status?.pid ?? 0, name, timeoutMs, undefined, (waited) =>
    output.err(formatStopWait(name, waited, timeoutMs)),
  );
  if (result === 'killed' && status) {
    const { pid: _gone, ...rest } = status;
    await writeVmStatus(files.status, {
      ...rest,
      phase: 'stopped',
      lastExit: { status: EXIT_STATUS.error, reason: 'killed', at: new Date().toISOString() },
    });
  }
  return result;
}

export async function stopCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('stop', args);
  const name = oneName('stop', positionals);
  const report = reporter(output, values.json!, name);
  const { files, vm, status } = await appliedVm(resolveStateDir(values['state-dir']), name);
  // Held first: the agent must not bring the guest back while it powers off.
  const hold = await writeHold(files, vm);
  const result = await stopApplied(name, files, status, vm.stopTimeoutMs, output);
  await retireStandbyIfIdle(resolveStateDir(values['state-dir']));
  report.say(
    `${result === 'not-running' ? `${name} is not running` : `${name} ${result}`}; held down until \`tshyve start ${name}\`, a spec change or \`apply --restart-stopped\``,
  );
  return report.finish(0, { action: 'stop', result, hold });
}

export async function restartCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('restart', args);
  const name = oneName('restart', positionals);
  const report = reporter(output, values.json!, name);
  const stateDir = resolveStateDir(values['state-dir']);
  const { files, vm, status } = await appliedVm(stateDir, name);
  const problems = await startProblems(vm);
  if (problems.length) {
    for (const p of problems) report.fail(`tshyve restart: ${name}: ${p}`);
    report.fail(`tshyve restart: ${name} cannot start, so it was not stopped`);
    return report.finish(1, { action: 'none', problems });
  }
  const netns = netnsFor(values.netns, status?.netns);
  await releaseHold(files);
  const result = await stopApplied(name, files, status, vm.stopTimeoutMs, output);
  if (result !== 'not-running') report.say(`${name} ${result}`);
  try {
    const started = await startVmProcess(vm, { stateDir, ...netns, restart: true });
    report.say(`${name} started (pid ${started.pid})`);
    return report.finish(0, { action: 'restart', stopped: result, pid: started.pid });
  } catch (error) {
    report.fail(`${name} did not start: ${(error as Error).message}; see \`tshyve logs ${name} --vmm\``);
    return report.finish(1, { action: 'restart', stopped: result });
  }
}
