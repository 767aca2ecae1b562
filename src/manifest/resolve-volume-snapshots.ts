// Resolves VolumeSnapshot documents (a zvol's `dataset@name`, or a read-only file next to the
// volume) and the Volumes cloned from them (`source.snapshot`): same backend, same ZFS pool, no
// smaller than the snapshot.
import type { ResolvedVolume, ResolvedVolumeSnapshot } from '../model/resolved.js';
import { poolOf } from '../model/volume-identity.js';
import type { DocumentIndex } from './documents.js';
import { metaOf, reportUnresolved } from './resolve-host-resources.js';
import { closestMatch } from './suggest.js';
import type { Reporter } from './reporter.js';
import { formatSize } from './units.js';

/** Where a file volume's snapshot is kept by default: beside it. */
export function defaultSnapshotPath(volumePath: string, snapshotName: string): string {
  return `${volumePath}@${snapshotName}`;
}

export function resolveVolumeSnapshots(index: DocumentIndex, volumes: ResolvedVolume[], reporter: Reporter): ResolvedVolumeSnapshot[] {
  const byName = new Map(volumes.map((v) => [v.meta.name, v]));
  const out: ResolvedVolumeSnapshot[] = [];
  for (const { doc, source } of index.VolumeSnapshot.values()) {
    const spec = doc.spec;
    const volume = byName.get(spec.volume);
    if (!volume) {
      // A Volume whose own body was invalid is reported already; only a missing name is reported here.
      if (!index.Volume.has(spec.volume))
        reportUnresolved(reporter, source, ['spec', 'volume'], 'Volume', spec.volume, index.Volume.keys());
      continue;
    }
    if (volume.backend.type === 'zfs' && spec.path) {
      reporter.error(
        source,
        ['spec', 'path'],
        'snapshot.path',
        `Volume \`${volume.meta.name}\` is a zvol: its snapshot is ${volume.backend.dataset}@${doc.metadata.name}, not a file`,
      );
      continue;
    }
    const backend: ResolvedVolumeSnapshot['backend'] =
      volume.backend.type === 'zfs'
        ? { type: 'zfs', dataset: volume.backend.dataset, snapshot: `${volume.backend.dataset}@${doc.metadata.name}` }
        : { type: 'file', sourcePath: volume.backend.path, path: spec.path ?? defaultSnapshotPath(volume.backend.path, doc.metadata.name) };
    out.push({
      kind: 'VolumeSnapshot',
      meta: metaOf(doc.metadata, source, volume.meta.placement),
      volume: volume.meta.name,
      backend,
      sizeBytes: volume.sizeBytes,
      reclaimPolicy: spec.reclaimPolicy ?? 'Retain',
    });
  }
  return out;
}

/** Sets `cloneOf` on every Volume whose source names a snapshot, reporting what cannot be cloned. */
export function resolveVolumeClones(
  index: DocumentIndex,
  volumes: ResolvedVolume[],
  snapshots: ResolvedVolumeSnapshot[],
  reporter: Reporter,
): void {
  const byName = new Map(snapshots.map((s) => [s.meta.name, s]));
  for (const volume of volumes) {
    const entry = index.Volume.get(volume.meta.name)!;
    const name = entry.doc.spec.source?.snapshot;
    if (!name || entry.doc.spec.source?.image) continue;
    const at = ['spec', 'source', 'snapshot'];
    const snapshot = byName.get(name);
    if (!snapshot) {
      // Like a source image, the snapshot matters only while the volume is to be made: a clone
      // outlives the snapshot it came from, and the plan refuses to make one without it.
      if (!index.VolumeSnapshot.has(name)) {
        const guess = closestMatch(name, [...index.VolumeSnapshot.keys()]);
        reporter.warning(
          entry.source,
          at,
          'ref.unresolved',
          `VolumeSnapshot \`${name}\` is not defined${guess ? `; did you mean \`${guess}\`?` : ''} (the volume cannot be made without it)`,
        );
        volume.cloneOf = { snapshot: name };
      }
      continue;
    }
    const fail = (code: string, message: string) => reporter.error(entry.source, at, code, message);
    if (snapshot.volume === volume.meta.name) fail('volume.clone-self', `a volume cannot be cloned from a snapshot of itself`);
    else if (snapshot.backend.type !== volume.backend.type)
      fail(
        'volume.clone-backend',
        `VolumeSnapshot \`${name}\` is a ${snapshot.backend.type} snapshot; a ${volume.backend.type} volume cannot be cloned from it (use a ${snapshot.backend.type} volume)`,
      );
    else if (
      snapshot.backend.type === 'zfs' &&
      volume.backend.type === 'zfs' &&
      poolOf(snapshot.backend.dataset) !== poolOf(volume.backend.dataset)
    )
      fail(
        'volume.clone-pool',
        `zfs clone stays in the snapshot's pool: ${volume.backend.dataset} is not in pool ${poolOf(snapshot.backend.dataset)} of ${snapshot.backend.snapshot}`,
      );
    else if (volume.sizeBytes < snapshot.sizeBytes)
      reporter.error(
        entry.source,
        ['spec', 'size'],
        'volume.clone-size',
        `a clone of VolumeSnapshot \`${name}\` needs at least ${formatSize(snapshot.sizeBytes)} (its volume's size), not ${formatSize(volume.sizeBytes)}`,
      );
    else volume.cloneOf = { snapshot: name, backend: snapshot.backend };
  }
}
