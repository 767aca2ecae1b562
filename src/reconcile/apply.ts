// Runs a plan's steps in order through one backend, recording the inventory after each step. On a
// failure it stops, reports argv/exit status/stderr tail, and undoes in reverse what this run created.
// An interrupt (AbortSignal) stops it between steps; a long copy is cancelled and its temporary removed.
import type { HostBackend } from '../host/backend.js';
import type { HostCommand } from '../host/operations.js';
import { watchCopy } from '../host/copy-progress.js';
import { forgetEntry, keyOf, recordEntry, type Inventory } from '../state/inventory.js';
import type { Plan, Step } from './types.js';

export interface StepFailure {
  step: Step;
  command: HostCommand;
  exitCode: number;
  stderrTail: string;
}

export type ApplyEvent =
  | { type: 'step-start'; step: Step; total: number }
  | { type: 'step-done'; step: Step; total: number; durationMs: number }
  | { type: 'step-failed'; failure: StepFailure; durationMs: number }
  | { type: 'undo'; step: Step; ok: boolean; error?: string }
  /** Killed by an interrupt; its cleanups ran. */
  | { type: 'step-cancelled'; step: Step; total: number; durationMs: number }
  /** A long copy: `start` when it begins, `progress` a few times a second, `end` when it stops. */
  | {
      type: 'copy';
      phase: 'start' | 'progress' | 'end';
      step: Step;
      command: HostCommand;
      bytes?: number;
      totalBytes?: number;
      durationMs?: number;
    };

export interface ApplyOptions {
  inventory: Inventory;
  saveInventory(inventory: Inventory): Promise<void>;
  /** Leave what a failed run created in place (it stays in the inventory). */
  keepPartial?: boolean;
  onEvent?(event: ApplyEvent): void;
  /** Aborted (first interrupt): finish the running step, then stop; a long copy is cancelled instead. */
  signal?: AbortSignal;
  /** Aborted (second interrupt): cancel whatever command runs now. */
  cancelSignal?: AbortSignal;
}

export interface ApplyInterruption {
  /** The step that was running and cancelled (its partial work removed), if one was. */
  cancelled?: Step;
  /** Steps not run. */
  remaining: number;
}

export interface ApplyResult {
  ok: boolean;
  /** Per completed step: its duration. */
  timings: { step: Step; durationMs: number }[];
  failure?: StepFailure;
  undone: { step: Step; ok: boolean; error?: string }[];
  /** Set when an interrupt stopped the run: what ran stays (and is in the inventory). */
  interrupted?: ApplyInterruption;
}

const STDERR_TAIL_LINES = 10;

export function tailLines(text: string, n = STDERR_TAIL_LINES): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

type Emit = (event: ApplyEvent) => void;

