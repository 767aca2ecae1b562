// Progress of a long copy run by an external tool (cp(1)): the size of the file it writes, sampled
// with stat(2) a few times a second, against the size of the file it reads; and of a command that
// reports its own stages (image-prepare: download, verify, decompress, convert) in a JSON file.
import { readFile, stat } from 'node:fs/promises';

export interface CopyProgress {
  bytes: number;
  totalBytes: number;
}

export const PROGRESS_INTERVAL_MS = 250;

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Calls `report` every interval until the returned stop function is called. */
export function watchCopy(
  target: { path: string; sourcePath: string },
  report: (p: CopyProgress) => void,
  intervalMs = PROGRESS_INTERVAL_MS,
): () => void {
  let stopped = false;
  let totalBytes: number | undefined;
  const tick = async () => {
    totalBytes ??= await sizeOf(target.sourcePath);
    const bytes = await sizeOf(target.path);
    if (!stopped && totalBytes !== undefined && bytes !== undefined) report({ bytes: Math.min(bytes, totalBytes), totalBytes });
  };
  const timer = setInterval(() => {
    void tick();
  }, intervalMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** One stage of a long preparation, as the command reports it. */
export interface StageProgress {
  stage: 'download' | 'verify' | 'decompress' | 'convert' | 'copy';
  bytes?: number;
  totalBytes?: number;
  bytesPerSecond?: number;
  /** When only a share is known (qemu-img convert -p). */
  percent?: number;
}

const STAGES = new Set(['download', 'verify', 'decompress', 'convert', 'copy']);

/** The report file's content, or undefined while it is missing, torn or not a progress record. */
export async function readStageProgress(file: string): Promise<StageProgress | undefined> {
  try {
    const p = JSON.parse(await readFile(file, 'utf8')) as StageProgress;
    return p && typeof p === 'object' && STAGES.has(p.stage) ? p : undefined;
  } catch {
    return undefined;
  }
}

/** Calls `report` with each new content of the progress file until the returned stop function is called. */
export function watchReport(file: string, report: (p: StageProgress) => void, intervalMs = PROGRESS_INTERVAL_MS): () => void {
  let stopped = false;
  let last = '';
  const timer = setInterval(() => {
    void readStageProgress(file).then((p) => {
      const text = JSON.stringify(p);
      if (!stopped && p && text !== last) {
        last = text;
        report(p);
      }
    });
  }, intervalMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
