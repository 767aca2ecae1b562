// What `tshyve status` shows of the watch agent: last sync, pending work, errors (watch-status.json).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-write.js';
import type { Diagnostic } from '../spec/diagnostics.js';

export interface WatchStatus {
  pid: number;
  dir: string;
  host: string;
  startedAt: string;
  lastSync?: { at: string; ok: boolean; durationMs: number; changes: number; trigger: string };
  pending: boolean;
  /** Errors of the last pass (terminal ones wait for the next change; transient ones retry). */
  errors: { at: string; code: string; message: string; transient: boolean }[];
  /** Diagnostics of the manifests as they are on disk. */
  diagnostics: Diagnostic[];
  /** Files held at their last good version because the current one is invalid. */
  heldBack: string[];
  nextRetryAt?: string;
  updatedAt: string;
}

export function watchStatusPath(stateDir: string): string {
  return join(stateDir, 'watch-status.json');
}

export async function readWatchStatus(stateDir: string): Promise<WatchStatus | undefined> {
  try {
    return JSON.parse(await readFile(watchStatusPath(stateDir), 'utf8')) as WatchStatus;
  } catch {
    return undefined;
  }
}

export async function writeWatchStatus(stateDir: string, status: WatchStatus): Promise<void> {
  await writeFileAtomic(watchStatusPath(stateDir), JSON.stringify({ ...status, updatedAt: new Date().toISOString() }, null, 2) + '\n');
}
