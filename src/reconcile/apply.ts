// Runs a plan's steps in order through one backend, recording the inventory after each step (a run of
// link steps goes as one backend batch, plain volume files a few at a time). On a failure it stops,
// reports argv/exit status/stderr tail, and undoes in reverse what this run created. An interrupt
// (AbortSignal) stops it between steps; a long copy is cancelled and its temporary removed.
import type { HostBackend } from '../host/backend.js';
import type { HostCommand } from '../host/operations.js';
import { watchCopy, watchReport, type StageProgress } from '../host/copy-progress.js';
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
      /** A command with a `report`: its current stage. */
      stage?: StageProgress;
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
  if (!command.progress && !command.report) return backend.run(command, signal ? { signal } : {});
  emit({ type: 'copy', phase: 'start', step, command });
  const stop = command.progress
    ? watchCopy(command.progress, (p) => emit({ type: 'copy', phase: 'progress', step, command, ...p }))
    : watchReport(command.report!.file, (stage) => emit({ type: 'copy', phase: 'progress', step, command, stage }));
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

/** Steps that change host links, run through one backend batch: a run of consecutive steps of one batch key. */
function batchRun(steps: Step[], from: number, backend: HostBackend): Step[] {
  if (!backend.runBatch || !backend.batchKey) return [];
  const keyOf = (s: Step) => {
    const keys = new Set(s.commands.map((c) => backend.batchKey!(c)));
    const [key] = keys;
    return s.commands.length > 0 && keys.size === 1 ? key : undefined;
  };
  const key = keyOf(steps[from]!);
  if (key === undefined) return [];
  let to = from + 1;
  while (to < steps.length && keyOf(steps[to]!) === key) to++;
  return to - from >= 2 ? steps.slice(from, to) : [];
}

/** Volume files made from nothing (no copy, no download): short, independent steps that may run side by side. */
const isPlainFileCreate = (s: Step) =>
  s.change.kind === 'volume' &&
  s.change.action === 'create' &&
  s.change.ops.length > 0 &&
  s.change.ops.every((op) => op.op === 'file.create' && !op.sourceImage && !op.prepare) &&
  !s.commands.some((c) => c.progress);

function parallelRun(steps: Step[], from: number): Step[] {
  let to = from;
  while (to < steps.length && isPlainFileCreate(steps[to]!)) to++;
  return to - from >= 2 ? steps.slice(from, to) : [];
}

/** How many volume steps run at once: enough to overlap their fsyncs (8 measured faster than 4 on bench:plan). */
export const PARALLEL_VOLUME_STEPS = 8;

type StepOutcome = Awaited<ReturnType<typeof runStep>>;

