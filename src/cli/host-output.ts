// Printing for `plan`, `apply` and `destroy`: the Terraform-like plan, per-step progress with
// timing, copy progress, failure details (argv, exit status, stderr tail), interrupts, and JSON
// shapes of plans and results.
import type { StageProgress } from '../host/copy-progress.js';
import type { PreflightProblem } from '../host/preflight.js';
import type { ApplyEvent, ApplyResult } from '../reconcile/apply.js';
import { formatCommandLine } from '../host/shell-quote.js';
import { formatChange } from '../reconcile/format-plan.js';
import type { Plan } from '../reconcile/types.js';
import type { Output } from './output.js';

export function planToJson(plan: Plan) {
  return {
    summary: plan.summary,
    deletesAllowed: plan.deletesAllowed,
    notes: plan.notes,
    changes: plan.changes.map(({ kind, id, resource, action, reasons, blocked }) => ({
      kind,
      id,
      resource,
      action,
      reasons,
      ...(blocked ? { blocked } : {}),
    })),
    steps: plan.steps.map((s) => ({
      index: s.index,
      kind: s.change.kind,
      id: s.change.id,
      action: s.change.action,
      commands: s.commands.map((c) => c.argv),
      undo: s.undo.map((c) => c.argv),
    })),
  };
}

export function applyResultToJson(result: ApplyResult) {
  return {
    ok: result.ok,
    steps: result.timings.map((t) => ({
      index: t.step.index,
      kind: t.step.change.kind,
      id: t.step.change.id,
      action: t.step.change.action,
      durationMs: Math.round(t.durationMs * 10) / 10,
    })),
    ...(result.failure
      ? {
          failure: {
            index: result.failure.step.index,
            kind: result.failure.step.change.kind,
            id: result.failure.step.change.id,
            argv: result.failure.command.argv,
            exitCode: result.failure.exitCode,
            stderrTail: result.failure.stderrTail,
          },
        }
      : {}),
    undone: result.undone.map((u) => ({
      kind: u.step.change.kind,
      id: u.step.change.id,
      ok: u.ok,
      ...(u.error ? { error: u.error } : {}),
    })),
    ...(result.interrupted
      ? {
          interrupted: {
            remaining: result.interrupted.remaining,
            ...(result.interrupted.cancelled ? { cancelledStep: result.interrupted.cancelled.index } : {}),
          },
        }
      : {}),
  };
}

export function printPreflight(output: Output, problems: PreflightProblem[], prefix: string): void {
  for (const p of problems) output.err(`${prefix}: ${p.message}`);
}

const TTY_PROGRESS_MIN_MS = 250;

const mibOf = (n: number) => (n / 2 ** 20).toFixed(n < 10 * 2 ** 20 ? 1 : 0);

/** `  downloading … 12 of 310 MiB (3%) at 4.1 MiB/s`, `  converting qcow2 … 40%`, `  verifying sha256 …`. */
export function stageLine(p: StageProgress): string {
  const verb = {
    download: 'downloading',
    verify: 'verifying sha256 of',
    decompress: 'decompressing',
    convert: 'converting',
    copy: 'copying',
  }[p.stage];
  if (p.stage === 'verify') return `  ${verb} ${p.totalBytes !== undefined ? `${mibOf(p.totalBytes)} MiB ` : ''}…`;
  const amount =
    p.bytes !== undefined
      ? ` ${mibOf(p.bytes)}${p.totalBytes ? ` of ${mibOf(p.totalBytes)}` : ''} MiB${p.totalBytes ? ` (${Math.floor((p.bytes / p.totalBytes) * 100)}%)` : ''}`
      : p.percent !== undefined
        ? ` ${Math.floor(p.percent)}%`
        : '';
  return `  ${verb} …${amount}${p.bytesPerSecond !== undefined ? ` at ${mibOf(p.bytesPerSecond)} MiB/s` : ''}`;
}

function copyLine(bytes: number, totalBytes: number): string {
  const pct = totalBytes > 0 ? Math.floor((bytes / totalBytes) * 100) : 100;
  const mib = (n: number) => (n / 2 ** 20).toFixed(0);
  return `  copying … ${mib(bytes)} of ${mib(totalBytes)} MiB (${pct}%)`;
}

