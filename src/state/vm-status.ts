// The status record of one VM (status.json): what `ps` shows and what the reconciler compares.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';

/** `declared`: applied here and never started (autostart off, or Halted): `tshyve start` can start it. */
export type VmPhase = 'declared' | 'starting' | 'running' | 'backoff' | 'stopping' | 'stopped' | 'crash-loop' | 'failed';

export interface VmExitRecord {
  status: number;
  reason: string;
  at: string;
}

export interface VmStatusRecord {
  name: string;
  phase: VmPhase;
  /** pid of the `tshyve vm-run` process; absent once it has ended. */
  pid?: number;
  specHash: string;
  vcpus: number;
  memoryBytes: number;
  /** When the current guest boot started. */
  startedAt?: string;
  /** Guest restarts done by the restart policy since the process started. */
  restarts: number;
  /** Restart timestamps inside the crash-loop window (ms since epoch). */
  recentRestarts: number[];
  lastExit?: VmExitRecord;
  /** Human detail for failed / crash-loop phases. */
  message?: string;
  /** The network namespace the VM process was started in (`--netns`), so later verbs start it there again. */
  netns?: string;
  updatedAt: string;
}

/** One synchronous read: the reconciler reads every VM's records each pass, and fs/promises' readFile costs four thread-pool round trips per file. */
export async function readVmStatus(path: string): Promise<VmStatusRecord | undefined> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as VmStatusRecord;
  } catch {
    return undefined; // a torn or foreign file counts as no status; the writer always replaces it whole
  }
}

export async function writeVmStatus(path: string, record: VmStatusRecord): Promise<void> {
  await writeFileAtomic(path, JSON.stringify({ ...record, updatedAt: new Date().toISOString() }, null, 2) + '\n');
}

/**
 * A VM that is no longer declared here (destroyed or removed from the specs) loses the records the
 * reconciler and `ps` read (status, frozen spec, hold); its logs stay for `tshyve logs`.
 */
export async function retireVmRecords(files: { status: string; spec: string; hold: string }): Promise<void> {
  for (const path of [files.status, files.spec, files.hold]) await rm(path, { force: true });
}
