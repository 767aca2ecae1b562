// Terraform-like text for plans: `+ bridge tshbr0`, `~ tap tap0: mtu 1500 → 9000`, `- tap old0`,
// `-/+` for replace, `!` for conflicts, and `Plan: 2 to add, 1 to change, 0 to destroy.`
import type { HostCommand } from '../host/operations.js';
import type { Change, Plan } from './types.js';

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', replace: '-/+', delete: '-', 'no-op': ' ' };

/** An argv as a copy-pasteable line (quoting only what needs it). */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function formatCommand(c: HostCommand): string {
  return formatArgv(c.argv);
}

export function formatChange(c: Change): string {
  if (c.blocked) return `! ${c.blocked.message}`;
  const label = `${c.kind} ${c.id}${c.resource && c.resource !== c.id ? ` (${c.resource})` : ''}`;
  const reasons = c.reasons.filter((r) => r !== 'new');
  return `${SYMBOL[c.action]} ${label}${reasons.length ? `: ${reasons.join(', ')}` : ''}`;
}

export function formatSummary(plan: Plan): string {
  const s = plan.summary;
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.${s.blocked ? ` ${s.blocked} blocked.` : ''}`;
}

/** The plan as lines; `commands` adds each step's argv under it. */
export function formatPlan(plan: Plan, options: { commands?: boolean } = {}): string[] {
  const lines: string[] = [];
  const stepOf = new Map(plan.steps.map((s) => [s.change, s]));
  for (const c of plan.changes) {
    if (!c.blocked && c.action === 'no-op') continue;
    lines.push(formatChange(c));
    if (options.commands) for (const cmd of stepOf.get(c)?.commands ?? []) lines.push(`      ${formatCommand(cmd)}`);
  }
  for (const n of plan.notes) lines.push(`note: ${n}`);
  const s = plan.summary;
  if (s.add + s.change + s.destroy + s.blocked === 0) lines.push('No changes.');
  else lines.push(formatSummary(plan));
  return lines;
}
