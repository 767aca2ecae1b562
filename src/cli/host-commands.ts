// `tshyve plan DIR`, `tshyve apply DIR`, `tshyve destroy DIR`: reconcile the host's bridges, taps,
// volumes and modules with the specs, through the host backend, under a state-dir lock;
// SIGINT/SIGTERM stop between steps (exit 130), and `destroy` asks on a terminal unless --yes.
import { TshyveError } from '../errors.js';
import { applyReconcile, combinedSummary, formatReconcilePlan, planHasChanges, planReconcile } from '../reconcile/reconcile.js';
import type { VmEvent } from '../reconcile/vm-apply.js';
import type { VmChange } from '../reconcile/vm-diff.js';
import { acquireLock } from '../state/lock.js';
import { resolveStateDir, statePaths } from '../state/paths.js';
import { applyResultToJson, planToJson, printApplyResult, printPreflight, progressPrinter } from './host-output.js';
import { consoleOutput, printDiagnostics, printJson, type Output } from './output.js';
import { confirmYes } from './confirm.js';
import { INTERRUPTED_EXIT_CODE, watchInterrupts, type InterruptWatch } from './interrupt.js';
import type { ApplyEvent } from '../reconcile/apply.js';
import { formatChange } from '../reconcile/format-plan.js';
import type { Step } from '../reconcile/types.js';
import { loadForCli } from './spec-commands.js';
import { filterForHost, unplacedVms } from '../placement/host-filter.js';
import { checkNetns, hostFromFlags } from './common-flags.js';
import { formatStopWait } from '../supervise/process-control.js';
import { expectPositionals, parseVerbArgs } from './parse-verb.js';

/** The flags plan, apply and destroy share (each verb accepts its own subset: verbs.ts). */
interface HostValues {
  json?: boolean;
  'state-dir'?: string;
  netns?: string;
  'detailed-exitcode'?: boolean;
  'keep-partial'?: boolean;
  prune?: boolean;
  'allow-empty'?: boolean;
  verbose?: boolean;
  'no-host-check'?: boolean;
  'restart-stopped'?: boolean;
  yes?: boolean;
  host?: string;
  'host-label'?: string[];
}

function parseHostArgs(args: string[], verb: 'plan' | 'apply' | 'destroy') {
  const { values: parsed, positionals } = parseVerbArgs(verb, args);
  const values = parsed as HostValues;
  expectPositionals(verb, positionals, 1);
  if (values.netns !== undefined) checkNetns(values.netns);
  return { dir: positionals[0]!, values, stateDir: resolveStateDir(values['state-dir']) };
}

type HostArgs = ReturnType<typeof parseHostArgs>;

async function prepare(parsed: HostArgs, output: Output, mode: 'apply' | 'destroy') {
  const { values } = parsed;
  const host = hostFromFlags(values);
  // Host facts (memory, firmware files) are errors for what this host would run.
  const loaded = await loadForCli(
    parsed.dir,
    !values['no-host-check'],
    (state) => {
      const here = filterForHost(state, host);
      const names = new Set([
        ...here.vms.map((v) => `VirtualMachine/${v.meta.name}`),
        ...here.firmware.map((f) => `Firmware/${f.meta.name}`),
      ]);
      return (kind, name) => names.has(`${kind}/${name}`);
    },
    parsed.stateDir,
  );
  if (!loaded.ok) {
    if (values.json) printJson(output, { ok: false, diagnostics: loaded.diagnostics });
    else printDiagnostics(output, loaded.diagnostics);
    return undefined;
  }
  if (!values.json) printDiagnostics(output, loaded.diagnostics);
  // Only what is placed on this host (by name or labels; tshyve.dev/kvm is detected).
  const desired = filterForHost(loaded.state, host);
  const planned = await planReconcile({
    desired,
    documentCount: loaded.documentCount,
    stateDir: parsed.stateDir,
    mode,
    ...(values.netns ? { netns: values.netns } : {}),
    prune: values.prune!,
    allowEmpty: values['allow-empty']!,
    restartStopped: values['restart-stopped']!,
    unplaced: unplacedVms(loaded.state, host),
  });
  // Every symlinked path with what it resolves to, so the plan shows what the VMs really open.
  const plan = { ...planned.plan, notes: [...planned.plan.notes, ...loaded.symlinks] };
  return { ...planned, plan, paths: statePaths(parsed.stateDir) };
}

