// One full reconcile pass: the host plan (modules, bridges, taps, volumes) and the VM changes,
// planned together and applied in a safe order: stop VMs, host steps, start VMs. Used by
// `plan`, `apply`, `destroy` and the `watch` loop.
import type { HostBackend } from '../host/backend.js';
import { LinuxBackend } from '../host/linux-backend.js';
import { checkPreflight, type PreflightProblem } from '../host/preflight.js';
import type { DesiredState } from '../model/resolved.js';
import { readInventory, writeInventory, type Inventory } from '../state/inventory.js';
import { statePaths } from '../state/paths.js';
import { writePlacementRecord } from '../state/placement-record.js';
import { applyPlan, type ApplyEvent, type ApplyResult } from './apply.js';
import { formatChanges, formatSummary } from './format-plan.js';
import { summarizeChanges } from './plan.js';
import type { PlanSummary } from './types.js';
import { planHost, type PlanHostResult } from './reconcile-host.js';
import { startVms, stopVms, observeVmState, type VmApplyOptions, type VmApplyResult } from './vm-apply.js';
import { destroyVms, diffVms, type VmChange } from './vm-diff.js';

export interface ReconcileInput {
  desired: DesiredState;
  documentCount: number;
  stateDir: string;
  mode: 'apply' | 'destroy';
  netns?: string;
  prune?: boolean;
  allowEmpty?: boolean;
  /** Start VMs that `tshyve stop` holds down (`apply --restart-stopped`). */
  restartStopped?: boolean;
  /** Delay restarts of crash-looping VMs (the agent). */
  honourBackoff?: boolean;
  /** Declared VMs placed on other hosts (recorded for `ps`). */
  unplaced?: { name: string; reason: string }[];
  /** The host backend (default: Linux, in `netns` when given); tests pass a fake. */
  backend?: HostBackend;
}

export interface ReconcilePlan extends PlanHostResult {
  backend: HostBackend;
  inventory: Inventory;
  problems: PreflightProblem[];
  vms: { changes: VmChange[]; notes: string[] };
  mode: 'apply' | 'destroy';
  unplaced: { name: string; reason: string }[];
}

export async function planReconcile(input: ReconcileInput): Promise<ReconcilePlan> {
  const backend = input.backend ?? new LinuxBackend(input.netns ? { netns: input.netns } : {});
  const inventory = await readInventory(statePaths(input.stateDir).inventory);
  const host = await planHost({
    desired: input.desired,
    documentCount: input.documentCount,
    inventory,
    backend,
    mode: input.mode,
    prune: input.prune ?? false,
    allowEmpty: input.allowEmpty ?? false,
    imageCacheDir: statePaths(input.stateDir).images,
    stateDir: input.stateDir,
  });
  const problems = await checkPreflight(
    host.plan.steps.flatMap((s) => s.change.ops),
    host.observation,
    await backend.facts(),
  );
  const { observed, running } = await observeVmState(input.stateDir);
  const vms =
    input.mode === 'destroy'
      ? { changes: destroyVms(input.desired.vms, observed, running), notes: [] }
      : diffVms({
          desired: input.desired.vms,
          observed,
          running,
          deletesAllowed: host.plan.deletesAllowed,
          restartStopped: input.restartStopped ?? false,
          honourBackoff: input.honourBackoff ?? false,
        });
  return { ...host, backend, inventory, problems, vms, mode: input.mode, unplaced: input.unplaced ?? [] };
}

export interface ReconcileResult {
  ok: boolean;
  host: ApplyResult;
  /** VMs that failed to start (none when the host steps failed: then no VM is started). */
  vmStarts?: VmApplyResult;
  /** An interrupt stopped the pass before it finished. */
  interrupted?: boolean;
}

export interface ReconcileApplyOptions {
  stateDir: string;
  netns?: string;
  keepPartial?: boolean;
  onHostEvent?(event: ApplyEvent): void;
  onVmEvent?: VmApplyOptions['onEvent'];
  onStopProgress?: VmApplyOptions['onStopProgress'];
  honourDelays?: boolean;
  /** First interrupt: stop before the next step (host or VM). */
  signal?: AbortSignal;
  /** Second interrupt: cancel the running host command too. */
  cancelSignal?: AbortSignal;
}

