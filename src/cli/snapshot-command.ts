// `tshyve snapshot NAME [--stop] [--file PATH]` asks the running VM process, over its control
// socket, to write a VM snapshot (docs/vm-snapshots.md); `tshyve restore NAME --file PATH` starts
// the applied VM from one instead of booting it (refused for a snapshot it was already restored
// from while its disks are writable, unless --force: supervise/restore-guard.ts).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TshyveError } from '../errors.js';
import { defaultSnapshotPath, writeRestoreRequest } from '../runtime/snapshot-files.js';
import { readFrozenSpec } from '../state/applied-vm.js';
import { resolveStateDir } from '../state/paths.js';
import { vmFiles } from '../state/vm-files.js';
import { releaseHold } from '../state/vm-hold.js';
import { readVmStatus } from '../state/vm-status.js';
import { isVmProcess, startVmProcess } from '../supervise/process-control.js';
import { snapshotVm } from '../supervise/snapshot-vm.js';
import { printJson, type Output } from './output.js';
import { expectPositionals, parseVerbArgs } from './parse-verb.js';

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
  const r = await snapshotVm(files, vm, path, { stop, by: 'tshyve snapshot' });
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
  writeRestoreRequest(files.dir, { snapshot: path, ...(values.force ? { force: true } : {}) });
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
