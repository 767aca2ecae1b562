// Carries out VM changes around the host steps: stops first (deleted and restarting VMs, in reverse
// start order, several at once), then starts (new and restarting VMs, in start order, several at once, each waiting
// for its `after` VMs, delays and readiness gates: a dependency not ready in time is reported, and
// its dependent started anyway).
import { availableParallelism } from 'node:os';
import type { ReadinessGate, ResolvedVm } from '../model/resolved.js';
import { formatReadyCondition } from '../model/readiness.js';
import { com1LogOffset, waitForReadiness, type ReadinessCheck } from '../supervise/readiness.js';
import { observeVms, type ObservedVm } from '../supervise/observe-vms.js';
import { readFrozenSpec } from '../state/applied-vm.js';
import { isVmProcess, recordDeclaredVm, startVmProcess, stopVmProcess } from '../supervise/process-control.js';
import { retireStandbyIfIdle } from '../supervise/standby-retire.js';
import { replaceStandby, standbyWanted } from '../supervise/standby.js';
import { vmFiles } from '../state/vm-files.js';
import { releaseHold } from '../state/vm-hold.js';
import { readVmStatus, retireVmRecords } from '../state/vm-status.js';
import { runInOrder } from './ordered-runs.js';
import { startOrder, type VmChange } from './vm-diff.js';

export interface VmEvent {
  /** vm-ready: a readiness gate of `name`'s dependent was met (ok) or timed out. */
  type: 'vm-stop' | 'vm-start' | 'vm-retire' | 'vm-ready';
  name: string;
  ok: boolean;
  detail: string;
  durationMs: number;
}

export interface VmApplyOptions {
  stateDir: string;
  netns?: string;
  onEvent?(event: VmEvent): void;
  /** Wait between starts as autostart.delay says (watch and apply do; tests may not). */
  honourDelays?: boolean;
  /** Called about once a second while a stop waits for the guest to power off. */
  onStopProgress?(name: string, waitedMs: number, timeoutMs: number): void;
  /** Waits for one readiness gate (tests inject a fake); default: poll the dependency's records. */
  waitReady?(gate: ReadinessGate, serialFromOffset: number): Promise<ReadinessCheck>;
  /** Starts one VM process (tests inject a fake); default startVmProcess. */
  startVm?: typeof startVmProcess;
  /** Whether a VM this pass does not start runs already (tests inject a fake); default: its status and pid. */
  isRunning?(name: string): Promise<boolean>;
  /** Starts (and stops) in flight at most (default: cores × 4); 1 starts VMs one after another. */
  parallelStarts?: number;
  /** Once aborted (an interrupt), no further VM is started; starts already launched finish. */
  signal?: AbortSignal;
}

export interface VmApplyResult {
  ok: boolean;
  failures: { name: string; message: string }[];
  /** Gates that timed out: `name` was started anyway, `dependency` was not ready. */
  notReady: { name: string; dependency: string; message: string }[];
  /** VMs not started because the signal was aborted before their turn. */
  interrupted: string[];
}

async function vmRuns(stateDir: string, name: string): Promise<boolean> {
  const status = await readVmStatus(vmFiles(stateDir, name).status);
  return isVmProcess(status?.pid, name);
}

function defaultWaitReady(stateDir: string) {
  return (gate: ReadinessGate, serialFromOffset: number) =>
    waitForReadiness(stateDir, gate.vm, gate.ready, gate.timeoutMs, { serialFromOffset });
}

export async function observeVmState(stateDir: string): Promise<{ observed: ObservedVm[]; running: Map<string, ResolvedVm> }> {
  const observed = await observeVms(stateDir);
  const running = new Map<string, ResolvedVm>();
  for (const o of observed) {
    const spec = await readFrozenSpec(vmFiles(stateDir, o.name));
    if (spec) running.set(o.name, spec); // without it, reasons fall back to "spec changed"
  }
  return { observed, running };
}

/** Starts (or stops) in flight at once: a VM process's start-up waits on exec, the addon and KVM, not only on CPU. */
const PARALLEL_STARTS = Math.max(1, availableParallelism() * 4);

