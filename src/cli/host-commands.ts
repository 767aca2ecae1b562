// `tshyve plan DIR`, `tshyve apply DIR`, `tshyve destroy DIR`: reconcile the host's bridges, taps,
// volumes and modules with the specs (issue 3), through the Linux backend, under a state-dir lock.
import { parseArgs } from 'node:util';
import { TshyveError } from '../errors.js';
import { NETNS_PATTERN } from '../host/operations.js';
import { formatPlan } from '../reconcile/format-plan.js';
import { hasChanges } from '../reconcile/plan.js';
import { applyReconcile, combinedSummary, formatReconcilePlan, planReconcile } from '../reconcile/reconcile.js';
import type { VmChange } from '../reconcile/vm-diff.js';
import { acquireLock } from '../state/lock.js';
import { resolveStateDir, statePaths } from '../state/paths.js';
import { applyResultToJson, planToJson, printApplyResult, printPreflight, progressPrinter } from './host-output.js';
import { printDiagnostics, printJson, type Output } from './output.js';
import { loadForCli } from './spec-commands.js';
import { filterForHost, parseHostLabels } from '../watch/host-filter.js';
import { hostIdentity } from '../watch/host-identity.js';

const OPTIONS = {
  json: { type: 'boolean', default: false },
  'state-dir': { type: 'string' },
  netns: { type: 'string' },
  'detailed-exitcode': { type: 'boolean', default: false },
  'keep-partial': { type: 'boolean', default: false },
  prune: { type: 'boolean', default: false },
  'allow-empty': { type: 'boolean', default: false },
  verbose: { type: 'boolean', short: 'v', default: false },
  'no-host-check': { type: 'boolean', default: false },
  host: { type: 'string' },
  'host-label': { type: 'string', multiple: true, default: [] as string[] },
} as const;

function parseHostArgs(args: string[], verb: string) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  if (positionals.length !== 1) throw new TshyveError('TSHYVE_USAGE', `usage: tshyve ${verb} DIR [--state-dir DIR] [--netns NAME] [--json]${verb === 'plan' ? ' [--detailed-exitcode]' : ' [--keep-partial]'} [--prune] [--allow-empty] [-v]`);
  if (values.netns !== undefined && !NETNS_PATTERN.test(values.netns)) throw new TshyveError('TSHYVE_USAGE', `--netns ${JSON.stringify(values.netns)} is not a valid namespace name`);
  return { dir: positionals[0]!, values, stateDir: resolveStateDir(values['state-dir']) };
}

type HostArgs = ReturnType<typeof parseHostArgs>;

async function prepare(parsed: HostArgs, output: Output, mode: 'apply' | 'destroy') {
  const { values } = parsed;
  const loaded = await loadForCli(parsed.dir, !values['no-host-check']);
  if (!loaded.ok) {
    if (values.json) printJson(output, { ok: false, diagnostics: loaded.diagnostics });
    else printDiagnostics(output, loaded.diagnostics);
    return undefined;
  }
  if (!values.json) printDiagnostics(output, loaded.diagnostics);
  let labels: Record<string, string>;
  try {
    labels = parseHostLabels(values['host-label'] as string[]);
  } catch (error) {
    throw new TshyveError('TSHYVE_USAGE', (error as Error).message);
  }
  // Only what is placed on this host (by name or labels; tshyve.dev/kvm is detected).
  const desired = filterForHost(loaded.state, hostIdentity(values.host, labels));
  const planned = await planReconcile({ desired, documentCount: loaded.documentCount, stateDir: parsed.stateDir, mode, ...(values.netns ? { netns: values.netns } : {}), prune: values.prune!, allowEmpty: values['allow-empty']! });
  return { ...planned, paths: statePaths(parsed.stateDir) };
}

const hostLines = (verbose: boolean) => (plan: Parameters<typeof formatPlan>[0]) => formatPlan(plan, { commands: verbose });

function vmsToJson(changes: VmChange[]) {
  return changes.map(({ name, action, reasons, pid }) => ({ kind: 'vm', id: name, action, reasons, ...(pid ? { pid } : {}) }));
}

