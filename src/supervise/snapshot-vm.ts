// Asks a running VM process, over its control socket, for a snapshot (docs/vm-snapshots.md); with
// `stop` (a suspend) the VM is held down first, so nobody boots it again, and a suspend record says
// where its snapshot is. Used by `tshyve snapshot` and by the agent at host shutdown.
import { TshyveError } from '../errors.js';
import type { ResolvedVm } from '../model/resolved.js';
import type { VmFiles } from '../state/vm-files.js';
import { releaseHold, writeHold } from '../state/vm-hold.js';
import { writeSuspend, type VmSuspend } from '../state/vm-suspend.js';
import { connectControl } from './control-socket.js';

export interface SnapshotFigures {
  fileBytes: number;
  memoryBytes: number;
  pauseMs: number;
  refused: string[];
}

export async function snapshotVm(
  files: VmFiles,
  vm: ResolvedVm,
  path: string,
  options: { stop: boolean; by: VmSuspend['by']; timeoutMs?: number },
): Promise<SnapshotFigures> {
  const name = vm.meta.name;
  // Held first, as `tshyve stop` does: the agent must not boot the guest again once it is suspended.
  if (options.stop) await writeHold(files, vm);
  const control = await connectControl(
    files.controlSocket,
    () => {},
    () => {},
  ).catch(async (error: Error) => {
    if (options.stop) await releaseHold(files);
    throw new TshyveError('TSHYVE_NOT_READY', `cannot reach ${name}'s VM process (${files.controlSocket}): ${error.message}`);
  });
  try {
    const answer = await control.snapshot(path, options.stop, options.timeoutMs);
    if (!answer?.ok) {
      if (options.stop) await releaseHold(files);
      throw new TshyveError(
        'TSHYVE_SNAPSHOT_FAILED',
        answer ? `${name}: ${answer.error ?? 'snapshot failed'}` : `${name}'s VM process did not answer the snapshot request`,
      );
    }
    if (options.stop) await writeSuspend(files, { by: options.by, snapshot: path, specHash: vm.specHash });
    return answer.result as SnapshotFigures;
  } finally {
    control.close();
  }
}
