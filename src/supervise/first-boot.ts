// What the first boot of a VM process starts from (docs/vm-snapshots.md): a cold boot, or a snapshot
// named by `tshyve restore`, by the agent's resume after a suspend at host shutdown, or by
// `spec.restoreFrom` (bhyve -r). A snapshot outside the VM's directory is hard-linked into it before
// the process hides the host's files, so the VMM can still open it from inside its jail. A resume
// that cannot be restored boots cold instead.
import { closeSync, linkSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TshyveError } from '../errors.js';
import type { ResolvedVm } from '../model/resolved.js';
import { takeRestoreRequest } from '../runtime/snapshot-files.js';
import { readInventory } from '../state/inventory.js';
import { statePaths } from '../state/paths.js';
import type { VmFiles } from '../state/vm-files.js';
import { takeSuspend, type VmSuspend } from '../state/vm-suspend.js';
import { recordRestored, restoreTwiceProblem, snapshotIdentity, type SnapshotIdentity } from './restore-guard.js';

export interface FirstBoot {
  /** The snapshot as the user named it; absent for a cold boot. */
  snapshot?: string;
  /** What the VMM opens: the snapshot, or its link in the VM's directory (removed once restored). */
  restoreFrom?: string;
  link?: string;
  fd?: number;
  identity?: SnapshotIdentity;
  /** The agent's resume: a refused restore falls back to a cold boot, and the snapshot goes once used. */
  resume?: boolean;
  /** For the status record: why this boot is cold although a snapshot was asked for. */
  note?: string;
}

/** Decides the first boot; throws (the start fails, with the reason) when a restore is refused outright. */
export async function chooseFirstBoot(vm: ResolvedVm, files: VmFiles, stateDir: string): Promise<FirstBoot> {
  const suspended = takeSuspend(files);
  const request = takeRestoreRequest(files.dir);
  const snapshot = request?.snapshot ?? vm.restoreFrom;
  const passed = !request && suspended ? bootPastSuspend(vm, suspended) : undefined;
  if (!snapshot) return passed ? { note: passed } : {};
  const resume = request?.resume !== undefined;
  if (request?.resume && request.resume.specHash !== vm.specHash) {
    rmSync(snapshot, { force: true });
    return { note: `cold boot: the machine spec changed after the suspend at host shutdown, so its snapshot ${snapshot} was discarded` };
  }
  let fd: number;
  try {
    fd = openSync(snapshot, 'r');
  } catch (error) {
    const why = `cannot open the snapshot ${snapshot}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    if (resume) return { note: `cold boot: ${why}` };
    throw new TshyveError('TSHYVE_RESTORE_REFUSED', why);
  }
  const identity = snapshotIdentity(fd, snapshot);
  if (!request?.force) {
    const problem = restoreTwiceProblem(vm, files.dir, identity, await readInventory(statePaths(stateDir).inventory));
    if (problem) {
      closeSync(fd);
      if (resume) return { note: `cold boot: ${problem}` };
      throw new TshyveError('TSHYVE_RESTORE_REFUSED', problem);
    }
  }
  return { snapshot, ...reachableFromJail(snapshot, files.dir), fd, identity, resume };
}

/** A VM started cold while suspended: a snapshot of another machine spec is of no more use and goes. */
function bootPastSuspend(vm: ResolvedVm, suspended: VmSuspend): string {
  if (suspended.specHash === vm.specHash)
    return `cold boot: the snapshot ${suspended.snapshot} of its suspend was not used (\`tshyve restore ${vm.meta.name}\` starts from it)`;
  rmSync(suspended.snapshot, { force: true });
  return `cold boot: the machine spec changed after the suspend, so its snapshot ${suspended.snapshot} was discarded`;
}

/**
 * The VM's own directory stays visible in its jail; another path may be hidden (docs/vm-process-jail.md),
 * so it is linked in. Without a link (another filesystem) the path is used as it is: it must then lie
 * outside the hidden places (/tmp, /home, /root, the state directory...).
 */
function reachableFromJail(snapshot: string, vmDir: string): { restoreFrom: string; link?: string } {
  if (snapshot.startsWith(vmDir + '/')) return { restoreFrom: snapshot };
  const link = join(vmDir, 'restore-source.snapshot');
  rmSync(link, { force: true });
  try {
    linkSync(snapshot, link);
    return { restoreFrom: link, link };
  } catch {
    return { restoreFrom: snapshot };
  }
}

function release(boot: FirstBoot): void {
  if (boot.fd !== undefined) closeSync(boot.fd);
  if (boot.link) rmSync(boot.link, { force: true });
}

/** After the VMM took the snapshot: records it as restored, and removes a resumed one (it is used up). */
export async function finishRestore(boot: FirstBoot, files: VmFiles): Promise<string> {
  release(boot);
  if (boot.identity) await recordRestored(files.dir, boot.identity);
  if (!boot.resume) return `restored from the snapshot ${boot.snapshot}`;
  rmSync(boot.snapshot!, { force: true });
  return `resumed from the snapshot ${boot.snapshot} taken at host shutdown (now removed)`;
}

/** A restore the VMM refused outright: what was opened for it is let go. */
export function refusedRestore(boot: FirstBoot): void {
  release(boot);
}

/** A resume the VMM refused: the snapshot goes, and the VM boots cold with this note. */
export function abandonResume(boot: FirstBoot, reason: string): string {
  release(boot);
  rmSync(boot.snapshot!, { force: true });
  return `cold boot: the snapshot ${boot.snapshot} taken at host shutdown could not be restored (${reason}); it was removed`;
}