export async function applyReconcile(planned: ReconcilePlan, options: ReconcileApplyOptions): Promise<ReconcileResult> {
  const vmOptions: VmApplyOptions = {
    stateDir: options.stateDir,
    ...(options.netns ? { netns: options.netns } : {}),
    ...(options.onVmEvent ? { onEvent: options.onVmEvent } : {}),
    ...(options.onStopProgress ? { onStopProgress: options.onStopProgress } : {}),
    ...(options.honourDelays !== undefined ? { honourDelays: options.honourDelays } : {}),
  };
  if (planned.mode === 'apply') await writePlacementRecord(options.stateDir, planned.unplaced);
  // VMs leave before the taps and bridges they use can go.
  const stopped = () => Boolean(options.signal?.aborted || options.cancelSignal?.aborted);
  const notRun = (): ApplyResult => ({ ok: false, timings: [], undone: [], interrupted: { remaining: planned.plan.steps.length } });
  if (stopped()) return { ok: false, host: notRun(), interrupted: true };
  await stopVms(planned.vms.changes, vmOptions);
  if (stopped()) return { ok: false, host: notRun(), interrupted: true };
  const paths = statePaths(options.stateDir);
  const host = await applyPlan(planned.plan, planned.backend, {
    inventory: planned.inventory,
    saveInventory: (inv) => writeInventory(paths.inventory, inv),
    keepPartial: options.keepPartial ?? false,
    ...(options.onHostEvent ? { onEvent: options.onHostEvent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.cancelSignal ? { cancelSignal: options.cancelSignal } : {}),
  });
  if (!host.ok) return { ok: false, host, ...(host.interrupted ? { interrupted: true } : {}) };
  if (stopped()) return { ok: false, host, interrupted: true };
  const vmStarts = await startVms(planned.vms.changes, { ...vmOptions, ...(options.signal ? { signal: options.signal } : {}) });
  return { ok: vmStarts.ok, host, vmStarts, ...(vmStarts.interrupted.length ? { interrupted: true } : {}) };
}

/** `+ vm web: start`, `~ vm web (restart): memory 512MiB → 1GiB`, `- vm old: stop`. */
export function formatVmChange(c: VmChange): string | undefined {
  if (c.blocked) return `! vm ${c.name}: cannot run here: ${c.blocked}`;
  switch (c.action) {
    case 'create':
      return `+ vm ${c.name}: start (${c.reasons.join(', ')})`;
    case 'update':
      return `~ vm ${c.name} (restart): ${c.reasons.join(', ')}`;
    case 'delete':
      return `- vm ${c.name}: stop, ${c.reasons.join(', ')}`;
    default:
      return undefined;
  }
}

/** The whole plan as text, in the order apply runs it: VM stops, host steps, VM starts; notes; one summary. */
export function formatReconcilePlan(planned: ReconcilePlan, options: { commands?: boolean } = {}): string[] {
  const vmLines = (stops: boolean) =>
    planned.vms.changes
      .filter((c) => (c.action === 'delete') === stops)
      .map(formatVmChange)
      .filter((l): l is string => l !== undefined);
  const vmNotes = planned.vms.changes
    .filter((c) => c.action === 'no-op' && !c.blocked && !(c.reasons.length === 1 && RUNNING_PHASES.has(c.reasons[0]!)))
    .map((c) => `vm ${c.name}: ${c.reasons.join(', ')}`);
  const notes = [...planned.plan.notes, ...planned.vms.notes, ...vmNotes].map((n) => `note: ${n}`);
  return [...vmLines(true), ...formatChanges(planned.plan, options), ...vmLines(false), ...notes, formatSummary(combinedSummary(planned))];
}

/** No-op reasons of a VM whose process runs: nothing worth a note. */
const RUNNING_PHASES = new Set(['running', 'starting', 'backoff', 'stopping', 'crash-loop']);

/** Terraform's `Changes.Empty()`, once for the whole plan: host steps and VM changes. */
export function planHasChanges(planned: ReconcilePlan): boolean {
  const s = combinedSummary(planned);
  return s.add + s.change + s.destroy > 0;
}

/** The one summary of the whole plan: host and VM changes counted by the same rule. */
export function combinedSummary(planned: ReconcilePlan): PlanSummary {
  return summarizeChanges([...planned.plan.changes, ...planned.vms.changes]);
}
