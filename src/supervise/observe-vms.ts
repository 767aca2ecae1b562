// What VMs the state directory says exist and whether their processes are really alive.
import { readdir } from 'node:fs/promises';
import { statePaths } from '../state/paths.js';
import { isVmProcess } from './process-control.js';
import { vmFiles } from '../state/vm-files.js';
import { readHold, type VmHold } from '../state/vm-hold.js';
import { readSuspend, type VmSuspend } from '../state/vm-suspend.js';
import { hasRestoreRequest } from '../runtime/snapshot-files.js';
import { readVmStatus, type VmStatusRecord } from '../state/vm-status.js';

export interface ObservedVm {
  name: string;
  status: VmStatusRecord;
  /** The VM process is alive (its pid runs `tshyve vm-run NAME`). */
  alive: boolean;
  /** The process died without recording an end (kill -9, OOM, host crash). */
  died: boolean;
  /** `tshyve stop` holds it down (hold.json). */
  hold?: VmHold;
  /** A start is under way (its process has not reported yet): nobody else may start it. */
  starting: boolean;
  /** Stopped by a snapshot (suspended.json): where the snapshot is and the spec it fits. */
  suspended?: VmSuspend;
  /** A restore request waits for the next VM process (the agent's resume, or `tshyve restore`). */
  restorePending?: boolean;
}

/** How long a `starting` record without a live process counts as a start in progress. */
const START_GRACE_MS = 15_000;

export async function observeVms(stateDir: string): Promise<ObservedVm[]> {
  let names: string[];
  try {
    names = (await readdir(statePaths(stateDir).vmsDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const observed: ObservedVm[] = [];
  for (const name of names) {
    let files;
    try {
      files = vmFiles(stateDir, name);
    } catch {
      continue; // not a directory tshyve made
    }
    const status = await readVmStatus(files.status);
    if (!status) continue;
    const alive = isVmProcess(status.pid, name);
    const ended = status.phase === 'stopped' || status.phase === 'failed' || status.phase === 'declared';
    const starting =
      !alive && status.phase === 'starting' && status.pid === undefined && Date.now() - Date.parse(status.updatedAt) < START_GRACE_MS;
    const hold = await readHold(files);
    const suspended = alive ? undefined : readSuspend(files);
    observed.push({
      name,
      status,
      alive,
      starting,
      died: !alive && !ended && !starting,
      ...(hold ? { hold } : {}),
      ...(suspended ? { suspended } : {}),
      ...(!alive && hasRestoreRequest(files.dir) ? { restorePending: true } : {}),
    });
  }
  return observed;
}

/** The phase a user should see: a dead process shows as `dead`, one a snapshot stopped as `suspended`. */
export function displayPhase(vm: ObservedVm): string {
  if (vm.died) return 'dead';
  return vm.suspended && vm.status.phase === 'stopped' ? 'suspended' : vm.status.phase;
}