function vmsToJson(changes: VmChange[]) {
  return changes.map(({ name, action, reasons, pid }) => ({ kind: 'vm', id: name, action, reasons, ...(pid ? { pid } : {}) }));
}

export async function planCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseHostArgs(args, 'plan');
  const prepared = await prepare(parsed, output, 'apply');
  if (!prepared) return 1;
  const { plan, problems } = prepared;
  const { blocked } = combinedSummary(prepared);
  if (parsed.values.json)
    printJson(output, {
      ok: blocked === 0,
      summary: combinedSummary(prepared),
      plan: planToJson(plan),
      vms: vmsToJson(prepared.vms.changes),
      preflight: problems,
    });
  else {
    for (const line of formatReconcilePlan(prepared, { commands: parsed.values.verbose! })) output.out(line);
    printPreflight(output, problems, 'warning: preflight');
  }
  if (blocked > 0) return 1;
  return parsed.values['detailed-exitcode'] && planHasChanges(prepared) ? 2 : 0;
}

/** On a terminal, `destroy` asks first (unless --yes); without one (scripts, the agent) it goes ahead. */
async function confirmDestroy(parsed: HostArgs, interrupts: InterruptWatch): Promise<boolean> {
  if (parsed.values.yes || !process.stdin.isTTY) return true;
  // The question would corrupt JSON output: a terminal user of --json says --yes (as terraform's -auto-approve).
  if (parsed.values.json) throw new TshyveError('TSHYVE_USAGE', 'destroy --json on a terminal needs --yes (nothing was changed)');
  return confirmYes(
    `Do you really want to destroy everything listed above for ${parsed.dir}?\n  tshyve will stop ` +
      `those VMs and remove those resources; there is no undo.`,
    process.stdin,
    process.stderr,
    interrupts.signal,
  );
}

function stepLabel(step: Step, total: number): string {
  return `step ${step.index + 1} of ${total} (${formatChange(step.change)})`;
}