export async function applyPlan(plan: Plan, backend: HostBackend, options: ApplyOptions): Promise<ApplyResult> {
  const { inventory } = options;
  const emit = options.onEvent ?? (() => {});
  const total = plan.steps.length;
  const timings: ApplyResult['timings'] = [];
  const createdThisRun: Step[] = [];
  const interrupted = () => options.signal?.aborted || options.cancelSignal?.aborted;
  // Only steps that can be undone count as "created by this run" (a loaded module stays loaded).
  const createsUndoable = (step: Step) => (step.change.action === 'create' || step.change.action === 'replace') && step.undo.length > 0;

  const record = (step: Step) => {
    if (step.change.record) recordEntry(inventory, step.change.record);
    if (step.change.forget) forgetEntry(inventory, step.change.forget);
  };
  const done = (step: Step, durationMs: number) => {
    if (createsUndoable(step)) createdThisRun.push(step);
    timings.push({ step, durationMs });
    emit({ type: 'step-done', step, total, durationMs });
  };
  /** What a failed step leaves: its half-created resource is ours too, recorded so the inventory stays true. */
  const recordPartial = (step: Step, failure: Omit<StepFailure, 'step'>, created: boolean) => {
    if (createsUndoable(step) && created) {
      if (step.change.record) recordEntry(inventory, step.change.record);
      createdThisRun.push(step);
    } else if (step.change.action === 'delete' && step.change.forget && failure.command !== step.commands[0]) {
      forgetEntry(inventory, step.change.forget);
    }
  };
  const fail = async (step: Step, outcome: StepOutcome, durationMs: number): Promise<ApplyResult> => {
    const failure = outcome.failure!;
    const full: StepFailure = { step, ...failure };
    emit(outcome.cancelled ? { type: 'step-cancelled', step, total, durationMs } : { type: 'step-failed', failure: full, durationMs });
    recordPartial(step, failure, outcome.created);
    await options.saveInventory(inventory);
    // An interrupt keeps what earlier steps made (recorded above): only the cancelled step is undone.
    if (outcome.cancelled) return { ok: false, timings, undone: [], interrupted: { cancelled: step, remaining: total - step.index } };
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
  };

  /** One backend batch: steps handed over one by one (an interrupt stops the handing), the first failing line ends it. */
  const runBatched = async (steps: Step[]): Promise<ApplyResult | undefined> => {
    let handedOver = 0;
    const outcome = await backend.runBatch!(
      steps.map((s) => s.commands),
      {
        beforeStep: (k) => {
          if (k > 0 && interrupted()) return false;
          handedOver = k + 1;
          emit({ type: 'step-start', step: steps[k]!, total });
          return true;
        },
      },
    );
    // One process ran them all: each step is given its share of the batch's time.
    const share = outcome.durationMs / Math.max(1, handedOver);
    const completed = steps.slice(0, outcome.completedSteps);
    for (const s of completed) record(s);
    if (completed.length) await options.saveInventory(inventory);
    for (const s of completed) done(s, share);
    if (outcome.failure) {
      const step = steps[outcome.failure.step]!;
      const { command: at, result } = outcome.failure;
      const command = step.commands[at]!;
      const created = step.commands.slice(0, at).some((c) => c.creates) || Boolean(command.mayLeavePartial);
      const failure = { command, exitCode: result.exitCode, stderrTail: tailLines(result.stderr) };
      return fail(step, { failure, created, cancelled: false }, share);
    }
    if (outcome.completedSteps < steps.length)
      return { ok: false, timings, undone: [], interrupted: { remaining: total - steps[outcome.completedSteps]!.index } };
    return undefined;
  };

  /** Independent steps, a few at a time, started in order; an interrupt or a failure starts no more. */
  const runParallel = async (steps: Step[]): Promise<{ result?: ApplyResult; ran: number }> => {
    const outcomes: ({ outcome: StepOutcome; durationMs: number } | undefined)[] = steps.map(() => undefined);
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < steps.length && !failed && !interrupted()) {
        const k = next++;
        const step = steps[k]!;
        emit({ type: 'step-start', step, total });
        const started = performance.now();
        const outcome = await runStep(backend, step, options, emit);
        const durationMs = performance.now() - started;
        outcomes[k] = { outcome, durationMs };
        if (outcome.failure) failed = true;
        else {
          record(step);
          await options.saveInventory(inventory);
          done(step, durationMs);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_VOLUME_STEPS, steps.length) }, worker));
    const failures = outcomes.flatMap((o, k) => (o?.outcome.failure ? [{ k, ...o }] : []));
    if (failures.length) {
      // The first failing step is the failure; the others' half-made files are recorded for the undo.
      for (const f of failures.slice(1)) recordPartial(steps[f.k]!, f.outcome.failure!, f.outcome.created);
      const first = failures[0]!;
      return { result: await fail(steps[first.k]!, first.outcome, first.durationMs), ran: next };
    }
    return { ran: next };
  };

  for (let i = 0; i < total;) {
    const step = plan.steps[i]!;
    if (interrupted()) return { ok: false, timings, undone: [], interrupted: { remaining: total - step.index } };
    const batch = batchRun(plan.steps, i, backend);
    if (batch.length) {
      const result = await runBatched(batch);
      if (result) return result;
      i += batch.length;
      continue;
    }
    const group = parallelRun(plan.steps, i);
    if (group.length) {
      const { result, ran } = await runParallel(group);
      if (result) return result;
      i += ran;
      continue;
    }
    emit({ type: 'step-start', step, total });
    const started = performance.now();
    const outcome = await runStep(backend, step, options, emit);
    const durationMs = performance.now() - started;
    if (outcome.failure) return fail(step, outcome, durationMs);
    record(step);
    await options.saveInventory(inventory);
    done(step, durationMs);
    i++;
  }
  return { ok: true, timings, undone: [] };
}
