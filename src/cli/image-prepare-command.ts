// `tshyve image-prepare`: the host step that brings a volume's source image into the image cache
// (src/host/image-prepare.ts); apply runs it as a command so it can be cancelled and resumed.
import { TshyveError } from '../errors.js';
import type { ImageFormat } from '../model/image-source.js';
import { ImagePrepareError, prepareImage } from '../host/image-prepare.js';
import type { StageProgress } from '../host/copy-progress.js';
import { writeFileAtomic } from '../state/atomic-write.js';
import { rm } from 'node:fs/promises';
import type { Output } from './output.js';
import { expectPositionals, parseVerbArgs } from './parse-verb.js';

const FORMATS = new Set(['raw', 'qcow2', 'vmdk', 'vhdx', 'vdi']);

export async function imagePrepareCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('image-prepare', args);
  expectPositionals('image-prepare', positionals, 0);
  const { image, out, sha256, format } = values;
  const maxBytes = Number(values['max-bytes']);
  if (!image || !out || !Number.isSafeInteger(maxBytes) || (format !== undefined && !FORMATS.has(format)))
    throw new TshyveError('TSHYVE_USAGE', 'image-prepare needs --image, --out and --max-bytes (and a known --format)');
  const progressFile = values['progress-file'];
  // Writes are chained so a slow one never lands after a newer one.
  let writing = Promise.resolve();
  const onProgress = (p: StageProgress) => {
    if (progressFile) writing = writing.then(() => writeFileAtomic(progressFile, JSON.stringify(p)).catch(() => {}));
  };
  try {
    await prepareImage(
      { image, out, maxBytes, ...(sha256 ? { sha256 } : {}), ...(format ? { format: format as ImageFormat } : {}) },
      (line) => output.err(`image ${image}: ${line}`),
      onProgress,
    );
  } catch (e) {
    if (e instanceof ImagePrepareError) throw new TshyveError('TSHYVE_HOST_COMMAND_FAILED', e.message);
    throw new TshyveError('TSHYVE_HOST_COMMAND_FAILED', `image ${image}: ${(e as Error).message}`);
  } finally {
    await writing;
    if (progressFile) await rm(progressFile, { force: true });
  }
  return 0;
}
