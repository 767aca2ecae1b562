// What a volume's source image needs before it can be copied: a download (http(s), verified by
// sha256), decompression (by name: .xz, .gz, .zst, .tar.xz, .tar.gz) and conversion (qemu-img) into
// raw. Prepared images are cached by digest (or by path, size and mtime) under <state>/images.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { imageCompression, isImageUrl, type ImageFormat } from '../model/image-source.js';

export interface ImageSource {
  image: string;
  sha256?: string;
  format?: ImageFormat;
}

/** A plain local raw file is copied as it is; anything else goes through the image cache first. */
export function needsPreparation(s: ImageSource): boolean {
  return (
    isImageUrl(s.image) ||
    s.sha256 !== undefined ||
    (s.format !== undefined && s.format !== 'raw') ||
    imageCompression(s.image) !== undefined
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
