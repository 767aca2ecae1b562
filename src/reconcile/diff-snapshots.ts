// Diff of volume snapshots: taken once when first declared (zfs snapshot, or a read-only copy of a
// file volume), never changed afterwards; conflict on one tshyve does not own. Deletes: diff.ts.
import { dirname } from 'node:path';
import { copyMethod } from '../host/filesystem-kind.js';
import type { HostOperation } from '../host/operations.js';
import type { DesiredState, ResolvedVolumeSnapshot } from '../model/resolved.js';
import { snapshotId } from '../model/volume-identity.js';
import type { InventoryEntry } from '../state/inventory.js';
import { ownedEntry, type DiffContext } from './diff-context.js';
import type { Change } from './types.js';

function snapshotEntry(ctx: DiffContext, s: ResolvedVolumeSnapshot, createdAt = ctx.now): InventoryEntry {
  return {
    kind: 'snapshot',
    id: snapshotId(s),
    resource: s.meta.name,
    origin: 'created',
    createdAt,
    backend: s.backend.type,
    reclaimPolicy: s.reclaimPolicy,
  };
}

function present(ctx: DiffContext, s: ResolvedVolumeSnapshot): boolean | { why: string } {
  if (s.backend.type === 'file') {
    if (!ctx.observed.files.ok) return { why: ctx.observed.files.error };
    return ctx.observed.files.value.get(s.backend.path)?.exists ?? false;
  }
  const zfs = ctx.observed.zfs;
  if (!zfs.ok) return { why: `cannot observe ZFS: ${zfs.error}` };
  return zfs.value.has(s.backend.snapshot);
}

function createOps(s: ResolvedVolumeSnapshot): { ops: HostOperation[]; undo: HostOperation[] } {
  if (s.backend.type === 'zfs')
    return {
      ops: [{ op: 'zvol.snapshot', snapshot: s.backend.snapshot, resource: s.meta.name }],
      undo: [{ op: 'zvol.destroy', dataset: s.backend.snapshot }],
    };
  return {
    ops: [{ op: 'file.snapshot', source: s.backend.sourcePath, path: s.backend.path }],
    undo: [{ op: 'file.delete', path: s.backend.path }],
  };
}

/** The VMs whose disks name the snapshot's volume: a snapshot taken while one runs is crash-consistent only. */
function writersOf(desired: DesiredState, volume: string): string[] {
  return desired.vms.filter((vm) => vm.disks.some((d) => d.volume === volume && !d.readOnly)).map((vm) => vm.meta.name);
}

export function diffSnapshot(ctx: DiffContext, desired: DesiredState, s: ResolvedVolumeSnapshot, blockedVolumes: Set<string>): Change {
  const id = snapshotId(s);
  const base = { kind: 'snapshot' as const, id, resource: s.meta.name, undo: [] as HostOperation[] };
  const owned = ownedEntry(ctx, 'snapshot', id);
  const seen = present(ctx, s);
  if (typeof seen === 'object')
    return { ...base, action: 'no-op', reasons: [], ops: [], blocked: { code: 'unobservable', message: `snapshot ${id}: ${seen.why}` } };
  if (seen) {
    if (owned) {
      // Only the inventory's view changes (the reclaim policy): the snapshot itself never does.
      const record = snapshotEntry(ctx, s, owned.createdAt);
      const same = owned.reclaimPolicy === record.reclaimPolicy && owned.resource === record.resource;
      return { ...base, action: 'no-op', reasons: [], ops: [], ...(same ? {} : { record }) };
    }
    return {
      ...base,
      action: 'no-op',
      reasons: [],
      ops: [],
      blocked: { code: 'conflict', message: `snapshot ${id} exists but tshyve did not take it; remove it or name another snapshot` },
    };
  }
  if (blockedVolumes.has(s.volume))
    return {
      ...base,
      action: 'no-op',
      reasons: [],
      ops: [],
      blocked: { code: 'refused', message: `snapshot ${id}: its volume ${s.volume} cannot be made (see above)` },
    };
  const reasons = [
    ...(owned ? ['missing from the host (deleted by hand?): taken again from the volume as it is now'] : []),
    `of volume ${s.volume}`,
  ];
  if (s.backend.type === 'file') reasons.push(copyMethod(ctx.observed.filesystems?.get(dirname(s.backend.path))));
  const writers = writersOf(desired, s.volume);
  if (writers.length)
    ctx.notes.push(
      `snapshot ${id}: crash-consistent only if ${writers.map((w) => `vm ${w}`).join(', ')} is running when it is taken ` +
        `(the guest is not quiesced; stop the VM first for a clean copy)`,
    );
  const { ops, undo } = createOps(s);
  return { ...base, action: 'create', reasons, ops, undo, record: snapshotEntry(ctx, s) };
}
