// Runs a plan's steps in order through one backend, recording the inventory after each step. On a
// failure it stops, reports argv/exit status/stderr tail, and undoes in reverse what this run created.
import type { HostBackend } from '../host/backend.js';
import type { HostCommand } from '../host/operations.js';
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
  | { type: 'undo'; step: Step; ok: boolean; error?: string };

export interface ApplyOptions {
  inventory: Inventory;
  saveInventory(inventory: Inventory): Promise<void>;
  /** Leave what a failed run created in place (it stays in the inventory). */
  keepPartial?: boolean;
  onEvent?(event: ApplyEvent): void;
}

export interface ApplyResult {
  ok: boolean;
  /** Per completed step: its duration. */
  timings: { step: Step; durationMs: number }[];
  failure?: StepFailure;
  undone: { step: Step; ok: boolean; error?: string }[];
}

const STDERR_TAIL_LINES = 10;

export function tailLines(text: string, n = STDERR_TAIL_LINES): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

/** Runs commands until one fails; says whether the step's resource may now exist. */
async function runStep(backend: HostBackend, step: Step): Promise<{ failure?: Omit<StepFailure, 'step'>; created: boolean }> {
  let created = false;
  for (const command of step.commands) {
    const r = await backend.run(command);
    if (r.exitCode !== 0) return { failure: { command, exitCode: r.exitCode, stderrTail: tailLines(r.stderr) }, created: created || Boolean(command.mayLeavePartial) };
    if (command.creates) created = true;
  }
  return { created };
}

async function undoStep(backend: HostBackend, step: Step): Promise<string | undefined> {
  for (const command of step.undo) {
    const r = await backend.run(command);
    if (r.exitCode !== 0) return `${command.argv.join(' ')} exited with ${r.exitCode}: ${tailLines(r.stderr, 3)}`;
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
    emit({ type: 'step-start', step, total });
    const started = performance.now();
    const { failure, created } = await runStep(backend, step);
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
    emit({ type: 'step-failed', failure: full, durationMs });
    // A half-created resource of the failing step is ours too: record it so the inventory stays true.
    if (creates && created) {
      if (step.change.record) recordEntry(inventory, step.change.record);
      createdThisRun.push(step);
    } else if (step.change.action === 'delete' && step.change.forget && failure.command !== step.commands[0]) {
      forgetEntry(inventory, step.change.forget);
    }
    await options.saveInventory(inventory);
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
