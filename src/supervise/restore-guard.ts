// The refusal to restore one snapshot twice while the VM's disks are writable (docs/vm-snapshots.md,
// "Restoring twice"): both runs would write on from the same disk state and fork it. Each restore
// is recorded in the VM's directory by the snapshot's identity (path, size, mtime, header hash).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedVm } from '../model/resolved.js';
import { writeFileAtomic } from '../state/atomic-write.js';
import type { Inventory } from '../state/inventory.js';

export interface SnapshotIdentity {
  path: string;
  bytes: number;
  mtimeMs: number;
  /** sha256 of the file's first 64 KiB: its header (version, machine hash, CPUID) and first sections. */
  headSha256: string;
}

const HEAD_BYTES = 64 * 1024;
/** Restores kept in the record: enough to catch a repeat, bounded whatever the VM does. */
const KEPT = 32;

/** The identity of the snapshot open as `fd` at `path`. */
export function snapshotIdentity(fd: number, path: string): SnapshotIdentity {
  const info = fstatSync(fd);
  const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
  let got = 0;
  while (got < head.length) {
    const n = readSync(fd, head, got, head.length - got, got);
    if (n <= 0) break;
    got += n;
  }
  return {
    path,
    bytes: info.size,
    mtimeMs: Math.trunc(info.mtimeMs),
    headSha256: createHash('sha256').update(head.subarray(0, got)).digest('hex'),
  };
}

/** The identity of the snapshot at `path` (opened and closed here). */
export function snapshotIdentityOf(path: string): SnapshotIdentity {
  const fd = openSync(path, 'r');
  try {
    return snapshotIdentity(fd, path);
  } finally {
    closeSync(fd);
  }
}

function recordPath(vmDir: string): string {
  return join(vmDir, 'restored-snapshots.json');
}

export function readRestored(vmDir: string): SnapshotIdentity[] {
  try {
    const value = JSON.parse(readFileSync(recordPath(vmDir), 'utf8')) as unknown;
    return Array.isArray(value) ? (value as SnapshotIdentity[]) : [];
  } catch {
    return [];
  }
}

const same = (a: SnapshotIdentity, b: SnapshotIdentity) =>
  a.path === b.path && a.bytes === b.bytes && a.mtimeMs === b.mtimeMs && a.headSha256 === b.headSha256;

/** Records that the VM was started from `id` (0600, the last KEPT restores). */
export async function recordRestored(vmDir: string, id: SnapshotIdentity): Promise<void> {
  const kept = readRestored(vmDir).filter((r) => !same(r, id));
  await writeFileAtomic(recordPath(vmDir), JSON.stringify([...kept, id].slice(-KEPT)) + '\n');
}

/**
 * The disks a second restore would fork: writable, and not a clone of a VolumeSnapshot (the
 * inventory knows which volumes are clones). Each as `disk N (PATH)`.
 */
export function forkingDisks(vm: ResolvedVm, inventory: Inventory): string[] {
  const clones = new Set(
    inventory.entries
      .filter((e) => e.kind === 'volume' && e.cloneOf)
      .flatMap((e) => [e.id, `/dev/zvol/${e.id}`])
      .filter((id) => id.startsWith('/')),
  );
  return vm.disks.flatMap((d, i) => (d.readOnly || clones.has(d.path) ? [] : [`disk ${i} (${d.path})`]));
}

/** Why a restore from `id` is refused, or undefined: it was restored before and would fork writable disks. */
export function restoreTwiceProblem(vm: ResolvedVm, vmDir: string, id: SnapshotIdentity, inventory: Inventory): string | undefined {
  if (!readRestored(vmDir).some((r) => same(r, id))) return undefined;
  const disks = forkingDisks(vm, inventory);
  if (!disks.length) return undefined;
  return (
    `${vm.meta.name} was already started from the snapshot ${id.path} (same size, mtime and header), and its ` +
    `${disks.join(', ')} ${disks.length === 1 ? 'is' : 'are'} writable: a second restore would run on from disk ` +
    `state the first one has already changed (a forked disk). Make those disks read-only or clones of a ` +
    `VolumeSnapshot, take a new snapshot, or \`tshyve restore ${vm.meta.name} --force\``
  );
}
