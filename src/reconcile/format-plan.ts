// Terraform-like text for plans: `+ bridge tshbr0`, `~ tap tap0: mtu 1500 → 9000`, `- tap old0`,
// `-/+` for replace, `!` for conflicts, and `Plan: 2 to add, 1 to change, 0 to destroy.`
import type { HostCommand } from '../host/operations.js';
import { formatCommandLine } from '../host/shell-quote.js';
import type { Change, Plan, PlanSummary } from './types.js';

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', replace: '-/+', delete: '-', 'no-op': ' ' };

export function formatCommand(c: HostCommand): string {
  return formatCommandLine(c.argv);
}

export function formatChange(c: Change): string {
  if (c.blocked) return `! ${c.blocked.message}`;
  const label = `${c.kind} ${c.id}${c.resource && c.resource !== c.id ? ` (${c.resource})` : ''}`;
  return `${SYMBOL[c.action]} ${label}${c.reasons.length ? `: ${c.reasons.join(', ')}` : ''}`;
}

/** The closing line: `No changes.` or `Plan: 2 to add, 1 to change, 0 to destroy.` */
export function formatSummary(s: PlanSummary): string {
  if (s.add + s.change + s.destroy + s.blocked === 0) return 'No changes.';
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.${s.blocked ? ` ${s.blocked} blocked.` : ''}`;
}

/** One line per change that does something (or is blocked); `commands` adds each step's argv under it. */
export function formatChanges(plan: Plan, options: { commands?: boolean } = {}): string[] {
  const lines: string[] = [];
  const stepOf = new Map(plan.steps.map((s) => [s.change, s]));
  for (const c of plan.changes) {
    if (!c.blocked && c.action === 'no-op') continue;
    lines.push(formatChange(c));
    if (options.commands) for (const cmd of stepOf.get(c)?.commands ?? []) lines.push(`      ${formatCommand(cmd)}`);
  }
  return lines;
}

/** The plan as lines: changes, notes, summary. */
export function formatPlan(plan: Plan, options: { commands?: boolean } = {}): string[] {
  return [...formatChanges(plan, options), ...plan.notes.map((n) => `note: ${n}`), formatSummary(plan.summary)];
}
