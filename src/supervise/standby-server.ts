// The waiting half of a warm standby (`tshyve vm-run :standby`): listens on the state directory's
// standby socket (0600, root's) for one claim, a line `{"name": VM}`, answers `{"ok":true,"pid":N}`
// once the socket is gone, and resolves with that name; the process then runs the VM exactly as
// `vm-run NAME` does. It retires by itself when it is no longer the recorded standby or when no VM
// process of its state directory remains.
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { Server, Socket } from 'node:net';
import { standbyFiles, standbySocket, type StandbyRecord } from '../state/standby-files.js';
import { listenUnixSocket, removeStaleSocket } from './unix-socket.js';

/** A VM name as the schema allows it (lower-case letters, digits, dashes; at most 63). */
const VM_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const CHECK_EVERY_MS = 200;
/** Room for the start that spawned the standby to record its VM before "no VM left" counts. */
const FIRST_VM_GRACE_MS = 3_000;
const MAX_CLAIM_BYTES = 256;

/**
 * The other `vm-run` processes of `stateDir`, from /proc/PID/cmdline alone: the standby, root without
 * CAP_DAC_OVERRIDE, cannot read the VM user's status files. Another `:standby` counts: it is a VM it
 * became, or a replaced standby about to retire.
 */
export async function otherVmProcesses(stateDir: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const at = argv.indexOf('vm-run');
    if (at >= 0 && argv[at + 1] !== undefined && argv[argv.indexOf('--state-dir') + 1] === stateDir) found.push(Number(entry));
  }
  return found;
}

/** Whether some VM process of `stateDir` runs: the ones seen last time first (a stat each), /proc scanned only when they are all gone. */
function vmProcessWatcher(stateDir: string): () => Promise<boolean> {
  let known: number[] = [];
  return async () => {
    known = known.filter((pid) => existsSync(`/proc/${pid}/cmdline`) && !isZombie(pid));
    if (!known.length) known = await otherVmProcesses(stateDir);
    return known.length > 0;
  };
}

function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

export interface StandbyWaitOptions {
  stateDir: string;
  log: (line: string) => void;
  /** Called with the claimed name before the claim is answered (the standby takes the VM's log here); false refuses it. */
  become: (name: string) => boolean;
}

/** Resolves with the name of the VM to become, or undefined when the standby retires. */
export async function waitForClaim(options: StandbyWaitOptions): Promise<string | undefined> {
  const files = standbyFiles(options.stateDir);
  const socketPath = standbySocket(options.stateDir, process.pid);
  const startedAt = Date.now();
  const anyVmRuns = vmProcessWatcher(options.stateDir);
  let server: Server | undefined;
  let done = false;
  return new Promise<string | undefined>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = async (name: string | undefined) => {
      if (done) return false;
      done = true;
      clearTimeout(timer);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      // No new connection from here on; the claim's own connection is answered after this returns.
      server?.close();
      await removeStaleSocket(socketPath).catch(() => {});
      const became = name !== undefined && options.become(name);
      resolve(became ? name : undefined);
      return became;
    };
    const onSignal = () => void finish(undefined);
    const onClaim = (socket: Socket) => {
      if (done) return socket.destroy();
      let text = '';
      socket.setEncoding('utf8');
      socket.on('error', () => {});
      socket.on('data', (chunk: string) => {
        text += chunk;
        if (text.length > MAX_CLAIM_BYTES) return socket.destroy();
        const end = text.indexOf('\n');
        if (end < 0) return;
        let name: unknown;
        try {
          name = (JSON.parse(text.slice(0, end)) as { name?: unknown }).name;
        } catch {
          /* answered below */
        }
        if (typeof name !== 'string' || !VM_NAME.test(name)) {
          socket.end(`${JSON.stringify({ ok: false, error: 'expected {"name": VM name}' })}\n`);
          return;
        }
        void finish(name).then((won) => socket.end(`${JSON.stringify(won ? { ok: true, pid: process.pid } : { ok: false })}\n`));
      });
    };
    const check = async (): Promise<void> => {
      if (done) return;
      const record = await readFile(files.record, 'utf8')
        .then((t) => JSON.parse(t) as StandbyRecord)
        .catch(() => undefined);
      let reason: string | undefined;
      // The record is written just after the spawn: missing, it may still be on its way.
      if (record ? record.pid !== process.pid : Date.now() - startedAt > FIRST_VM_GRACE_MS) reason = 'another process is the standby now';
      else if (!existsSync(socketPath)) reason = `${socketPath} is gone`;
      else if (Date.now() - startedAt > FIRST_VM_GRACE_MS && !(await anyVmRuns())) reason = 'no VM process runs here any more';
      if (reason) {
        options.log(`standby retires: ${reason}`);
        void finish(undefined);
        return;
      }
      timer = setTimeout(() => void check().catch(retireOnError), CHECK_EVERY_MS);
    };
    const retireOnError = (error: Error) => {
      options.log(`standby retires: ${error.message}`);
      void finish(undefined);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    listenUnixSocket(socketPath, onClaim)
      .then((s) => {
        server = s;
        options.log(`standby: waiting on ${socketPath}`);
        timer = setTimeout(() => void check().catch(retireOnError), CHECK_EVERY_MS);
      })
      .catch(reject);
  });
}
