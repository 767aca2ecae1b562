// `autostart.onHostShutdown: suspend` (docs/vm-snapshots.md, "Suspend at host shutdown"): when the
// agent stops (SIGTERM, its systemd unit's stop), each such running VM is snapshotted and stopped
// (`tshyve snapshot --stop`), last-started first; at the agent's next start each one gets a restore
// request and its hold released, so the first pass starts it, in autostart order, from its snapshot.
import { defaultSnapshotPath, writeRestoreRequest } from '../runtime/snapshot-files.js';
import { readFrozenSpec } from '../state/applied-vm.js';
import { vmFiles } from '../state/vm-files.js';
import { releaseHold } from '../state/vm-hold.js';
import { readSuspend } from '../state/vm-suspend.js';
import { observeVms } from './observe-vms.js';
import { waitForVmProcessEnd } from './process-control.js';
import { snapshotVm } from './snapshot-vm.js';

/** How long a suspended VM process may take to end after its snapshot. */
const END_WAIT_MS = 10_000;

/** Suspends every running VM whose spec says `onHostShutdown: suspend`; the others are left as they are. */
export async function suspendForHostShutdown(stateDir: string, log: (line: string) => void): Promise<string[]> {
  const candidates = [];
  for (const o of await observeVms(stateDir)) {
    if (!o.alive) continue;
    const files = vmFiles(stateDir, o.name);
    const vm = await readFrozenSpec(files);
    if (vm?.autostart.onHostShutdown === 'suspend') candidates.push({ o, files, vm });
  }
  candidates.sort((a, b) => b.vm.autostart.order - a.vm.autostart.order || (a.o.name < b.o.name ? 1 : -1));
  const suspended: string[] = [];
  for (const { o, files, vm } of candidates) {
    const path = defaultSnapshotPath(files.dir);
    try {
      const r = await snapshotVm(files, vm, path, { stop: true, by: 'host shutdown' });
      const ended = await waitForVmProcessEnd(o.status.pid, o.name, END_WAIT_MS);
      log(
        `${o.name}: suspended for host shutdown: snapshot in ${path} (${r.fileBytes} bytes, paused ${r.pauseMs.toFixed(1)} ms)` +
          (ended ? '' : `; its VM process ${o.status.pid} has not ended yet`),
      );
      suspended.push(o.name);
    } catch (error) {
      // Left running: the host's shutdown then stops it as it would any VM with onHostShutdown: stop.
      log(`${o.name}: cannot suspend for host shutdown (${(error as Error).message}); left running`);
    }
  }
  return suspended;
}

/**
 * At the agent's start: each VM it suspended at host shutdown, not running now, is to start from its
 * snapshot (a restore request, the hold released). Whether the snapshot still fits is decided by its
 * VM process, which boots cold, with the reason in its status, when it does not.
 */
export async function prepareResumes(stateDir: string, log: (line: string) => void): Promise<string[]> {
  const resumed: string[] = [];
  for (const o of await observeVms(stateDir)) {
    if (o.alive || o.starting || o.restorePending) continue;
    const files = vmFiles(stateDir, o.name);
    const suspend = readSuspend(files);
    if (suspend?.by !== 'host shutdown') continue;
    writeRestoreRequest(files.dir, { snapshot: suspend.snapshot, resume: { specHash: suspend.specHash } });
    await releaseHold(files);
    log(`${o.name}: suspended at host shutdown (${suspend.at}): it resumes from ${suspend.snapshot}`);
    resumed.push(o.name);
  }
  return resumed;
}
