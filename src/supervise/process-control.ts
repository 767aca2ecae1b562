// Starting and stopping VM processes: each VM runs in its own detached `tshyve vm-run NAME`
// process (one VM per process: a VMM crash takes down one VM, never the reconciler).
import { closeSync, openSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import type { ResolvedVm } from '../model/resolved.js';
import { TshyveError } from '../errors.js';
import { ensureStateDir } from '../state/atomic-write.js';
import { isProcessRunning } from '../state/process-identity.js';
import { writeFrozenSpec } from '../state/applied-vm.js';
import { vmFiles } from '../state/vm-files.js';
import { readVmStatus, writeVmStatus, type VmStatusRecord } from '../state/vm-status.js';
import { claimStandby, isClaimedStandby, replaceStandby, standbyWanted } from './standby.js';
import { vmLaunch } from './vm-launch.js';
import { removeEmptyVmCgroups } from './vm-cgroup.js';
import { recordPlannedPaths } from '../runtime/run-time-paths.js';

/**
 * True if `pid` is alive and is the `tshyve vm-run` process of `name` (not a reused pid): started as
 * `vm-run NAME`, or a warm standby that became NAME (standby.ts).
 */
export function isVmProcess(pid: number | undefined, name: string): boolean {
  if (!isProcessRunning(pid)) return false;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = argv.indexOf('vm-run');
    if (at >= 0 && argv[at + 1] === name) return true;
  } catch {
    return false;
  }
  return isClaimedStandby(pid, name);
}

export interface SpawnOptions {
  stateDir: string;
  /** Extra environment for the VM process (tests pass TSHYVE_* overrides). */
  env?: NodeJS.ProcessEnv;
  /** Run the VM process inside this network namespace (`ip netns exec`), so it opens taps there. */
  netns?: string;
  /** This start brings back a VM that ended (counted in `restarts` and the crash-loop window). */
  restart?: boolean;
  /** Hand the VM to the warm standby if one fits (default true; apply starting several at once uses it for one). */
  useStandby?: boolean;
}

export { vmProcessEnv } from './vm-launch.js';