/**
 * Stops never fail: a VM process that ignores SIGTERM past its timeout is killed. Stops go in
 * reverse start order, several at once: a VM waits for the stops of the VMs that start after it, and
 * for every earlier stop where the `autostart.order` value changes; VMs no longer declared go last.
 */
export async function stopVms(changes: VmChange[], options: VmApplyOptions): Promise<void> {
  const toStop = changes.filter((c) => (c.action === 'delete' || c.action === 'update') && c.pid);
  const order = startOrder(toStop.filter((c) => c.vm).map((c) => c.vm!)).map((v) => v.meta.name);
  const ranked = [...toStop].sort((a, b) => order.indexOf(b.name) - order.indexOf(a.name));
  const dependents = new Map<string, string[]>();
  for (const c of ranked) for (const d of c.vm?.autostart.after ?? []) dependents.set(d, [...(dependents.get(d) ?? []), c.name]);
  const orderOf = (c: VmChange) => c.vm?.autostart.order ?? 'undeclared';
  await runInOrder(ranked, {
    limit: options.parallelStarts ?? PARALLEL_STARTS,
    name: (c) => c.name,
    barrier: (c, previous) => orderOf(c) !== orderOf(previous),
    onEvent: options.onEvent,
    run: async (change, { ended, emit }) => {
      await Promise.all((dependents.get(change.name) ?? []).map((n) => ended.get(n)));
      const t0 = performance.now();
      const result = await stopVmProcess(
        change.pid!,
        change.name,
        change.stopTimeoutMs,
        undefined,
        options.onStopProgress ? (waitedMs) => options.onStopProgress!(change.name, waitedMs, change.stopTimeoutMs) : undefined,
      );
      emit({ type: 'vm-stop', name: change.name, ok: true, detail: result, durationMs: performance.now() - t0 });
    },
  });
  for (const change of changes.filter((c) => c.retire)) {
    await retireVmRecords(vmFiles(options.stateDir, change.name));
    options.onEvent?.({
      type: 'vm-retire',
      name: change.name,
      ok: true,
      detail: 'no longer declared: records removed, logs kept',
      durationMs: 0,
    });
  }
  // No idle standby outlives the last VM, unless VMs are about to start again.
  if (!changes.some((c) => c.action === 'create' || c.action === 'update')) await retireStandbyIfIdle(options.stateDir);
}

/**
 * Starts VMs in start order, several at once: a VM waits for the VMs its `autostart.after` names (and
 * its readiness gates), and for every earlier start where the `autostart.order` value changes or the
 * VM before it has a `delay`; VMs without `after` are handed to the VM process starter in start order.
 */
