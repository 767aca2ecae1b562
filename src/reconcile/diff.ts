// Diffs desired state, host observation and inventory into changes (Flux-style ownership): modules,
// bridges, taps, volumes, snapshots, then deletes of owned resources no longer wanted, only when deletes are safe.
import { snapshotId, volumeId } from '../model/volume-identity.js';
import type { HostObservation } from '../host/observation.js';
import type { HostOperation } from '../host/operations.js';
import type { DesiredState } from '../model/resolved.js';
import { TshyveError } from '../errors.js';
import { indexInventory, inventoryKey, isStorageKind, keyOf, type Inventory, type InventoryEntry } from '../state/inventory.js';
import type { DiffContext, DiffOptions } from './diff-context.js';
import { diffNetworkServices, diffServiceRemoval, isServiceEntry, serviceKeys } from './diff-nat.js';
import { diffBridge, diffTap } from './diff-network.js';
import { diffSnapshot } from './diff-snapshots.js';
import { diffVolume } from './diff-volumes.js';
import type { Change } from './types.js';

export interface DiffInput {
  desired: DesiredState;
  observed: HostObservation;
  inventory: Inventory;
  options: DiffOptions;
  now?: string;
}

export interface DiffResult {
  changes: Change[];
  notes: string[];
}

/** Kernel modules the desired state needs (Linux names; the FreeBSD backend maps its own). */
export function requiredModules(desired: DesiredState): string[] {
  return [...(desired.bridges.length ? ['bridge'] : []), ...(desired.taps.length ? ['tun'] : [])];
}

function diffModules(observed: HostObservation, names: string[], notes: string[]): Change[] {
  return names.map((name): Change => {
    const m = observed.modules.get(name);
    const base = { kind: 'module' as const, id: name, undo: [] };
    if (m?.state === 'absent')
      return { ...base, action: 'create', reasons: [`not loaded (${m.evidence})`], ops: [{ op: 'module.load', name }] };
    if (!m || m.state === 'unknown')
      notes.push(`kernel module ${name}: cannot tell whether it is present (${m?.evidence ?? 'not observed'}); not loading it`);
    return { ...base, action: 'no-op', reasons: m ? [`${m.state} (${m.evidence})`] : [], ops: [] };
  });
}

function deleteOps(entry: InventoryEntry): HostOperation[] {
  if (!isStorageKind(entry.kind)) return [{ op: 'link.delete', ifname: entry.id }];
  return entry.backend === 'zfs' ? [{ op: 'zvol.destroy', dataset: entry.id }] : [{ op: 'file.delete', path: entry.id }];
}

function existsOnHost(ctx: DiffContext, entry: InventoryEntry): boolean | undefined {
  if (!isStorageKind(entry.kind)) return ctx.links.has(entry.id);
  if (entry.backend === 'zfs') {
    const zfs = ctx.observed.zfs;
    if (!zfs.ok || ('absent' in zfs && zfs.absent)) return undefined;
    return zfs.value.has(entry.id);
  }
  return ctx.observed.files.ok ? ctx.observed.files.value.get(entry.id)?.exists : undefined;
}

/** The change for an owned resource that should go; undefined when nothing is to be done. */
function diffRemoval(ctx: DiffContext, entry: InventoryEntry): Change | undefined {
  const base = {
    kind: entry.kind,
    id: entry.id,
    resource: entry.resource,
    undo: [] as HostOperation[],
    forget: keyOf(entry),
    ...(entry.cloneOf ? { clone: true } : {}),
  };
  const exists = existsOnHost(ctx, entry);
  if (exists === false) return { ...base, action: 'no-op', reasons: ['already gone from the host: forget it'], ops: [] };
  if (!ctx.options.deletesAllowed) {
    ctx.notes.push(
      `${entry.kind} ${entry.id} is no longer wanted but deletes are skipped (observation incomplete ` +
        `or no manifests; --allow-empty overrides)`,
    );
    return undefined;
  }
  if (exists === undefined) {
    ctx.notes.push(`${entry.kind} ${entry.id}: cannot observe it, not deleting`);
    return undefined;
  }
  if (entry.origin === 'adopted')
    return { ...base, action: 'no-op', reasons: ['adopted, not created by tshyve: released, left in place'], ops: [] };
  if (isStorageKind(entry.kind) && !(entry.reclaimPolicy === 'Delete' && ctx.options.prune)) {
    ctx.notes.push(
      `${entry.kind} ${entry.id} (${entry.resource}) is kept: ${entry.reclaimPolicy === 'Delete' ? 'pass --prune to delete it' : 'reclaimPolicy Retain'}`,
    );
    return undefined;
  }
  return {
    ...base,
    action: 'delete',
    reasons: [ctx.options.mode === 'destroy' ? 'destroy' : 'removed from the specs'],
    ops: deleteOps(entry),
  };
}

