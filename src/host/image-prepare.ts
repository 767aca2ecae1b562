// Prepares a volume's source image in the image cache: downloads an http(s) image with resume (HTTP
// Range, RFC 9110 §14), verifies its sha256, decompresses it (xz, gzip, zstd, a tar holding one disk
// image) and converts it to raw with qemu-img (Debian qemu-utils). Each stage writes a `.partial`
// file renamed into place, so an interrupted run leaves nothing that looks complete.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { imageCompression, isImageUrl, type ImageFormat } from '../model/image-source.js';
import type { StageProgress } from './copy-progress.js';
import type { ImageSource } from './image-source.js';

export const QEMU_IMG = '/usr/bin/qemu-img';

export interface PrepareRequest extends ImageSource {
  /** The raw image to produce (image-source.ts preparedImagePath). */
  out: string;
  /** The volume's size: a larger image is an error naming both sizes. */
  maxBytes: number;
}

export class ImagePrepareError extends Error {}

type Log = (line: string) => void;
type OnProgress = (p: StageProgress) => void;

/** How often a download or conversion reports its progress. */
const PROGRESS_EVERY_MS = 250;

/** qemu-img convert -p draws `    (12.34/100%)` on stdout: its share, at most every PROGRESS_EVERY_MS. */
function convertProgress(onProgress: OnProgress): (chunk: Buffer) => void {
  let shown = 0;
  return (chunk) => {
    const all = [...chunk.toString('latin1').matchAll(/\(([0-9]+(?:\.[0-9]+)?)\/100%\)/g)];
    const last = all.at(-1);
    if (!last || Date.now() - shown < PROGRESS_EVERY_MS) return;
    shown = Date.now();
    onProgress({ stage: 'convert', percent: Math.min(100, Number(last[1])) });
  };
}

function run(cmd: string, args: string[], stdoutTo?: string, onStdout?: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-2000)));
    if (onStdout) child.stdout.on('data', onStdout);
    const done = stdoutTo
      ? pipeline(child.stdout, createWriteStream(stdoutTo, { mode: 0o600 }))
      : Promise.resolve(onStdout ? undefined : child.stdout.resume());
    child.on('error', reject);
    child.on('close', (code) => {
      void done.then(
        () => (code === 0 ? resolve() : reject(new ImagePrepareError(`${cmd} ${args.join(' ')} failed (${code}): ${err.trim()}`))),
        reject,
      );
    });
  });
}

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
}

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

