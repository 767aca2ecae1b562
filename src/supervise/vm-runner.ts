// The body of `tshyve vm-run NAME`: runs one VM in this process, as vmrun.sh runs bhyve in a loop.
// Reboots and crashes restart the guest per its restart policy (with backoff and crash-loop
// reporting); SIGTERM presses the power button and stops for good; status.json tracks it all.
import type { ResolvedVm } from '../model/resolved.js';
import { serveControl, type ControlServer } from './control-socket.js';
import { openSerialEndpoints } from './serial-endpoints.js';
import { EXIT_STATUS, exitReason } from '../model/exit-status.js';
import { GracefulStop } from '../runtime/graceful-stop.js';
import { decideRestart } from './restart-policy.js';
import type { VmFiles } from '../state/vm-files.js';
import { readVmStatus, writeVmStatus, type VmStatusRecord } from '../state/vm-status.js';

/** One boot of the guest: what the runner needs from the in-process emulator. */
export interface Machine {
  exited: Promise<number>;
  powerButton(): boolean;
  forceStop(status?: number): void;
  /** Host bytes for COM port `port` (1..4, default com1). */
  consoleInput(data: Buffer, port?: number): number;
  /** The VMM's counters (exits, device I/O) for the agent's metrics. */
  stats(): unknown;
  /** Writes a VM snapshot to `path`; with `stop` the guest then ends (status 1). */
  snapshot?(path: string, options: { stop?: boolean }): unknown;
  /** How this boot started, for the status message: `resumed from …`, `cold boot: …`. */
  startNote?: string;
  /** The guest goes on from a snapshot: its consoles keep the scrollback of the process before. */
  resumed?: boolean;
}

/** `onConsole` receives each COM port's output with its number (1..4). */
export type MachineFactory = (vm: ResolvedVm, files: VmFiles, onConsole: (data: Buffer, port: number) => void) => Promise<Machine>;

export interface RunnerOptions {
  vm: ResolvedVm;
  files: VmFiles;
  start: MachineFactory;
  log?: (line: string) => void;
}

/** Runs until the guest stays stopped or a stop is requested; resolves with the last exit status. */
export async function runVmLoop(options: RunnerOptions): Promise<number> {
  const { vm, files, start } = options;
  const log = options.log ?? ((line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`));
  let machine: Machine | undefined;
  // Every COM port on its own socket and log (`log` mode: the spec's file; `tty`: a host tty too).
  const serial = await openSerialEndpoints(vm, files, (data, port) => machine?.consoleInput(data, port), log);
  const previous = await readVmStatus(files.status);
  const record: VmStatusRecord = {
    name: vm.meta.name,
    phase: 'starting',
    pid: process.pid,
    specHash: vm.specHash,
    vcpus: vm.cpus.count,
    memoryBytes: vm.memoryBytes,
    restarts: previous?.restarts ?? 0,
    recentRestarts: previous?.recentRestarts ?? [],
    ...(previous?.lastExit ? { lastExit: previous.lastExit } : {}),
    ...(previous?.netns ? { netns: previous.netns } : {}),
    updatedAt: '',
  };
  let lastStats: unknown;
  let suspendedTo: string | undefined; // a snapshot with stop: the guest ends and stays down
  const snapshot = (path: string, stopAfter: boolean) => {
    if (!machine?.snapshot) throw new Error('the guest is not running');
    if (stopAfter) suspendedTo = path;
    try {
      return machine.snapshot(path, { stop: stopAfter });
    } catch (error) {
      if (stopAfter) suspendedTo = undefined;
      throw error;
    }
  };
  // The agent's line to this process: its close is how the agent learns at once that we died.
  const control: ControlServer | undefined = await serveControl(
    files.controlSocket,
    () => ({ type: 'hello', name: vm.meta.name, pid: process.pid }),
    () => machine?.stats() ?? lastStats,
    snapshot,
  ).catch((error: Error) => {
    log(`no control socket (the agent will notice this VM's end only on its next resync): ${error.message}`);
    return undefined;
  });
  let wakeBackoff: (() => void) | undefined;
  const stop = new GracefulStop(() => machine, vm.stopTimeoutMs);
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.request() === 'forced') {
      log(`${signal} again: stopping by force`);
      return;
    }
    log(`${signal}: pressing the ACPI power button (force after ${vm.stopTimeoutMs} ms)`);
    wakeBackoff?.();
    void update({ phase: 'stopping' });
  };
  // Status writes are chained so a signal-time update never races the final one.
  let writes: Promise<void> = Promise.resolve();
  const update = (patch: Partial<VmStatusRecord>) => {
    Object.assign(record, patch);
    const snapshot = { ...record };
    writes = writes
      .then(() => writeVmStatus(files.status, snapshot))
      .catch((error) => log(`cannot write status: ${(error as Error).message}`));
    return writes;
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  let status: number = EXIT_STATUS.error;
  try {
    for (;;) {
      try {
        machine = await start(vm, files, (data, port) => serial.write(data, port));
        serial.bootStarted(machine.resumed === true);
      } catch (error) {
        log(`cannot start the VM: ${(error as Error).message}`);
        await update({
          phase: 'failed',
          message: (error as Error).message,
          lastExit: { status: EXIT_STATUS.error, reason: exitReason(EXIT_STATUS.error), at: new Date().toISOString() },
        });
        return EXIT_STATUS.error;
      }
      log(`guest started (${vm.cpus.count} vCPU, ${vm.memoryBytes} bytes)`);
      const startedAt = new Date().toISOString();
      await update({ phase: 'running', startedAt, message: machine.startNote });
      control?.broadcast({ type: 'guest-started', name: vm.meta.name, pid: process.pid, at: startedAt });
      status = await machine.exited;
      lastStats = machine.stats();
      machine = undefined;
      const lastExit = { status, reason: suspendedTo ? 'suspended' : exitReason(status), at: new Date().toISOString() };
      log(`guest exited: ${lastExit.reason} (status ${status})`);
      const decision = decideRestart(status, vm.restartPolicy, record.recentRestarts, Date.now());
      control?.broadcast({
        type: 'guest-exited',
        name: vm.meta.name,
        status,
        reason: lastExit.reason,
        at: lastExit.at,
        next: !stop.pending && !suspendedTo && decision.restart ? 'restart' : 'stop',
      });
      if (stop.pending || suspendedTo) {
        await update({ phase: 'stopped', lastExit, ...(suspendedTo ? { message: `suspended: snapshot in ${suspendedTo}` } : {}) });
        return status;
      }
      if (!decision.restart) {
        await update({ phase: 'stopped', lastExit, recentRestarts: decision.recentRestarts });
        return status;
      }
      const message = decision.crashLoop
        ? `crash loop: ${decision.recentRestarts.length} restarts within ${vm.restartPolicy.crashLoopWindowMs / 1000}s`
        : undefined;
      if (message) log(message);
      await update({
        phase: decision.crashLoop ? 'crash-loop' : 'backoff',
        lastExit,
        restarts: record.restarts + 1,
        recentRestarts: decision.recentRestarts,
        message,
      });
      if (decision.delayMs > 0) {
        log(`restarting in ${decision.delayMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, decision.delayMs);
          wakeBackoff = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeBackoff = undefined;
      }
      if (stop.pending) {
        await update({ phase: 'stopped' });
        return status;
      }
    }
  } finally {
    stop.dispose();
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await serial.close();
    await control?.close();
  }
}
