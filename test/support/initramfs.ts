// Linux guest initramfs for the hardware-KVM tests: the cached Debian initramfs
// (scripts/build-initramfs.sh) with a directory tree appended as a second newc cpio archive (the
// kernel unpacks concatenated archives in order, later entries replacing earlier ones), and kernel
// modules taken from a linux-image .deb for that tree.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/runtime/native.js';

export const linuxGuestCache = process.env.TSHYVE_GUEST_CACHE ?? join(repoRoot, '.cache', 'guests');

/** Unpacks `deb` into `dir`; returns its module directory (lib/modules/VERSION). */
export function unpackKernelModules(deb: string, dir: string): string {
  execFileSync('dpkg-deb', ['-x', deb, dir]);
  const kver = readdirSync(join(dir, 'lib', 'modules'))[0]!;
  return join(dir, 'lib', 'modules', kver);
}

/** A module file's bytes, decompressed when it is a .ko.xz. */
export function moduleBytes(path: string): Buffer {
  return path.endsWith('.xz') ? execFileSync('xz', ['-dc', path]) : readFileSync(path);
}

/** Writes `out`: the cached initramfs followed by `tree` as a newc cpio archive; returns `out`. */
export function initramfsWith(tree: string, out: string): string {
  mkdirSync(tree, { recursive: true });
  const list = execFileSync('find', ['.'], { cwd: tree, encoding: 'utf8' });
  const extra = execFileSync('cpio', ['-o', '-H', 'newc', '--quiet'], { cwd: tree, input: list });
  writeFileSync(out, Buffer.concat([readFileSync(join(linuxGuestCache, 'initramfs.cpio.gz')), extra]));
  return out;
}
