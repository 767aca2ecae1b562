// Where a file volume is built before it appears under its own name: a hidden temporary beside it
// (same directory, hence same filesystem, so rename(2)/link(2) is atomic).
import { basename, dirname, join } from 'node:path';

export const PARTIAL_SUFFIX = '.tshyve-partial';

/** `/v/disk.img` → `/v/.disk.img.tshyve-partial`. */
export function partialPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}${PARTIAL_SUFFIX}`);
}
