// One apply at a time per state directory: an O_EXCL lock file holding the owner's pid. A lock whose
// pid is dead is stale and taken over (and the caller is told so).
import { open, readFile, rm } from 'node:fs/promises';
import { TshyveError } from '../errors.js';
import { ensureStateDir } from './atomic-write.js';
import { isProcessRunning } from './process-identity.js';

export interface StateLock {
  path: string;
  /** The pid of a dead process whose lock was taken over, if any. */
  tookOverFrom?: number;
  release(): Promise<void>;
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }) + '\n');
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new TshyveError('TSHYVE_LOCKED', `cannot create lock ${path}: ${(error as Error).message}`, { cause: error });
  }
}

export async function acquireLock(path: string, stateDir: string): Promise<StateLock> {
  await ensureStateDir(stateDir);
  let tookOverFrom: number | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(path)) {
      const lock: StateLock = {
        path,
        release: async () => {
          await rm(path, { force: true });
        },
      };
      if (tookOverFrom !== undefined) lock.tookOverFrom = tookOverFrom;
      return lock;
    }
    let pid: number | undefined;
    try {
      pid = Number((JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown }).pid);
    } catch {
      pid = undefined;
    }
    if (pid !== undefined && Number.isInteger(pid) && pid > 0 && isProcessRunning(pid)) {
      throw new TshyveError('TSHYVE_LOCKED', `state directory ${stateDir} is locked by pid ${pid} (${path}); wait for it to finish`);
    }
    // Dead owner or unreadable content: stale. Remove and retry the exclusive create (a racing
    // process that wins the create simply holds the lock).
    tookOverFrom = pid ?? 0;
    await rm(path, { force: true });
  }
  throw new TshyveError('TSHYVE_LOCKED', `could not take the lock ${path} after removing a stale one`);
}
