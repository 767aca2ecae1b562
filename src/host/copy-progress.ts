// Progress of a long copy run by an external tool (cp(1)): the size of the file it writes, sampled
// with stat(2) a few times a second, against the size of the file it reads.
import { stat } from 'node:fs/promises';

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
