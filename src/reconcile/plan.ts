// Orders changes into steps (modules → bridges → taps → volumes → snapshots → clones, deletes in reverse) and asks the
// backend for each step's commands: the plan is data, and apply runs exactly these commands.
import type { HostBackend } from '../host/backend.js';
import type { DiffResult } from './diff.js';
import { KIND_ORDER, type Action, type Change, type Plan, type PlanSummary, type Step } from './types.js';

const rank = (c: Change) => (c.clone ? KIND_ORDER.indexOf('snapshot') + 0.5 : KIND_ORDER.indexOf(c.kind));

/** Sorts changes: non-deletes in kind order, then deletes in reverse kind order; stable within a kind. */
export function orderChanges(changes: Change[]): Change[] {
  const indexed = changes.map((c, i) => ({ c, i }));
  const keep = indexed.filter(({ c }) => c.action !== 'delete').sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i);
  const deletes = indexed.filter(({ c }) => c.action === 'delete').sort((a, b) => rank(b.c) - rank(a.c) || a.i - b.i);
  return [...keep, ...deletes].map(({ c }) => c);
}

/** Counts host and VM changes alike (one vocabulary: a VM start is an add, a restart a change, a stop a destroy). */
export function summarizeChanges(changes: readonly { action: Action; blocked?: unknown }[]): PlanSummary {
  const s: PlanSummary = { add: 0, change: 0, destroy: 0, blocked: 0 };
  for (const c of changes) {
    if (c.blocked) {
      s.blocked++;
      continue;
    }
    if (c.action === 'create' || c.action === 'replace') s.add++;
    if (c.action === 'delete' || c.action === 'replace') s.destroy++;
    if (c.action === 'update') s.change++;
  }
  return s;
}

export function planChanges(diff: DiffResult, backend: Pick<HostBackend, 'commandsFor'>, deletesAllowed: boolean): Plan {
  const changes = orderChanges(diff.changes);
  const steps: Step[] = [];
  for (const change of changes) {
    if (change.blocked) continue;
    if (change.ops.length === 0 && !change.record && !change.forget) continue;
    steps.push({
      index: steps.length,
      change,
      commands: change.ops.flatMap((op) => backend.commandsFor(op)),
      undo: change.undo.flatMap((op) => backend.commandsFor(op)),
    });
  }
  return { changes, steps, summary: summarizeChanges(changes), notes: diff.notes, deletesAllowed };
}
