// Diff of volumes (file and ZFS zvol): create (from a source image or as a clone of a snapshot, only then), grow in place,
// refuse to shrink, conflict on unowned data, report a temporary left by an interrupted apply.
// Deletion rules live in diff.ts.
import type { HostOperation, ImagePreparation } from '../host/operations.js';
import { needsPreparation, preparedImagePath } from '../host/image-source.js';
import { partialPathFor } from '../host/partial-file.js';
import { copyMethod } from '../host/filesystem-kind.js';
import { dirname } from 'node:path';
import type { ResolvedVolume } from '../model/resolved.js';
import type { InventoryEntry } from '../state/inventory.js';
import { formatSize as formatBytes } from '../manifest/units.js';
import { snapshotId, volumeId } from '../model/volume-identity.js';
import { conflictMessage, ownedEntry, type DiffContext } from './diff-context.js';
import type { Change } from './types.js';

function volumeEntry(ctx: DiffContext, v: ResolvedVolume, origin: InventoryEntry['origin'], createdAt = ctx.now): InventoryEntry {
  return {
    kind: 'volume',
    id: volumeId(v),
    resource: v.meta.name,
    origin,
    createdAt,
    backend: v.backend.type,
    reclaimPolicy: v.reclaimPolicy,
    ...(v.cloneOf?.backend ? { cloneOf: snapshotId({ backend: v.cloneOf.backend }) } : {}),
  };
}

function sameEntry(a: InventoryEntry | undefined, b: InventoryEntry): boolean {
  return !!a && a.resource === b.resource && a.origin === b.origin && a.reclaimPolicy === b.reclaimPolicy && a.backend === b.backend;
}

/** The source to copy: the image itself, or its raw form in the image cache, made by a prepare step. */
function sourceOf(v: ResolvedVolume, imageCacheDir: string | undefined): { sourceImage?: string; prepare?: ImagePreparation } {
  if (!v.sourceImage) return {};
  const s = {
    image: v.sourceImage,
    ...(v.sourceSha256 ? { sha256: v.sourceSha256 } : {}),
    ...(v.sourceFormat ? { format: v.sourceFormat } : {}),
  };
  if (!needsPreparation(s) || !imageCacheDir) return { sourceImage: v.sourceImage };
  return { sourceImage: preparedImagePath(imageCacheDir, s), prepare: s };
}

function createOps(v: ResolvedVolume, imageCacheDir: string | undefined): { ops: HostOperation[]; undo: HostOperation[] } {
  const clone = v.cloneOf?.backend;
  if (clone?.type === 'zfs' && v.backend.type === 'zfs') {
    const b = v.backend;
    return {
      ops: [
        {
          op: 'zvol.clone',
          snapshot: clone.snapshot,
          dataset: b.dataset,
          sizeBytes: v.sizeBytes,
          volmode: b.volmode,
          properties: b.properties,
          resource: v.meta.name,
        },
      ],
      undo: [{ op: 'zvol.destroy', dataset: b.dataset }],
    };
  }
  const source = clone?.type === 'file' ? { sourceImage: clone.path } : sourceOf(v, imageCacheDir);
  if (v.backend.type === 'file') {
    return {
      ops: [{ op: 'file.create', path: v.backend.path, sizeBytes: v.sizeBytes, sparse: v.backend.sparse, ...source }],
      undo: [{ op: 'file.delete', path: v.backend.path }],
    };
  }
  const b = v.backend;
  return {
    ops: [
      {
        op: 'zvol.create',
        dataset: b.dataset,
        sizeBytes: v.sizeBytes,
        sparse: b.sparse,
        volmode: b.volmode,
        properties: b.properties,
        resource: v.meta.name,
        ...source,
      },
    ],
    undo: [{ op: 'zvol.destroy', dataset: b.dataset }],
  };
}

function cloneReason(ctx: DiffContext, v: ResolvedVolume): string {
  const clone = v.cloneOf as { snapshot: string; backend: NonNullable<NonNullable<ResolvedVolume['cloneOf']>['backend']> };
  if (clone.backend.type === 'zfs') return `zfs clone of ${clone.backend.snapshot} (snapshot ${clone.snapshot})`;
  const fs = ctx.observed.filesystems?.get(dirname(v.backend.type === 'file' ? v.backend.path : clone.backend.path));
  return `from snapshot ${clone.snapshot} (${clone.backend.path}): ${copyMethod(fs)}`;
}

/** What the host says about this volume: absent, present with a size, or not observable. */
type Seen =
  | { state: 'absent' }
  | { state: 'present'; sizeBytes: number; wrongType?: string; volmode?: string; resource?: string }
  | { state: 'unknown'; why: string };

function seeVolume(ctx: DiffContext, v: ResolvedVolume): Seen {
  if (v.backend.type === 'file') {
    if (!ctx.observed.files.ok) return { state: 'unknown', why: ctx.observed.files.error };
    const f = ctx.observed.files.value.get(v.backend.path);
    if (!f?.exists) return { state: 'absent' };
    return { state: 'present', sizeBytes: f.sizeBytes, ...(f.isFile ? {} : { wrongType: 'not a regular file or block device' }) };
  }
  const zfs = ctx.observed.zfs;
  if (!zfs.ok) return { state: 'unknown', why: `cannot observe ZFS: ${zfs.error}` };
  if ('absent' in zfs && zfs.absent) return { state: 'absent' };
  const z = zfs.value.get(v.backend.dataset);
  if (!z) return { state: 'absent' };
  return {
    state: 'present',
    sizeBytes: z.sizeBytes ?? 0,
    ...(z.type !== 'volume' ? { wrongType: `a ZFS ${z.type}, not a volume` } : {}),
    ...(z.volmode ? { volmode: z.volmode } : {}),
    ...(z.resource ? { resource: z.resource } : {}),
  };
}