function signalFor(command: HostCommand, options: ApplyOptions): AbortSignal | undefined {
  const signals = [options.cancelSignal, command.progress ? options.signal : undefined].filter((s): s is AbortSignal => s !== undefined);
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

async function runCommand(backend: HostBackend, step: Step, command: HostCommand, options: ApplyOptions, emit: Emit) {
  const signal = signalFor(command, options);
  if (!command.progress) return backend.run(command, signal ? { signal } : {});
  emit({ type: 'copy', phase: 'start', step, command });
  const stop = watchCopy(command.progress, (p) => emit({ type: 'copy', phase: 'progress', step, command, ...p }));
  try {
    const r = await backend.run(command, signal ? { signal } : {});
    emit({ type: 'copy', phase: 'end', step, command, durationMs: r.durationMs });
    return r;
  } finally {
    stop();
  }
}

/** Runs commands until one fails (then runs the cleanups of those that ran); says whether the step's resource may now exist. */
async function runStep(
  backend: HostBackend,
  step: Step,
  options: ApplyOptions,
  emit: Emit,
): Promise<{ failure?: Omit<StepFailure, 'step'>; created: boolean; cancelled: boolean }> {
  let created = false;
  const ran: HostCommand[] = [];
  for (const command of step.commands) {
    ran.push(command);
    const r = await runCommand(backend, step, command, options, emit);
    if (r.exitCode !== 0 && !(command.okExitCodes?.includes(r.exitCode) && !r.cancelled)) {
      const cleanups = new Map(ran.flatMap((c) => (c.cleanup ? [[c.cleanup.argv.join('\0'), c.cleanup] as const] : [])));
      for (const c of cleanups.values()) await backend.run(c);
      return {
        failure: { command, exitCode: r.exitCode, stderrTail: tailLines(r.stderr) },
        created: created || Boolean(command.mayLeavePartial),
        cancelled: Boolean(r.cancelled),
      };
    }
    if (command.creates) created = true;
  }
  return { created, cancelled: false };
}

async function undoStep(backend: HostBackend, step: Step): Promise<string | undefined> {
  for (const command of step.undo) {
    const r = await backend.run(command);
    if (r.exitCode !== 0 && !command.okExitCodes?.includes(r.exitCode))
      return `${command.argv.join(' ')} exited with ${r.exitCode}: ${tailLines(r.stderr, 3)}`;
  }
  return undefined;
}

export async function applyPlan(plan: Plan, backend: HostBackend, options: ApplyOptions): Promise<ApplyResult> {
  const { inventory } = options;
  const emit = options.onEvent ?? (() => {});
  const total = plan.steps.length;
  const timings: ApplyResult['timings'] = [];
  const createdThisRun: Step[] = [];
  for (const step of plan.steps) {
    if (options.signal?.aborted || options.cancelSignal?.aborted)
      return { ok: false, timings, undone: [], interrupted: { remaining: total - step.index } };
    emit({ type: 'step-start', step, total });
    const started = performance.now();
    const { failure, created, cancelled } = await runStep(backend, step, options, emit);
    const durationMs = performance.now() - started;
    // Only steps that can be undone count as "created by this run" (a loaded module stays loaded).
    const creates = (step.change.action === 'create' || step.change.action === 'replace') && step.undo.length > 0;
    if (!failure) {
      if (step.change.record) recordEntry(inventory, step.change.record);
      if (step.change.forget) forgetEntry(inventory, step.change.forget);
      await options.saveInventory(inventory);
      if (creates) createdThisRun.push(step);
      timings.push({ step, durationMs });
      emit({ type: 'step-done', step, total, durationMs });
      continue;
    }
    const full: StepFailure = { step, ...failure };
    emit(cancelled ? { type: 'step-cancelled', step, total, durationMs } : { type: 'step-failed', failure: full, durationMs });
    // A half-created resource of the failing step is ours too: record it so the inventory stays true.
    if (creates && created) {
      if (step.change.record) recordEntry(inventory, step.change.record);
      createdThisRun.push(step);
    } else if (step.change.action === 'delete' && step.change.forget && failure.command !== step.commands[0]) {
      forgetEntry(inventory, step.change.forget);
    }
    await options.saveInventory(inventory);
    // An interrupt keeps what earlier steps made (recorded above): only the cancelled step is undone.
    if (cancelled) return { ok: false, timings, undone: [], interrupted: { cancelled: step, remaining: total - step.index } };
    const undone: ApplyResult['undone'] = [];
    if (!options.keepPartial) {
      for (const s of [...createdThisRun].reverse()) {
        const error = await undoStep(backend, s);
        if (!error && s.change.record) forgetEntry(inventory, keyOf(s.change.record));
        undone.push({ step: s, ok: !error, ...(error ? { error } : {}) });
        emit({ type: 'undo', step: s, ok: !error, ...(error ? { error } : {}) });
        await options.saveInventory(inventory);
      }
    }
    return { ok: false, timings, failure: full, undone };
  }
  return { ok: true, timings, undone: [] };
}
