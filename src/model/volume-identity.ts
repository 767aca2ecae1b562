// What names a volume on the host, the one definition: its ZFS dataset or its file path. The
// inventory, the diff and the cross-resource checks all key volumes by it.
import type { ResolvedVolume, ResolvedVolumeSnapshot } from './resolved.js';

export function volumeId(v: Pick<ResolvedVolume, 'backend'>): string {
  return v.backend.type === 'zfs' ? v.backend.dataset : v.backend.path;
}

/** What names a volume snapshot on the host: `dataset@name`, or the snapshot file's path. */
export function snapshotId(s: Pick<ResolvedVolumeSnapshot, 'backend'>): string {
  return s.backend.type === 'zfs' ? s.backend.snapshot : s.backend.path;
}

/** The pool of a dataset path (`tank/vms/web` → `tank`). */
export function poolOf(dataset: string): string {
  return dataset.split('/')[0] ?? dataset;
}