/** Freezes the resolved VM into its spec file and starts its VM process, detached. */
export async function spawnVmProcess(vm: ResolvedVm, options: SpawnOptions): Promise<number> {
  const files = vmFiles(options.stateDir, vm.meta.name);
  await ensureStateDir(files.dir);
  await writeFrozenSpec(files, vm);
  await recordPlannedPaths(files.dir, vm);
  // A fresh `starting` record, so nobody mistakes the previous run's record for this one.
  const previous = await readVmStatus(files.status);
  const restarted = previous !== undefined && (options.restart ?? previous.phase !== 'stopped');
  const now = Date.now();
  const recent = (previous?.recentRestarts ?? []).filter((t) => now - t < vm.restartPolicy.crashLoopWindowMs);
  await writeVmStatus(files.status, {
    name: vm.meta.name,
    phase: 'starting',
    specHash: vm.specHash,
    vcpus: vm.cpus.count,
    memoryBytes: vm.memoryBytes,
    restarts: (previous?.restarts ?? 0) + (restarted ? 1 : 0),
    recentRestarts: restarted ? [...recent, now] : recent,
    ...(previous?.lastExit ? { lastExit: previous.lastExit } : {}),
    ...(options.netns ? { netns: options.netns } : {}),
    updatedAt: '',
  });
  const launchOptions = {
    stateDir: options.stateDir,
    ...(options.env ? { env: options.env } : {}),
    ...(options.netns ? { netns: options.netns } : {}),
  };
  // A standby started the same way becomes this VM: the same jail from the same exec (standby.ts).
  const warm = standbyWanted() && options.useStandby !== false ? await claimStandby(vm, launchOptions) : undefined;
  if (warm !== undefined) return warm;
  const log = openSync(files.vmmLog, 'a', 0o600);
  try {
    const launch = vmLaunch(vm, vm.meta.name, launchOptions);
    const child = spawn(launch.cmd, launch.args, { detached: true, stdio: ['ignore', log, log], env: launch.env });
    child.unref();
    if (!child.pid) throw new Error(`cannot start the VM process for ${vm.meta.name}`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/**
 * Records a declared VM that is not started now (autostart off, run: Halted): its frozen spec, so
 * `tshyve start` can start it from any directory, and a `declared` status unless it ran before.
 */
export async function recordDeclaredVm(vm: ResolvedVm, options: Pick<SpawnOptions, 'stateDir' | 'netns'>): Promise<void> {
  const files = vmFiles(options.stateDir, vm.meta.name);
  await ensureStateDir(files.dir);
  await writeFrozenSpec(files, vm);
  const previous = await readVmStatus(files.status);
  if (previous && previous.phase !== 'declared') return;
  await writeVmStatus(files.status, {
    name: vm.meta.name,
    phase: 'declared',
    specHash: vm.specHash,
    vcpus: vm.cpus.count,
    memoryBytes: vm.memoryBytes,
    restarts: 0,
    recentRestarts: [],
    ...(options.netns ? { netns: options.netns } : {}),
    updatedAt: '',
  });
}

/** Waits until the VM process reports a phase other than `starting`, or ends. */
export async function waitForVmStarted(stateDir: string, name: string, timeoutMs = 10_000): Promise<VmStatusRecord | undefined> {
  const files = vmFiles(stateDir, name);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await readVmStatus(files.status);
    if (status && status.phase !== 'starting') return status;
    await new Promise((r) => setTimeout(r, Date.now() + timeoutMs - deadline < 1_000 ? 10 : 50));
  }
  return readVmStatus(files.status);
}

/** Starts the VM process and waits until the guest runs; throws, with the VM's own reason, if it does not. */
export async function startVmProcess(
  vm: ResolvedVm,
  options: SpawnOptions & { /** Leave a fresh standby behind (default true). */ refillStandby?: boolean },
): Promise<VmStatusRecord> {
  await spawnVmProcess(vm, options);
  // The next start finds a warm process, started as this one was; it loads while this VM comes up.
  const replacing =
    standbyWanted() && options.refillStandby !== false
      ? replaceStandby(vm, {
          stateDir: options.stateDir,
          ...(options.env ? { env: options.env } : {}),
          ...(options.netns ? { netns: options.netns } : {}),
        }).catch(() => undefined)
      : undefined;
  const status = await waitForVmStarted(options.stateDir, vm.meta.name);
  await replacing;
  if (!status || status.phase === 'failed' || status.phase === 'starting') {
    throw new TshyveError('TSHYVE_VM_FAILED', status?.message ?? 'the VM process did not report in time');
  }
  return status;
}

/** The progress line of a stop that waits for its guest: `waiting for hello to power off… 12 s of 60 s`. */
export function formatStopWait(name: string, waitedMs: number, timeoutMs: number): string {
  return `waiting for ${name} to power off… ${Math.round(waitedMs / 1000)} s of ${Math.round(timeoutMs / 1000)} s`;
}

/** Waits until `pid` is no longer `name`'s VM process: true if it ended within `timeoutMs`; `onProgress` each second. */
export async function waitForVmProcessEnd(
  pid: number | undefined,
  name: string,
  timeoutMs: number,
  onProgress?: (waitedMs: number) => void,
): Promise<boolean> {
  const started = Date.now();
  let reported = started;
  while (isVmProcess(pid, name)) {
    if (Date.now() - started >= timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 50));
    if (onProgress && Date.now() - reported >= 1000) {
      reported = Date.now();
      onProgress(reported - started);
    }
  }
  return true;
}

/**
 * Stops a VM: SIGTERM makes the VM process press the ACPI power button and, after the VM's stop
 * timeout, end the guest by force; if the process itself is still there after `graceMs` more, SIGKILL.
 */
export async function stopVmProcess(
  pid: number,
  name: string,
  stopTimeoutMs: number,
  graceMs = 5_000,
  onProgress?: (waitedMs: number) => void,
): Promise<'stopped' | 'killed' | 'not-running'> {
  if (!isVmProcess(pid, name)) return 'not-running';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'not-running'; // it ended between the check and the signal
  }
  if (await waitForVmProcessEnd(pid, name, stopTimeoutMs + graceMs, onProgress)) {
    await removeEmptyVmCgroups(); // its cgroup, now empty (src/supervise/vm-cgroup.ts)
    return 'stopped';
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'stopped';
  }
  return 'killed';
}
