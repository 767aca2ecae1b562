// What a volume's source image needs before it can be copied: a download (http(s), verified by
// sha256), decompression (by name: .xz, .gz, .zst, .tar.xz, .tar.gz) and conversion (qemu-img) into
// raw. Prepared images are cached by digest (or by path, size and mtime) under <state>/images.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export type ImageFormat = 'raw' | 'qcow2' | 'vmdk' | 'vhdx' | 'vdi';
export type ImageCompression = 'xz' | 'gz' | 'zst' | 'tar.xz' | 'tar.gz';

export interface ImageSource {
  image: string;
  sha256?: string;
  format?: ImageFormat;
}

export const isUrl = (image: string) => /^https?:\/\//.test(image);

export function imageCompression(image: string): ImageCompression | undefined {
  const name = image.replace(/[?#].*$/, '').toLowerCase();
  if (name.endsWith('.tar.xz') || name.endsWith('.txz')) return 'tar.xz';
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return 'tar.gz';
  if (name.endsWith('.xz')) return 'xz';
  if (name.endsWith('.gz')) return 'gz';
  if (name.endsWith('.zst')) return 'zst';
  return undefined;
}

/** A plain local raw file is copied as it is; anything else goes through the image cache first. */
export function needsPreparation(s: ImageSource): boolean {
  return (
    isUrl(s.image) || s.sha256 !== undefined || (s.format !== undefined && s.format !== 'raw') || imageCompression(s.image) !== undefined
  );
}

/** The cache entry of a source: by digest when there is one (shared by every volume naming it). */
export function imageCacheKey(s: ImageSource): string {
  if (s.sha256) return `sha256-${s.sha256}`;
  return `path-${createHash('sha256').update(s.image).digest('hex').slice(0, 32)}`;
}

/** The raw image a prepared source becomes. */
export function preparedImagePath(cacheDir: string, s: ImageSource): string {
  return join(cacheDir, imageCacheKey(s), `${s.format ?? 'auto'}.raw`);
}
