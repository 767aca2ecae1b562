// Crash-safe file replacement: write a temp file in the same directory, fsync, rename(2) over the
// target, then fsync the directory; readers see the old or the new file, never half of one.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function ensureStateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

let tempCounter = 0;

export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  await ensureStateDir(dir);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.${++tempCounter}.tmp`);
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } catch {
    /* some filesystems refuse fsync on directories */
  } finally {
    await dirHandle.close();
  }
}
