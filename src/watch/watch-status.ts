// What `tshyve status` shows of the watch agent (watch-status.json): whether it is alive (pid and
// start time), its last pass and what it changed, errors, held-back files, the git revision applied.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../state/atomic-write.js';
import { statePaths } from '../state/paths.js';
import type { Diagnostic } from '../manifest/diagnostics.js';
import type { GitErrorKind } from './git-sync.js';

export interface WatchStatus {
  pid: number;
  /** The agent process's start time (/proc/PID/stat), so a reused pid is not taken for it. */
  pidStartTicks?: number;
  dir: string;
  host: string;
  startedAt: string;
  /** Set when the agent stopped cleanly (SIGTERM/SIGINT); absent while it runs or after it died. */
  stoppedAt?: string;
  /** The agent before this one, and how it ended. */
  previousAgent?: { pid: number; startedAt: string; lastSeen: string; ended: 'died' | 'stopped' };
  lastSync?: { at: string; ok: boolean; durationMs: number; changes: number; trigger: string };
  /** What the last pass that changed anything changed, one line each. */
  lastChanges?: { at: string; lines: string[] };
  pending: boolean;
  /** Errors of the last pass (terminal ones wait for the next change; transient ones retry). */
  errors: { at: string; code: string; message: string; transient: boolean }[];
  /** Diagnostics of the manifests as they are on disk. */
  diagnostics: Diagnostic[];
  /** Files held at their last good version because the current one is invalid. */
  heldBack: string[];
  nextRetryAt?: string;
  /** `watch --git`: the commit applied last, and the last pull's failure. */
  git?: {
    applied?: { revision: string; subject: string; at: string };
    lastPullAt?: string;
    error?: { kind: GitErrorKind; message: string; at: string };
  };
  /** VM processes the agent holds a control connection to. */
  watchedVms?: string[];
  updatedAt: string;
}

export function watchStatusPath(stateDir: string): string {
  return statePaths(stateDir).watchStatus;
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