async function download(url: string, to: string, log: Log, onProgress: OnProgress): Promise<void> {
  const partial = `${to}.partial`;
  const have = existsSync(partial) ? (await stat(partial)).size : 0;
  let res: Response;
  try {
    res = await fetch(url, { headers: have ? { Range: `bytes=${have}-` } : {}, redirect: 'follow' });
  } catch (e) {
    // fetch says only "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED, a TLS error) is its cause.
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new ImagePrepareError(`GET ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  if (res.status === 416 && have) return rename(partial, to); // nothing left to fetch: complete
  if (res.status !== 200 && res.status !== 206) throw new ImagePrepareError(`GET ${url}: HTTP ${res.status} ${res.statusText}`);
  const resumed = res.status === 206;
  const start = resumed ? have : 0;
  const length = Number(res.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(length) ? start + length : undefined;
  if (resumed) log(`resuming ${url} at ${mib(start)}`);
  let bytes = start;
  let shown = 0;
  let logged = 0;
  const began = Date.now();
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  onProgress({ stage: 'download', bytes, ...(total ? { totalBytes: total } : {}) });
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (Date.now() - shown < PROGRESS_EVERY_MS) return;
    shown = Date.now();
    const rate = (bytes - start) / Math.max(0.001, (shown - began) / 1000);
    onProgress({ stage: 'download', bytes, ...(total ? { totalBytes: total } : {}), bytesPerSecond: Math.round(rate) });
    if (shown - logged < 1000) return;
    logged = shown;
    log(`${mib(bytes)}${total ? ` of ${mib(total)} (${Math.floor((100 * bytes) / total)}%)` : ''} at ${mib(rate)}/s`);
  });
  await pipeline(body, createWriteStream(partial, { flags: resumed ? 'a' : 'w', mode: 0o600 }));
  await rename(partial, to);
}

/** The one disk image a tar holds (Debian's cloud .tar.xz holds disk.raw). */
async function untarSingleImage(archive: string, kind: 'tar.xz' | 'tar.gz', dir: string): Promise<string> {
  const into = await mkdtemp(join(dir, 'tar-'));
  await run('tar', [
    '--extract',
    '--no-same-owner',
    '--no-same-permissions',
    kind === 'tar.xz' ? '--xz' : '--gzip',
    '--file',
    archive,
    '--directory',
    into,
  ]);
  const files: { path: string; size: number }[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) files.push({ path: p, size: (await stat(p)).size });
    }
  };
  await walk(into);
  if (files.length !== 1) throw new ImagePrepareError(`${archive} holds ${files.length} files; expected one disk image`);
  return files[0]!.path;
}

async function detectFormat(path: string): Promise<ImageFormat> {
  if (!existsSync(QEMU_IMG)) return 'raw';
  const out = await new Promise<string>((resolve, reject) => {
    const c = spawn(QEMU_IMG, ['info', '--output=json', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let s = '';
    c.stdout.on('data', (b: Buffer) => (s += b.toString()));
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve(s) : reject(new ImagePrepareError(`qemu-img info ${path} failed`))));
  });
  const format = (JSON.parse(out) as { format?: string }).format;
  if (format === 'raw' || format === 'qcow2' || format === 'vmdk' || format === 'vhdx' || format === 'vdi') return format;
  throw new ImagePrepareError(`${path} is a ${format ?? 'unknown'} image; tshyve converts raw, qcow2, vmdk, vhdx and vdi`);
}

async function stampOf(req: PrepareRequest): Promise<string> {
  const st = isImageUrl(req.image) ? undefined : await stat(req.image);
  const local = st ? { size: st.size, mtimeMs: st.mtimeMs } : {};
  return JSON.stringify({ image: req.image, sha256: req.sha256 ?? null, format: req.format ?? null, ...local }) + '\n';
}

async function checkSize(req: PrepareRequest): Promise<void> {
  const size = (await stat(req.out)).size;
  if (size > req.maxBytes)
    throw new ImagePrepareError(
      `image ${req.image} is ${size} bytes as raw, larger than the volume (${req.maxBytes} bytes): raise the volume's size`,
    );
}

export async function prepareImage(req: PrepareRequest, log: Log = () => {}, onProgress: OnProgress = () => {}): Promise<void> {
  const dir = dirname(req.out);
  await mkdir(dirname(dir), { recursive: true, mode: 0o700 });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stampFile = `${req.out}.id`;
  const stamp = await stampOf(req);
  if (existsSync(req.out) && (await readFile(stampFile, 'utf8').catch(() => '')) === stamp) return checkSize(req);
  const temps: string[] = [];
  try {
    let original = req.image;
    if (isImageUrl(req.image)) {
      original = join(dir, 'download');
      if (!existsSync(original)) await download(req.image, original, log, onProgress);
    }
    if (req.sha256) {
      onProgress({ stage: 'verify', totalBytes: (await stat(original)).size });
      const got = await sha256Of(original);
      if (got !== req.sha256) {
        if (original !== req.image) await rm(original, { force: true });
        throw new ImagePrepareError(`sha256 of ${req.image} is ${got}, but the manifest says ${req.sha256}`);
      }
    }
    let input = original;
    const compression = imageCompression(req.image);
    if (compression === 'tar.xz' || compression === 'tar.gz') {
      onProgress({ stage: 'decompress' });
      input = await untarSingleImage(original, compression, dir);
      temps.push(dirname(input));
    } else if (compression) {
      onProgress({ stage: 'decompress' });
      input = join(dir, 'decompressed.partial');
      temps.push(input);
      if (compression === 'gz') await pipeline(createReadStream(original), createGunzip(), createWriteStream(input, { mode: 0o600 }));
      else await run(compression === 'xz' ? 'xz' : 'zstd', ['--decompress', '--stdout', '--', original], input);
    }
    const format = req.format ?? (await detectFormat(input));
    const partial = `${req.out}.partial`;
    temps.push(partial);
    if (format === 'raw') {
      onProgress({ stage: 'copy' });
      if (input === original) await run('cp', ['--sparse=always', '--reflink=auto', '--', input, partial]);
      else await rename(input, partial);
    } else {
      if (!existsSync(QEMU_IMG)) throw new ImagePrepareError(`${req.image} is ${format}: converting it needs qemu-img (Debian qemu-utils)`);
      log(`converting ${format} to raw`);
      onProgress({ stage: 'convert', percent: 0 });
      await run(QEMU_IMG, ['convert', '-p', '-f', format, '-O', 'raw', '--', input, partial], undefined, convertProgress(onProgress));
    }
    await chmod(partial, 0o600);
    await rename(partial, req.out);
    await writeFile(stampFile, stamp, { mode: 0o600 });
  } finally {
    for (const t of temps) await rm(t, { recursive: true, force: true });
  }
  await checkSize(req);
}
