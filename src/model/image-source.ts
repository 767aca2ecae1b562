// A volume's source image as the manifest names it: a local path or an http(s) URL, its format, and
// the compression its name says (.xz, .gz, .zst, .tar.xz, .tar.gz).

export type ImageFormat = 'raw' | 'qcow2' | 'vmdk' | 'vhdx' | 'vdi';
export type ImageCompression = 'xz' | 'gz' | 'zst' | 'tar.xz' | 'tar.gz';

export const isImageUrl = (image: string) => /^https?:\/\//.test(image);

export function imageCompression(image: string): ImageCompression | undefined {
  const name = image.replace(/[?#].*$/, '').toLowerCase();
  if (name.endsWith('.tar.xz') || name.endsWith('.txz')) return 'tar.xz';
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return 'tar.gz';
  if (name.endsWith('.xz')) return 'xz';
  if (name.endsWith('.gz')) return 'gz';
  if (name.endsWith('.zst')) return 'zst';
  return undefined;
}
