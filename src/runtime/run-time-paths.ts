// Run-time half of path confinement (src/spec/validate-paths.ts): when a VM starts, each file it
// opens (disks, kernel, initrd, boot ROM, vars) is resolved again and judged again, so a symlink
// swapped after validation cannot point the VM at a system file; the native side then opens the
// resolved path with O_NOFOLLOW and checks the file type (native/src/vmm/checked_open.h).
import { realpathSync } from 'node:fs';
import { TshyveError } from '../errors.js';
import { pathProblem, type PathUse } from '../manifest/validate-paths.js';

/** The path with symlinks followed, or a TSHYVE_PREFLIGHT_FAILED error when that lands somewhere forbidden. */
export function resolveForRun(path: string, use: PathUse, what: string, stateDir?: string): string {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return path; // missing: the open reports it with the path as written
  }
  const problem = pathProblem(path, use, stateDir, real);
  if (problem) throw new TshyveError('TSHYVE_PREFLIGHT_FAILED', `${what}: ${problem} (checked again as the VM starts)`);
  return real;
}