export async function startVms(changes: VmChange[], options: VmApplyOptions): Promise<VmApplyResult> {
  for (const c of changes.filter((x) => x.record && x.vm))
    await recordDeclaredVm(c.vm!, { stateDir: options.stateDir, ...(options.netns ? { netns: options.netns } : {}) });
  const failures: VmApplyResult['failures'] = [];
  const wanted = changes.filter((c) => (c.action === 'create' || c.action === 'update') && c.vm).map((c) => c.vm!);
  const failed = new Set<string>();
  const notReady: VmApplyResult['notReady'] = [];
  const interrupted: string[] = [];
  const declaredHere = new Set(changes.filter((c) => c.action !== 'delete').map((c) => c.name));
  const gated = new Set(wanted.flatMap((v) => (v.autostart.ready ?? []).map((g) => g.vm)));
  // serial: gates count only what a dependency prints after this pass starts it.
  const logOffsets = new Map<string, number>();
  const waitReady = options.waitReady ?? defaultWaitReady(options.stateDir);
  const isRunning = options.isRunning ?? ((n: string) => vmRuns(options.stateDir, n));
  const startedHere = new Set(wanted.map((v) => v.meta.name));
  const limit = Math.max(1, options.parallelStarts ?? PARALLEL_STARTS);
  const ordered = startOrder(wanted);
  // Starts at once: the first takes the warm standby, the others start cold (waiting for a standby
  // still loading would only hold them up), and one fresh standby is started after the pass.
  const concurrent = limit > 1 && ordered.length > 1;
  const started = new Set<ResolvedVm>();

  const startOne = async (
    vm: ResolvedVm,
    ended: ReadonlyMap<string, Promise<void>>,
    turn: Promise<void>,
    handOver: () => void,
    emit: (e: VmEvent) => void,
  ) => {
    const name = vm.meta.name;
    try {
      await Promise.all(vm.autostart.after.map((d) => ended.get(d)));
      const blockedBy = vm.autostart.after.find((d) => failed.has(d));
      if (blockedBy) {
        failed.add(name);
        failures.push({ name, message: `not started: ${blockedBy} failed to start` });
        return;
      }
      for (const gate of vm.autostart.ready ?? []) {
        if (!declaredHere.has(gate.vm)) continue; // placed on another host: nothing here can tell
        const t = performance.now();
        // A dependency that is down and not started now cannot become ready: no point waiting out the timeout.
        const down = !startedHere.has(gate.vm) && !(await isRunning(gate.vm));
        const result = down
          ? { met: false, detail: `${gate.vm} is not running and this pass does not start it` }
          : await waitReady(gate, logOffsets.get(gate.vm) ?? 0);
        const what = `${gate.vm} ${formatReadyCondition(gate.ready)}`;
        emit({
          type: 'vm-ready',
          name: gate.vm,
          ok: result.met,
          detail: result.met ? `${what} for ${name}: ${result.detail}` : `${result.detail}; starting ${name} anyway`,
          durationMs: performance.now() - t,
        });
        if (!result.met) notReady.push({ name, dependency: gate.vm, message: `${what} not met: ${result.detail}` });
      }
      await turn;
      if (options.signal?.aborted) {
        interrupted.push(name);
        return;
      }
      if (gated.has(name)) logOffsets.set(name, await com1LogOffset(options.stateDir, name));
      const t0 = performance.now();
      try {
        const change = changes.find((c) => c.name === name)!;
        // Starting a declared VM ends any hold: it no longer applies (spec changed) or was released.
        await releaseHold(vmFiles(options.stateDir, name));
        const starting = (options.startVm ?? startVmProcess)(vm, {
          stateDir: options.stateDir,
          ...(options.netns ? { netns: options.netns } : {}),
          ...(change.restart ? { restart: true } : {}),
          ...(concurrent ? { useStandby: vm === ordered[0], refillStandby: false } : {}),
        });
        handOver();
        const status = await starting;
        started.add(vm);
        emit({ type: 'vm-start', name, ok: true, detail: `pid ${status.pid}`, durationMs: performance.now() - t0 });
      } catch (error) {
        failed.add(name);
        failures.push({ name, message: (error as Error).message });
        emit({ type: 'vm-start', name, ok: false, detail: (error as Error).message, durationMs: performance.now() - t0 });
        return;
      }
    } finally {
      handOver();
    }
    if (options.honourDelays !== false && vm.autostart.delayMs > 0) await new Promise((r) => setTimeout(r, vm.autostart.delayMs));
  };

  let turn = Promise.resolve();
  await runInOrder(ordered, {
    limit,
    name: (vm) => vm.meta.name,
    barrier: (vm, previous) => previous.autostart.order !== vm.autostart.order || previous.autostart.delayMs > 0,
    onEvent: options.onEvent,
    run: (vm, { ended, emit }) => {
      // A VM with `after` waits for its dependencies instead of the VM before it, so it holds up no other start.
      const myTurn = vm.autostart.after.length ? Promise.resolve() : turn;
      let handOver = () => {};
      if (!vm.autostart.after.length) turn = new Promise<void>((r) => (handOver = r));
      return startOne(vm, ended, myTurn, handOver, emit);
    },
  });
  // The standby the starts above did not leave (a fake starter in tests leaves none either).
  // Launched as the last VM in start order that started, as a start one at a time leaves it.
  const lastStarted = ordered.filter((vm) => started.has(vm)).at(-1);
  if (concurrent && lastStarted && !options.startVm && standbyWanted())
    await replaceStandby(lastStarted, { stateDir: options.stateDir, ...(options.netns ? { netns: options.netns } : {}) }).catch(
      () => undefined,
    );
  return { ok: failures.length === 0 && interrupted.length === 0, failures, notReady, interrupted };
}
