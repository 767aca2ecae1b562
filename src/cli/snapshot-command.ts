// `tshyve snapshot NAME [--stop] [--file PATH]` asks the running VM process, over its control
// socket, to write a VM snapshot (docs/vm-snapshots.md); `tshyve restore NAME --file PATH` starts
// the applied VM from one instead of booting it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TshyveError } from '../errors.js';
import { defaultSnapshotPath, writeRestoreRequest } from '../runtime/snapshot-files.js';
import { readFrozenSpec } from '../state/applied-vm.js';
import { resolveStateDir } from '../state/paths.js';
import { vmFiles } from '../state/vm-files.js';
import { releaseHold, writeHold } from '../state/vm-hold.js';
import { readVmStatus } from '../state/vm-status.js';
import { connectControl } from '../supervise/control-socket.js';
import { isVmProcess, startVmProcess } from '../supervise/process-control.js';
import { printJson, type Output } from './output.js';
import { expectPositionals, parseVerbArgs } from './parse-verb.js';

interface SnapshotFigures {
  fileBytes: number;
  memoryBytes: number;
  pauseMs: number;
  refused: string[];
}

/** The snapshot file: the VM process's jail leaves it only its own directory (docs/vm-process-jail.md). */
function snapshotPath(file: string | undefined, vmDir: string): string {
  const path = file ? resolve(file) : defaultSnapshotPath(vmDir);
  if (!path.startsWith(vmDir + '/'))
    throw new TshyveError('TSHYVE_USAGE', `--file must be inside ${vmDir}: the VM process cannot reach other paths from its jail`);
  return path;
}

async function appliedVm(stateDir: string, name: string) {
  const files = vmFiles(stateDir, name);
  const vm = await readFrozenSpec(files);
  if (!vm) throw new TshyveError('TSHYVE_NOT_FOUND', `no VM named ${name} has been applied with state directory ${stateDir}`);
  const status = await readVmStatus(files.status);
  const running = status !== undefined && isVmProcess(status.pid, name);
  return { files, vm, status, running };
}

export async function snapshotCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('snapshot', args);
  expectPositionals('snapshot', positionals, 1);
  const name = positionals[0]!;
  const { files, vm, running } = await appliedVm(resolveStateDir(values['state-dir']), name);
  if (!running) throw new TshyveError('TSHYVE_NOT_READY', `${name} is not running: there is nothing to snapshot`);
  const path = snapshotPath(values.file, files.dir);
  const stop = values.stop === true;
  // Held first, as `tshyve stop` does: the agent must not boot the guest again once it is suspended.
  if (stop) await writeHold(files, vm);
  const control = await connectControl(
    files.controlSocket,
    () => {},
    () => {},
  ).catch((error: Error) => {
    throw new TshyveError('TSHYVE_NOT_READY', `cannot reach ${name}'s VM process (${files.controlSocket}): ${error.message}`);
  });
  try {
    const answer = await control.snapshot(path, stop);
    if (!answer) throw new TshyveError('TSHYVE_SNAPSHOT_FAILED', `${name}'s VM process did not answer the snapshot request`);
    if (!answer.ok) {
      if (stop) await releaseHold(files);
      throw new TshyveError('TSHYVE_SNAPSHOT_FAILED', `${name}: ${answer.error ?? 'snapshot failed'}`);
    }
    const r = answer.result as SnapshotFigures;
    if (values.json) {
      printJson(output, { ok: true, vm: name, file: path, stopped: stop, ...r });
    } else {
      output.out(
        `${name}: snapshot in ${path} (${r.fileBytes} bytes, ${r.memoryBytes} bytes of guest RAM, vCPUs paused ${r.pauseMs.toFixed(1)} ms)` +
          (stop ? `; the VM is stopped and held down until \`tshyve restore ${name} --file ${path}\` or \`tshyve start ${name}\`` : ''),
      );
      if (r.refused.length) output.err(`${name}: this host's KVM would not give: ${r.refused.join(', ')}`);
    }
    return 0;
  } finally {
    control.close();
  }
}

export async function restoreCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('restore', args);
  expectPositionals('restore', positionals, 1);
  const name = positionals[0]!;
  const stateDir = resolveStateDir(values['state-dir']);
  const { files, vm, status, running } = await appliedVm(stateDir, name);
  if (running) throw new TshyveError('TSHYVE_CONFLICT', `${name} is running (pid ${status!.pid}): stop it before restoring a snapshot`);
  const path = snapshotPath(values.file, files.dir);
  if (!existsSync(path)) throw new TshyveError('TSHYVE_NOT_FOUND', `no snapshot at ${path}`);
  writeRestoreRequest(files.dir, path);
  await releaseHold(files);
  let started;
  try {
    started = await startVmProcess(vm, { stateDir, ...(status?.netns ? { netns: status.netns } : {}) });
  } catch (error) {
    throw new TshyveError(
      'TSHYVE_RESTORE_REFUSED',
      `${name} did not start from ${path}: ${(error as Error).message}; see \`tshyve logs ${name} --vmm\``,
      {
        cause: error,
      },
    );
  }
  if (values.json) printJson(output, { ok: true, vm: name, file: path, pid: started.pid });
  else output.out(`${name} restored from ${path} (pid ${started.pid})`);
  return 0;
}