/**
 * Progress lines on stderr: `[2/5] + tap tap0 … ok (8 ms)`. A volume copy says when it starts and
 * ends; on a terminal (`tty`) it also rewrites one line with bytes and percent, at most 4 times a second.
 */
export function progressPrinter(output: Output, options: { tty?: NodeJS.WriteStream } = {}): (e: ApplyEvent) => void {
  let lastDraw = 0;
  let drawn = false;
  let lastStage: string | undefined;
  const clear = () => {
    if (drawn) {
      options.tty!.write('\r\x1b[K');
      drawn = false;
    }
  };
  return (e) => {
    if (e.type === 'copy') {
      const p = e.command.progress;
      const report = e.command.report;
      if (e.phase === 'start')
        output.err(
          p ? `[${e.step.index + 1}] copying ${p.sourcePath} → ${p.path} …` : `[${e.step.index + 1}] preparing image ${report?.what} …`,
        );
      else if (e.phase === 'progress' && e.stage && e.stage.stage !== lastStage && !options.tty) {
        lastStage = e.stage.stage; // without a terminal: one line per stage
        output.err(stageLine(e.stage));
      } else if (e.phase === 'progress' && options.tty && performance.now() - lastDraw >= TTY_PROGRESS_MIN_MS) {
        lastDraw = performance.now();
        options.tty.write(`\r\x1b[K${e.stage ? stageLine(e.stage) : copyLine(e.bytes!, e.totalBytes!)}`);
        drawn = true;
      } else if (e.phase === 'end') {
        clear();
        lastStage = undefined;
        output.err(`[${e.step.index + 1}] ${p ? 'copy' : 'image preparation'} ended after ${((e.durationMs ?? 0) / 1000).toFixed(1)} s`);
      }
      return;
    }
    clear();
    if (e.type === 'step-cancelled')
      output.err(
        `[${e.step.index + 1}/${e.total}] ${formatChange(e.step.change)} … cancelled (${e.durationMs.toFixed(0)} ` +
          `ms), its partial work removed`,
      );
    else if (e.type === 'step-done')
      output.err(`[${e.step.index + 1}/${e.total}] ${formatChange(e.step.change)} … ok (${e.durationMs.toFixed(0)} ms)`);
    else if (e.type === 'step-failed') {
      const f = e.failure;
      output.err(`[${f.step.index + 1}] ${formatChange(f.step.change)} … FAILED (${e.durationMs.toFixed(0)} ms)`);
      output.err(`  command: ${formatCommandLine(f.command.argv)}`);
      output.err(`  exit status: ${f.exitCode}`);
      if (f.stderrTail) for (const line of f.stderrTail.split('\n')) output.err(`  stderr: ${line}`);
    } else if (e.type === 'undo') output.err(`undo ${e.step.change.kind} ${e.step.change.id}: ${e.ok ? 'removed' : `FAILED: ${e.error}`}`);
  };
}

export function printApplyResult(output: Output, plan: Plan, result: ApplyResult, verb: string): void {
  if (result.interrupted) {
    const done = result.timings.length;
    output.err(
      `${verb === 'destroy' ? 'Destroy' : 'Apply'} interrupted: ${done} of ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'} ` +
        `done${result.interrupted.cancelled ? `, step ${result.interrupted.cancelled.index + 1} cancelled and undone` : ''}; what exists is recorded in the inventory. Run \`tshyve ${verb}\` again to finish.`,
    );
    return;
  }
  if (result.ok) {
    const s = plan.summary;
    output.out(
      `${verb === 'destroy' ? 'Destroy' : 'Apply'} complete! Resources: ${s.add} added, ${s.change} changed, ${s.destroy} destroyed.`,
    );
    return;
  }
  const undone = result.undone.filter((u) => u.ok).length;
  const failedUndo = result.undone.length - undone;
  output.err(
    `${verb} failed at step ${result.failure!.step.index + 1} of ${plan.steps.length}; ${result.undone.length ? `undid ${undone} created resource${undone === 1 ? '' : 's'}${failedUndo ? `, ${failedUndo} could not be undone (still in the inventory)` : ''}` : 'nothing to undo or --keep-partial given: created resources remain and are in the inventory'}.`,
  );
}