export async function planCommand(args: string[], output: Output): Promise<number> {
  const parsed = parseHostArgs(args, 'plan');
  const prepared = await prepare(parsed, output, 'apply');
  if (!prepared) return 1;
  const { plan, problems } = prepared;
  if (parsed.values.json) printJson(output, { ok: combinedSummary(prepared).blocked === 0, plan: planToJson(plan), vms: vmsToJson(prepared.vms.changes), preflight: problems });
  else {
    for (const line of formatReconcilePlan(prepared, hostLines(parsed.values.verbose!))) output.out(line);
    printPreflight(output, problems, 'warning: preflight');
  }
  if (combinedSummary(prepared).blocked > 0) return 1;
  const vmChanges = prepared.vms.changes.some((c) => c.action !== 'no-op');
  return parsed.values['detailed-exitcode'] && (hasChanges(plan) || vmChanges) ? 2 : 0;
}

async function runApply(args: string[], output: Output, verb: 'apply' | 'destroy'): Promise<number> {
  const parsed = parseHostArgs(args, verb);
  const json = parsed.values.json!;
  const paths = statePaths(parsed.stateDir);
  const lock = await acquireLock(paths.lock, paths.dir);
  try {
    if (lock.tookOverFrom !== undefined) output.err(`note: took over a stale lock ${paths.lock} left by pid ${lock.tookOverFrom || 'unknown'} (no longer running)`);
    const prepared = await prepare(parsed, output, verb);
    if (!prepared) return 1;
    const { plan, problems } = prepared;
    if (!json) for (const line of formatReconcilePlan(prepared, hostLines(parsed.values.verbose!))) output.out(line);
    if (problems.length) {
      if (json) printJson(output, { ok: false, plan: planToJson(plan), preflight: problems });
      printPreflight(output, problems, 'preflight');
      throw new TshyveError('TSHYVE_PREFLIGHT_FAILED', `preflight found ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was changed`);
    }
    const full = await applyReconcile(prepared, {
      stateDir: parsed.stateDir,
      ...(parsed.values.netns ? { netns: parsed.values.netns } : {}),
      keepPartial: parsed.values['keep-partial']!,
      ...(json ? {} : { onHostEvent: progressPrinter(output), onVmEvent: (e: { type: string; name: string; ok: boolean; detail: string; durationMs: number }) => output.err(`${e.type === 'vm-start' ? '+' : '-'} vm ${e.name} … ${e.ok ? 'ok' : 'FAILED'} (${e.detail}, ${e.durationMs.toFixed(0)} ms)`) }),
    });
    const result = full.host;
    const vmFailures = [...full.vmStops.failures, ...(full.vmStarts?.failures ?? [])];
    if (json) printJson(output, { ok: full.ok && combinedSummary(prepared).blocked === 0, plan: planToJson(plan), vms: vmsToJson(prepared.vms.changes), result: applyResultToJson(result), vmFailures });
    else if (vmFailures.length && result.ok) output.err(`${verb === 'destroy' ? 'Destroy' : 'Apply'} incomplete: host steps done, ${vmFailures.length} VM${vmFailures.length === 1 ? '' : 's'} failed (see \`tshyve ps\` and \`tshyve logs NAME --vmm\`).`);
    else if (hasChanges(plan) || !result.ok || prepared.vms.changes.some((c) => c.action !== 'no-op')) printApplyResult(output, { ...plan, summary: { ...combinedSummary(prepared) } }, result, verb);
    for (const f of vmFailures) output.err(`${verb}: vm ${f.name}: ${f.message}`);
    if (!result.ok || vmFailures.length) return 1;
    if (combinedSummary(prepared).blocked > 0) {
      if (!json) output.err(`${verb}: ${combinedSummary(prepared).blocked} change${combinedSummary(prepared).blocked === 1 ? ' was' : 's were'} blocked (see \`!\` lines); everything else was applied`);
      return 1;
    }
    return 0;
  } finally {
    await lock.release();
  }
}

export function applyCommand(args: string[], output: Output): Promise<number> {
  return runApply(args, output, 'apply');
}

export function destroyCommand(args: string[], output: Output): Promise<number> {
  return runApply(args, output, 'destroy');
}
