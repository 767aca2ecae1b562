// One host reconcile pass as data: observe what the specs and the inventory mention, diff, plan.
// Shared by `plan`, `apply`, `destroy`, the benchmark and (later) `watch`.
import type { HostBackend, ObserveRequest } from '../host/backend.js';
import { partialPathFor } from '../host/partial-file.js';
import { isObservationComplete, type HostObservation } from '../host/observation.js';
import type { DesiredState } from '../model/resolved.js';
import { dirname } from 'node:path';
import { isStorageKind, type Inventory } from '../state/inventory.js';
import { networkObserveRequest } from './diff-nat.js';
import { diffResources, requiredModules } from './diff.js';
import { planChanges } from './plan.js';
import type { Plan } from './types.js';

export interface PlanHostInput {
  desired: DesiredState;
  /** Documents read from the spec directory; 0 means "no manifests" and forbids deletes. */
  documentCount: number;
  inventory: Inventory;
  backend: HostBackend;
  mode: 'apply' | 'destroy';
  prune?: boolean;
  allowEmpty?: boolean;
  imageCacheDir?: string;
  /** The state directory (network service files live under it). */
  stateDir?: string;
}

export interface PlanHostResult {
  plan: Plan;
  observation: HostObservation;
  timings: { observeMs: number; diffPlanMs: number };
}

export function observeRequestFor(desired: DesiredState, inventory: Inventory, stateDir?: string): ObserveRequest {
  const files = new Set<string>();
  // Each file volume's temporary too: a leftover one is reported by the plan.
  for (const v of desired.volumes) if (v.backend.type === 'file') files.add(v.backend.path).add(partialPathFor(v.backend.path));
  const filesystems = new Set<string>();
  for (const s of desired.snapshots ?? [])
    if (s.backend.type === 'file') {
      files.add(s.backend.path).add(partialPathFor(s.backend.path));
      filesystems.add(dirname(s.backend.path));
    }
  for (const v of desired.volumes)
    if (v.cloneOf?.backend?.type === 'file' && v.backend.type === 'file') filesystems.add(dirname(v.backend.path));
  for (const e of inventory.entries) if (isStorageKind(e.kind) && e.backend !== 'zfs') files.add(e.id);
  const zfs =
    desired.volumes.some((v) => v.backend.type === 'zfs') ||
    (desired.snapshots ?? []).some((s) => s.backend.type === 'zfs') ||
    inventory.entries.some((e) => isStorageKind(e.kind) && e.backend === 'zfs');
  const network = networkObserveRequest(desired, inventory, stateDir);
  return {
    files: [...files],
    modules: requiredModules(desired),
    zfs,
    ...(filesystems.size ? { filesystems: [...filesystems] } : {}),
    ...(network ? { network } : {}),
  };
}

/** Pure: diff and plan from an observation already made. */
export function planFromObservation(
  input: Omit<PlanHostInput, 'backend'> & { backend: Pick<HostBackend, 'commandsFor'> },
  observation: HostObservation,
): Plan {
  const notes: string[] = [];
  let deletesAllowed = true;
  if (!isObservationComplete(observation)) {
    deletesAllowed = false;
    notes.push('host observation was incomplete: nothing will be deleted');
  }
  if (input.documentCount === 0 && !input.allowEmpty) {
    deletesAllowed = false;
    notes.push('the spec directory has no manifests: nothing will be deleted (--allow-empty overrides)');
  }
  const diff = diffResources({
    desired: input.desired,
    observed: observation,
    inventory: input.inventory,
    options: {
      mode: input.mode,
      prune: input.prune ?? false,
      deletesAllowed,
      ...(input.imageCacheDir ? { imageCacheDir: input.imageCacheDir } : {}),
      ...(input.stateDir ? { stateDir: input.stateDir } : {}),
    },
  });
  diff.notes.unshift(...notes);
  return planChanges(diff, input.backend, deletesAllowed);
}

export async function planHost(input: PlanHostInput): Promise<PlanHostResult> {
  const t0 = performance.now();
  const observation = await input.backend.observe(observeRequestFor(input.desired, input.inventory, input.stateDir));
  const t1 = performance.now();
  const plan = planFromObservation(input, observation);
  return { plan, observation, timings: { observeMs: t1 - t0, diffPlanMs: performance.now() - t1 } };
}
