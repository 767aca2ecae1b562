// The warm standby of a state directory, from the side that starts VMs: one `vm-run :standby`
// process, started the way the last VM was (vm-launch.ts), with Node and the addon loaded, waiting
// on <state>/standby.sock. A start whose launch matches claims it with the VM's name instead of
// starting a process; every start then leaves a fresh standby behind; none is kept once no VM runs.
// TSHYVE_STANDBY=0 turns it off (every VM process is started cold).
import { closeSync, openSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { readFile, rm } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { ensureStateDir, writeFileAtomic } from '../state/atomic-write.js';
import { isProcessRunning } from '../state/process-identity.js';
import { STANDBY_NAME, standbyFiles, standbySocket, type StandbyRecord } from '../state/standby-files.js';
import { standbyKeyFor, vmLaunch, type LaunchOptions } from './vm-launch.js';
import type { ResolvedVm } from '../model/resolved.js';
import { TshyveError } from '../errors.js';

/** How long a claim waits for a standby that is still loading before starting the VM cold. */
const CLAIM_WAIT_MS = 1_000;
/** How long an accepted claim waits for its answer (the standby may be slow on a loaded host; it may already be the VM). */
const ANSWER_WAIT_MS = 10_000;
const STOP_WAIT_MS = 2_000;

export function standbyWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TSHYVE_STANDBY !== '0';
}

/**
 * What a process started as `vm-run :standby --state-dir DIR` is now, from where its stdout goes: the
 * standby's log while it waits, the VM's vmm.log once it became that VM (it redirects before answering).
 */
export function standbyOutputOf(pid: number | undefined, stateDir?: string): string | undefined {
  if (!isProcessRunning(pid)) return undefined;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = argv.indexOf('vm-run');
    if (at < 0 || argv[at + 1] !== STANDBY_NAME) return undefined;
    if (stateDir !== undefined && argv[argv.indexOf('--state-dir') + 1] !== stateDir) return undefined;
    return readlinkSync(`/proc/${pid}/fd/1`);
  } catch {
    return undefined;
  }
}

/** True if `pid` is the waiting (not yet claimed) standby of `stateDir`. */
export function isStandbyProcess(pid: number | undefined, stateDir: string): boolean {
  return standbyOutputOf(pid, stateDir)?.endsWith(`/${basename(standbyFiles(stateDir).log)}`) === true;
}

/** True if `pid` is a standby that became VM `name` (its output goes to that VM's vmm.log). */
export function isClaimedStandby(pid: number | undefined, name: string): boolean {
  return standbyOutputOf(pid)?.endsWith(`/vms/${name}/vmm.log`) === true;
}

export async function readStandbyRecord(stateDir: string): Promise<StandbyRecord | undefined> {
  try {
    return JSON.parse(await readFile(standbyFiles(stateDir).record, 'utf8')) as StandbyRecord;
  } catch {
    return undefined;
  }
}

/** The waiting standby of `stateDir`, for `status`: its pid, or undefined when there is none. */
export async function liveStandby(stateDir: string): Promise<StandbyRecord | undefined> {
  const record = await readStandbyRecord(stateDir);
  return record && isStandbyProcess(record.pid, stateDir) ? record : undefined;
}

type ClaimAnswer = { pid: number } | 'refused' | 'no-answer';

/** 'refused': not connected or answered no (start cold); 'no-answer': it took the claim and went silent. */
function sendClaim(socketPath: string, name: string): Promise<ClaimAnswer> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    let reply = '';
    let sent = false;
    const give = (answer: ClaimAnswer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setEncoding('utf8');
    socket.setTimeout(CLAIM_WAIT_MS, () => give(sent ? 'no-answer' : 'refused'));
    socket.on('connect', () => {
      socket.setTimeout(ANSWER_WAIT_MS);
      sent = true;
      socket.write(`${JSON.stringify({ name })}\n`);
    });
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (!reply.includes('\n')) return;
      try {
        const answer = JSON.parse(reply.slice(0, reply.indexOf('\n'))) as { ok?: boolean; pid?: number };
        give(answer.ok && typeof answer.pid === 'number' ? { pid: answer.pid } : 'refused');
      } catch {
        give('refused');
      }
    });
    socket.on('error', () => give(sent ? 'no-answer' : 'refused'));
    socket.on('end', () => give(sent ? 'no-answer' : 'refused'));
  });
}

/**
 * Hands VM `vm` to the standby if one started the same way is there (waiting for it a moment if it
 * is still loading); resolves with the pid that now runs the VM, or undefined (start it cold). A
 * standby that took the claim but never answered may be running the VM: that start fails rather
 * than starting the VM a second time.
 */
export async function claimStandby(vm: ResolvedVm, options: LaunchOptions): Promise<number | undefined> {
  const record = await readStandbyRecord(options.stateDir);
  if (!record || record.key !== standbyKeyFor(vm, options)) return undefined;
  const deadline = Date.now() + CLAIM_WAIT_MS;
  const socket = standbySocket(options.stateDir, record.pid);
  while (isStandbyProcess(record.pid, options.stateDir)) {
    const answer = await sendClaim(socket, vm.meta.name);
    if (answer === 'no-answer' && !isStandbyProcess(record.pid, options.stateDir) && isProcessRunning(record.pid))
      throw new TshyveError('TSHYVE_VM_FAILED', `the standby process ${record.pid} took ${vm.meta.name} but did not answer`);
    if (typeof answer === 'object') return answer.pid === record.pid ? answer.pid : undefined;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 10));
  }
  return undefined;
}

/** Starts a fresh standby launched as `vm`'s process would be, replacing any other. */
export async function replaceStandby(vm: ResolvedVm, options: LaunchOptions): Promise<number | undefined> {
  const files = standbyFiles(options.stateDir);
  const key = standbyKeyFor(vm, options);
  const current = await readStandbyRecord(options.stateDir);
  if (current?.key === key && isStandbyProcess(current.pid, options.stateDir)) return current.pid;
  if (current) await stopStandby(options.stateDir);
  const launch = vmLaunch(vm, STANDBY_NAME, options);
  await ensureStateDir(options.stateDir);
  const log = openSync(files.log, 'a', 0o600);
  try {
    const child = spawn(launch.cmd, launch.args, { detached: true, stdio: ['ignore', log, log], env: launch.env });
    child.unref();
    if (!child.pid) return undefined;
    await writeFileAtomic(
      files.record,
      JSON.stringify({ pid: child.pid, key, startedAt: new Date().toISOString() } satisfies StandbyRecord),
    );
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Ends the standby of `stateDir` (SIGTERM, SIGKILL after a grace) and removes its record. */
export async function stopStandby(stateDir: string): Promise<boolean> {
  const record = await readStandbyRecord(stateDir);
  const files = standbyFiles(stateDir);
  let stopped = false;
  if (record && isStandbyProcess(record.pid, stateDir)) {
    process.kill(record.pid, 'SIGTERM');
    const deadline = Date.now() + STOP_WAIT_MS;
    while (isStandbyProcess(record.pid, stateDir) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (isStandbyProcess(record.pid, stateDir)) process.kill(record.pid, 'SIGKILL');
    stopped = true;
  }
  // A standby killed outright leaves its socket behind; a claimed one removed its own.
  if (record && !isProcessRunning(record.pid)) await rm(standbySocket(stateDir, record.pid), { force: true });
  await rm(files.record, { force: true });
  return stopped;
}
