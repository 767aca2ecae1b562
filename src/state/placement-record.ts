// placement.json: the VMs the last apply or agent pass found declared but placed on other hosts,
// with the reason, so `ps` can say why a declared VM does not run here.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';
import { statePaths } from './paths.js';

export interface PlacementRecord {
  /** When this list was first found (a pass that finds the same list leaves the record alone). */
  at: string;
  unplaced: { name: string; reason: string }[];
}

export async function readPlacementRecord(stateDir: string): Promise<PlacementRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(statePaths(stateDir).placement, 'utf8')) as PlacementRecord;
    return Array.isArray(record.unplaced) ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Written when the list changes, not on every pass: the agent applies every few seconds and each
 * write costs two fsyncs. `at` is thus when the list as it stands was first found.
 */
export async function writePlacementRecord(stateDir: string, unplaced: PlacementRecord['unplaced']): Promise<void> {
  const recorded = await readPlacementRecord(stateDir);
  if (recorded && JSON.stringify(recorded.unplaced) === JSON.stringify(unplaced)) return;
  await writeFileAtomic(statePaths(stateDir).placement, JSON.stringify({ at: new Date().toISOString(), unplaced }, null, 2) + '\n');
}