/** A temporary left by an interrupted or killed apply (tshyve builds file volumes under one). */
function leftoverPartial(ctx: DiffContext, v: ResolvedVolume): string | undefined {
  if (v.backend.type !== 'file' || !ctx.observed.files.ok) return undefined;
  const tmp = partialPathFor(v.backend.path);
  return ctx.observed.files.value.get(tmp)?.exists ? tmp : undefined;
}

export function diffVolume(ctx: DiffContext, v: ResolvedVolume): Change {
  const id = volumeId(v);
  const leftover = leftoverPartial(ctx, v);
  const base = { kind: 'volume' as const, id, resource: v.meta.name, undo: [] as HostOperation[] };
  const owned = ownedEntry(ctx, 'volume', id);
  const seen = seeVolume(ctx, v);
  if (seen.state === 'unknown')
    return { ...base, action: 'no-op', reasons: [], ops: [], blocked: { code: 'unobservable', message: `volume ${id}: ${seen.why}` } };
  if (seen.state === 'absent') {
    if (v.cloneOf && !v.cloneOf.backend)
      return {
        ...base,
        action: 'no-op',
        reasons: [],
        ops: [],
        blocked: { code: 'refused', message: `volume ${id}: cannot clone it: VolumeSnapshot ${v.cloneOf.snapshot} is not declared` },
      };
    const { ops, undo } = createOps(v, ctx.options.imageCacheDir);
    const reasons = [
      ...(owned ? ['missing from the host (deleted by hand?): created empty'] : []),
      `${formatBytes(v.sizeBytes)} ${v.backend.type}`,
    ];
    if (v.cloneOf) reasons.push(cloneReason(ctx, v));
    else if (v.sourceImage)
      reasons.push(
        `from ${v.sourceImage}${v.sourceSha256 ? ` (sha256 ${v.sourceSha256.slice(0, 12)}…)` : ''}${v.sourceFormat ? ` as ${v.sourceFormat}` : ''}`,
      );
    if (leftover)
      ctx.notes.push(
        `volume ${id}: ${leftover} is an incomplete copy left by an interrupted apply; apply removes it and builds the volume again`,
      );
    return { ...base, action: 'create', reasons, ops, undo, record: volumeEntry(ctx, v, 'created'), ...(v.cloneOf ? { clone: true } : {}) };
  }
  if (!owned && !v.adopt)
    return {
      ...base,
      action: 'no-op',
      reasons: [],
      ops: [],
      blocked: { code: 'conflict', message: conflictMessage('volume', id, seen.resource ? `tshyve:${seen.resource}` : undefined) },
    };
  if (seen.wrongType)
    return { ...base, action: 'no-op', reasons: [], ops: [], blocked: { code: 'conflict', message: `volume ${id} is ${seen.wrongType}` } };
  if (seen.sizeBytes > v.sizeBytes)
    return {
      ...base,
      action: 'no-op',
      reasons: [],
      ops: [],
      blocked: {
        code: 'refused',
        message:
          `volume ${id}: shrinking ${formatBytes(seen.sizeBytes)} → ${formatBytes(v.sizeBytes)} is refused ` +
          `(volumes never shrink; restore the size in the spec)`,
      },
    };
  if (leftover)
    ctx.notes.push(
      `volume ${id}: ${leftover} is an incomplete copy left by an interrupted apply (the volume itself ` +
        `is whole); remove it with \`rm -- ${leftover}\``,
    );
  const reasons: string[] = owned ? [] : ['adopt existing volume'];
  const ops: HostOperation[] = [];
  if (seen.sizeBytes < v.sizeBytes) {
    reasons.push(`size ${formatBytes(seen.sizeBytes)} → ${formatBytes(v.sizeBytes)} (grow in place)`);
    ops.push(
      v.backend.type === 'file'
        ? { op: 'file.grow', path: v.backend.path, sizeBytes: v.sizeBytes, sparse: v.backend.sparse }
        : { op: 'zvol.set', dataset: v.backend.dataset, property: 'volsize', value: String(v.sizeBytes) },
    );
  }
  if (v.backend.type === 'zfs' && seen.volmode && seen.volmode !== v.backend.volmode) {
    reasons.push(`volmode ${seen.volmode} → ${v.backend.volmode}`);
    ops.push({ op: 'zvol.set', dataset: v.backend.dataset, property: 'volmode', value: v.backend.volmode });
  }
  const record = volumeEntry(ctx, v, owned?.origin ?? 'adopted', owned?.createdAt);
  if (owned && owned.reclaimPolicy !== v.reclaimPolicy && owned.reclaimPolicy)
    reasons.push(`reclaimPolicy ${owned.reclaimPolicy} → ${v.reclaimPolicy}`);
  const action = ops.length > 0 || !owned ? 'update' : 'no-op';
  return { ...base, action, reasons, ops, ...(sameEntry(owned, record) ? {} : { record }) };
}