export function diffResources(input: DiffInput): DiffResult {
  const { desired, observed, options } = input;
  if (!observed.links.ok) throw new TshyveError('TSHYVE_HOST_OBSERVE_FAILED', `cannot observe network links: ${observed.links.error}`);
  const ctx: DiffContext = {
    observed,
    links: observed.links.value,
    inventory: indexInventory(input.inventory),
    options,
    now: input.now ?? new Date().toISOString(),
    notes: [],
  };
  const changes: Change[] = [];
  const wanted = new Set<string>();
  if (options.mode === 'apply') {
    changes.push(...diffModules(observed, requiredModules(desired), ctx.notes));
    const bridgeChanges = desired.bridges.map((b) => diffBridge(ctx, b));
    const blocked = new Set(bridgeChanges.filter((c) => c.blocked).map((c) => c.id));
    const replaced = new Set(bridgeChanges.filter((c) => c.action === 'replace').map((c) => c.id));
    const volumeChanges = desired.volumes.map((v) => diffVolume(ctx, v));
    const blockedVolumes = new Set(volumeChanges.filter((c) => c.blocked).map((c) => c.resource!));
    changes.push(
      ...bridgeChanges,
      ...desired.taps.map((t) => diffTap(ctx, t, blocked, replaced)),
      ...diffNetworkServices(ctx, desired, { blocked, replaced }),
      ...volumeChanges,
      ...(desired.snapshots ?? []).map((s) => diffSnapshot(ctx, desired, s, blockedVolumes)),
    );
    for (const key of serviceKeys(desired, options.stateDir, observed.netns)) wanted.add(key);
    for (const b of desired.bridges) wanted.add(inventoryKey('bridge', b.ifname, observed.netns));
    for (const t of desired.taps) wanted.add(inventoryKey('tap', t.ifname, observed.netns));
    for (const v of desired.volumes) wanted.add(inventoryKey('volume', volumeId(v)));
    for (const s of desired.snapshots ?? []) wanted.add(inventoryKey('snapshot', snapshotId(s)));
  }
  // apply: remove owned resources the specs no longer name; destroy: remove the ones they do name.
  const named = new Set([
    ...desired.bridges.map((b) => inventoryKey('bridge', b.ifname, observed.netns)),
    ...desired.taps.map((t) => inventoryKey('tap', t.ifname, observed.netns)),
    ...desired.volumes.map((v) => inventoryKey('volume', volumeId(v))),
    ...(desired.snapshots ?? []).map((s) => inventoryKey('snapshot', snapshotId(s))),
    ...serviceKeys(desired, options.stateDir, observed.netns),
  ]);
  for (const entry of ctx.inventory.values()) {
    if (!isStorageKind(entry.kind) && (entry.netns ?? undefined) !== observed.netns) continue;
    const key = keyOf(entry);
    if (options.mode === 'apply' ? wanted.has(key) : !named.has(key)) continue;
    const change = isServiceEntry(entry) ? diffServiceRemoval(ctx, entry, key) : diffRemoval(ctx, entry);
    if (change) changes.push(change);
  }
  return { changes, notes: ctx.notes };
}
