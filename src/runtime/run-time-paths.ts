// Run-time half of path confinement (src/manifest/validate-paths.ts): when a VM starts, each file it
// opens (disks, kernel, initrd, boot ROM, vars) is resolved again and judged again. A symlink that
// was not in the path when its spec was started (planned-paths.json) is refused; one that was, and
// still resolves the same way, is followed here (paths the record does not name, such as the vars
// copy in the state directory, are followed as found). The native side then opens the result with no
// symlink allowed anywhere in it (openat2 RESOLVE_NO_SYMLINKS, native/src/vmm/checked_open.h).
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TshyveError } from '../errors.js';
import { pathProblem, type PathUse } from '../manifest/validate-paths.js';
import type { ResolvedVm } from '../model/resolved.js';
import { writeFileAtomic } from '../state/atomic-write.js';

/** In the VM's directory: what each of its run-time paths resolved to when its spec was first started. */
export const PLANNED_PATHS_FILE = 'planned-paths.json';

export interface PlannedPaths {
  specHash: string;
  /** Every run-time path (as written) that existed, with what it resolved to then (itself when no symlink was in it). */
  resolved: Record<string, string>;
}

/** The host paths a VM process opens by name: disks, kernel and initrd, boot ROM. */
export function runTimePathsOf(vm: Pick<ResolvedVm, 'disks' | 'firmware'>): string[] {
  const paths = vm.disks.map((d) => d.path);
  if (vm.firmware.type === 'linux') paths.push(vm.firmware.kernel, ...(vm.firmware.initrd ? [vm.firmware.initrd] : []));
  if (vm.firmware.type === 'bootrom') paths.push(vm.firmware.image);
  return paths;
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

export function plannedPathsOf(vm: Pick<ResolvedVm, 'disks' | 'firmware' | 'specHash'>): PlannedPaths {
  const resolved: Record<string, string> = {};
  for (const path of runTimePathsOf(vm)) {
    const real = realOrUndefined(path);
    if (real !== undefined) resolved[path] = real;
  }
  return { specHash: vm.specHash, resolved };
}

export async function readPlannedPaths(vmDir: string): Promise<PlannedPaths | undefined> {
  try {
    const record = JSON.parse(await readFile(join(vmDir, PLANNED_PATHS_FILE), 'utf8')) as PlannedPaths;
    return typeof record.specHash === 'string' && typeof record.resolved === 'object' && record.resolved ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records how `vm`'s paths resolve, as its VM process is started; a record for the same spec is
 * kept, so a symlink swapped in between two starts of one spec is noticed (a changed spec re-records).
 */
export async function recordPlannedPaths(vmDir: string, vm: Pick<ResolvedVm, 'disks' | 'firmware' | 'specHash'>): Promise<void> {
  const previous = await readPlannedPaths(vmDir);
  if (previous?.specHash === vm.specHash) return;
  await writeFileAtomic(join(vmDir, PLANNED_PATHS_FILE), JSON.stringify(plannedPathsOf(vm), null, 2) + '\n');
}

let planned: PlannedPaths | undefined;

/** The record this process judges symlinks by (vm-run sets it once; undefined: symlinks are followed as found). */
export function usePlannedPaths(record: PlannedPaths | undefined): void {
  planned = record;
}

/** The path to open (symlinks followed only as planned), or a TSHYVE_PREFLIGHT_FAILED error. */
export function resolveForRun(path: string, use: PathUse, what: string, stateDir?: string): string {
  const real = realOrUndefined(path);
  if (real === undefined) return path; // missing: the open reports it with the path as written
  const problem = pathProblem(path, use, stateDir, real);
  if (problem) throw new TshyveError('TSHYVE_PREFLIGHT_FAILED', `${what}: ${problem} (checked again as the VM starts)`);
  const was = planned?.resolved[path];
  if (real === path || was === undefined || was === real) return real;
  throw new TshyveError(
    'TSHYVE_PREFLIGHT_FAILED',
    `${what}: ${path} now resolves to ${real} through a symlink` +
      (was !== path ? `, not to ${was} as when this spec was started` : ' that was not in the path when this spec was started') +
      `: refused (checked again as the VM starts; change the spec, or remove ${PLANNED_PATHS_FILE} in the VM's directory to accept it)`,
  );
}