async function runApply(args: string[], output: Output, verb: 'apply' | 'destroy'): Promise<number> {
  const parsed = parseHostArgs(args, verb);
  const json = parsed.values.json!;
  const paths = statePaths(parsed.stateDir);
  const interrupts = watchInterrupts(output);
  const lock = await acquireLock(paths.lock, paths.dir).catch((error: unknown) => {
    interrupts.dispose();
    throw error;
  });
  try {
    if (lock.tookOverFrom !== undefined)
      output.err(`note: took over a stale lock ${paths.lock} left by pid ${lock.tookOverFrom || 'unknown'} (no longer running)`);
    const prepared = await prepare(parsed, output, verb);
    if (!prepared) return 1;
    const { plan, problems } = prepared;
    const summary = combinedSummary(prepared);
    if (!json) for (const line of formatReconcilePlan(prepared, { commands: parsed.values.verbose! })) output.out(line);
    if (problems.length) {
      if (json) printJson(output, { ok: false, plan: planToJson(plan), preflight: problems });
      printPreflight(output, problems, 'preflight');
      throw new TshyveError(
        'TSHYVE_PREFLIGHT_FAILED',
        `preflight found ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was changed`,
      );
    }
    if (verb === 'destroy' && planHasChanges(prepared) && !(await confirmDestroy(parsed, interrupts))) {
      output.err('Destroy cancelled.');
      return interrupts.signal.aborted ? INTERRUPTED_EXIT_CODE : 1;
    }
    const printer = progressPrinter(output, output === consoleOutput && process.stderr.isTTY ? { tty: process.stderr } : {});
    const onHostEvent = (e: ApplyEvent) => {
      if (e.type === 'step-start')
        interrupts.running(
          stepLabel(e.step, e.total),
          e.step.commands.some((c) => c.progress),
        );
      else if (e.type !== 'copy') interrupts.running(undefined);
      if (!json) printer(e);
    };
    if (prepared.vms.changes.some((c) => c.action === 'delete' || c.action === 'update')) interrupts.running('stopping VMs');
    const full = await applyReconcile(prepared, {
      stateDir: parsed.stateDir,
      ...(parsed.values.netns ? { netns: parsed.values.netns } : {}),
      keepPartial: parsed.values['keep-partial']!,
      onHostEvent,
      signal: interrupts.signal,
      cancelSignal: interrupts.cancelSignal,
      ...(json
        ? {}
        : {
            onVmEvent: (e: VmEvent) => {
              if (e.type !== 'vm-retire')
                output.err(
                  `${e.type === 'vm-start' ? '+' : e.type === 'vm-ready' ? '…' : '-'} vm ${e.name} … ${e.ok ? 'ok' : e.type === 'vm-ready' ? 'NOT READY' : 'FAILED'} (${e.detail}, ` +
                    `${e.durationMs.toFixed(0)} ms)`,
                );
            },
            onStopProgress: (name: string, waited: number, timeout: number) => output.err(formatStopWait(name, waited, timeout)),
          }),
    });
    const result = full.host;
    if (full.interrupted) {
      const notStarted = full.vmStarts?.interrupted ?? [];
      if (json)
        printJson(output, {
          ok: false,
          interrupted: true,
          plan: planToJson(plan),
          result: applyResultToJson(result),
          ...(full.vmStarts ? { vmFailures: full.vmStarts.failures, vmsNotStarted: notStarted } : {}),
        });
      else {
        printApplyResult(output, { ...plan, summary }, result, verb);
        for (const f of full.vmStarts?.failures ?? []) output.err(`${verb}: vm ${f.name}: ${f.message}`);
        if (notStarted.length) output.err(`${verb}: not started (interrupted): ${notStarted.join(', ')}`);
      }
      return INTERRUPTED_EXIT_CODE;
    }
    const vmFailures = full.vmStarts?.failures ?? [];
    if (json)
      printJson(output, {
        ok: full.ok && summary.blocked === 0,
        summary,
        plan: planToJson(plan),
        vms: vmsToJson(prepared.vms.changes),
        result: applyResultToJson(result),
        vmFailures,
      });
    else if (vmFailures.length && result.ok)
      output.err(
        `${verb === 'destroy' ? 'Destroy' : 'Apply'} incomplete: host steps done, ${vmFailures.length} ` +
          `VM${vmFailures.length === 1 ? '' : 's'} failed (see \`tshyve ps\` and \`tshyve logs NAME --vmm\`).`,
      );
    else if (planHasChanges(prepared) || !result.ok) printApplyResult(output, { ...plan, summary }, result, verb);
    for (const f of vmFailures) output.err(`${verb}: vm ${f.name}: ${f.message}`);
    if (!result.ok || vmFailures.length) return 1;
    if (summary.blocked > 0) {
      if (!json)
        output.err(
          `${verb}: ${summary.blocked} change${summary.blocked === 1 ? ' was' : 's were'} blocked (see ` +
            `\`!\` lines); everything else was applied`,
        );
      return 1;
    }
    return 0;
  } finally {
    await lock.release();
    interrupts.dispose();
  }
}

export function applyCommand(args: string[], output: Output): Promise<number> {
  return runApply(args, output, 'apply');
}

export function destroyCommand(args: string[], output: Output): Promise<number> {
  return runApply(args, output, 'destroy');
}
