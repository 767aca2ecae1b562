// Finds manifest files: a file itself, or a directory read recursively for *.yaml/*.yml in
// byte order of their relative paths, skipping hidden entries, .git, editor temp and backup files.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TshyveError } from '../errors.js';

const MANIFEST = /\.ya?ml$/;
const IGNORED = [/^\./, /~$/, /^#.*#$/, /\.(bak|orig|tmp|swp|swo|rej)$/i, /^node_modules$/];

export function isManifestName(name: string): boolean {
  return MANIFEST.test(name) && !IGNORED.some((re) => re.test(name));
}

function isIgnored(name: string): boolean {
  return IGNORED.some((re) => re.test(name));
}

/** Absolute paths of the manifests under `root`, sorted by their path relative to `root`. */
export async function discoverManifests(root: string): Promise<string[]> {
  let info;
  try {
    info = await stat(root);
  } catch (cause) {
    throw new TshyveError('TSHYVE_NOT_FOUND', `cannot read ${root}: no such file or directory`, { cause });
  }
  if (info.isFile()) return [root];
  const found: string[] = [];
  await walk(root, found, 0);
  // Every path is join(root, relative path): one shared prefix, so the paths sort as their relative parts do.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function walk(dir: string, found: string[], depth: number): Promise<void> {
  if (depth > 32) return;
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (isIgnored(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, found, depth + 1);
    else if (entry.isFile() && MANIFEST.test(entry.name)) found.push(path);
  }
}
