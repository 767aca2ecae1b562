// Builds a VM's cloud-init NoCloud seed image: ISO 9660 with the volume label `cidata` (xorriso, as
// cloud-init's NoCloud docs make it with genisoimage), or a FAT image labelled CIDATA with mtools where
// xorriso is missing. Rebuilt only when its content changes; written beside, then renamed (0600).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { TshyveError } from '../errors.js';
import { cloudInitSeedContent, type CloudInitSeedContent } from '../model/cloud-init-content.js';
import type { ResolvedVm } from '../model/resolved.js';
import { resolveForRun } from './run-time-paths.js';

const run = promisify(execFile);
export const XORRISO = '/usr/bin/xorriso';
const MFORMAT = '/usr/bin/mformat';
const MCOPY = '/usr/bin/mcopy';

/** The manifest's user-data text: inline, or the file (re-checked for symlinks at run time). */
export async function userDataText(vm: ResolvedVm): Promise<string | undefined> {
  const ci = vm.cloudInit;
  if (!ci) return undefined;
  if (ci.userData !== undefined) return ci.userData;
  if (ci.userDataFile === undefined) return undefined;
  return readFile(resolveForRun(ci.userDataFile, 'read', 'cloud-init user-data file'), 'utf8');
}

function seedFiles(content: CloudInitSeedContent): [string, string][] {
  return [
    ['meta-data', content.metaData],
    ['user-data', content.userData],
    ...(content.networkConfig !== undefined ? [['network-config', content.networkConfig] as [string, string]] : []),
  ];
}

async function buildImage(dir: string, names: string[], out: string, tools: { xorriso: string }): Promise<void> {
  if (existsSync(tools.xorriso)) {
    await run(tools.xorriso, ['-as', 'mkisofs', '-quiet', '-output', out, '-volid', 'cidata', '-joliet', '-rock', ...names], { cwd: dir });
    return;
  }
  if (existsSync(MFORMAT) && existsSync(MCOPY)) {
    await run(MFORMAT, ['-i', out, '-C', '-f', '1440', '-v', 'CIDATA', '::']);
    for (const n of names) await run(MCOPY, ['-i', out, join(dir, n), `::${n}`]);
    return;
  }
  throw new TshyveError('TSHYVE_PREFLIGHT_FAILED', `cloud-init seed: neither ${tools.xorriso} (Debian xorriso) nor mtools is installed`);
}

/**
 * Makes `seedPath` hold the seed of `vm` (its content id beside it in `seedPath.id`); returns the
 * instance-id. Nothing half-written is ever left at `seedPath`.
 */
export async function ensureCloudInitSeed(vm: ResolvedVm, seedPath: string, tools = { xorriso: XORRISO }): Promise<string> {
  let content: CloudInitSeedContent;
  try {
    content = cloudInitSeedContent(vm, await userDataText(vm));
  } catch (e) {
    throw new TshyveError('TSHYVE_SPEC_INVALID', (e as Error).message);
  }
  const idFile = `${seedPath}.id`;
  const stamp = `${content.instanceId}\n`;
  if (existsSync(seedPath) && (await readFile(idFile, 'utf8').catch(() => '')) === stamp) return content.instanceId;
  const work = await mkdtemp(join(dirname(seedPath), '.cidata-'));
  try {
    const files = seedFiles(content);
    for (const [name, text] of files) await writeFile(join(work, name), text, { mode: 0o600 });
    const partial = join(work, 'seed.img');
    await buildImage(
      work,
      files.map(([n]) => n),
      partial,
      tools,
    );
    await chmod(partial, 0o600);
    await rename(partial, seedPath);
    await writeFile(idFile, stamp, { mode: 0o600 });
  } catch (e) {
    if (e instanceof TshyveError) throw e;
    throw new TshyveError('TSHYVE_VM_SETUP_FAILED', `${vm.meta.name}: cannot build the cloud-init seed: ${(e as Error).message}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return content.instanceId;
}
