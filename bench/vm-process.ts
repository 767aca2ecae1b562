// bench:vmm's VM-process rows, each beside QEMU microvm on the same ROM guest in the same run, rounds
// interleaved: `tshyve run FILE` -> first serial byte (cold CLI path); a VM process started as apply
// does, through the warm standby and cold; a killed VM process -> its guest printing again under
// `tshyve watch`; memory of 20 running VMs (Private_Dirty, PSS) with the VM process's own share.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreCommand } from '../src/cli/snapshot-command.js';
import { loadOneVm } from '../src/cli/spec-commands.js';
import type { ResolvedVm } from '../src/model/resolved.js';
import { spawnVmProcess, waitForVmStarted } from '../src/supervise/process-control.js';
import { readStandbyRecord, replaceStandby, isStandbyProcess } from '../src/supervise/standby.js';
import { standbyFiles, standbySocket } from '../src/state/standby-files.js';
import {
  QEMU,
  firstStdoutByte,
  guests,
  loadAverage,
  median,
  memoryOf,
  microVmYaml,
  min,
  qemuMicrovmArgs,
  ratioRow,
  root,
  whenFileHas,
} from './vm-start.js';

const bin = join(root, 'bin', 'tshyve.js');
const quiet = { out: () => {}, err: () => {} };

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function ended(child: ChildProcess): Promise<void> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
}

function killAndWait(pid: number): Promise<void> {
  // The VM processes are not this process's children: gone, or a zombie until init reaps it.
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return Promise.resolve();
  }
  return until(
    `pid ${pid} to end`,
    () => !existsSync(`/proc/${pid}`) || /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')),
  ).then(() => undefined);
}

function tshyve(args: string[], env: NodeJS.ProcessEnv = {}): void {
  execFileSync(process.execPath, [bin, ...args], { stdio: 'ignore', env: { ...process.env, ...env } });
}

/** Starts `vm` as apply does (frozen spec, then a claimed standby or a cold process); ms to its first console.log byte. */
async function startAndTime(vm: ResolvedVm, stateDir: string, warm: boolean): Promise<{ ms: number; pid: number }> {
  const log = join(stateDir, 'vms', vm.meta.name, 'console.log');
  // Unset for the warm start: it is part of the launch a standby must match.
  const previous = process.env.TSHYVE_STANDBY;
  if (warm) delete process.env.TSHYVE_STANDBY;
  else process.env.TSHYVE_STANDBY = '0';
  try {
    const t0 = performance.now();
    const first = whenFileHas(log);
    const pid = await spawnVmProcess(vm, { stateDir });
    return { ms: (await first) - t0, pid };
  } finally {
    if (previous === undefined) delete process.env.TSHYVE_STANDBY;
    else process.env.TSHYVE_STANDBY = previous;
  }
}

async function standbyReady(vm: ResolvedVm, stateDir: string): Promise<void> {
  await replaceStandby(vm, { stateDir });
  const record = await readStandbyRecord(stateDir);
  await until(
    'the standby to listen',
    () => record !== undefined && existsSync(standbySocket(stateDir, record.pid)) && isStandbyProcess(record.pid, stateDir),
  );
  // Let its start-up finish (the socket is bound last but one step) so the rounds time a waiting standby.
  await new Promise((r) => setTimeout(r, 200));
}

async function startRows(work: string, rounds: number): Promise<string[]> {
  const specDir = join(work, 'start-vms');
  const stateDir = join(work, 'start-state');
  mkdirSync(specDir, { recursive: true });
  writeFileSync(join(work, 'hello.yaml'), microVmYaml('hello', 'hello'));
  for (let i = 0; i < rounds; i++)
    for (const kind of ['w', 'c']) writeFileSync(join(specDir, `${kind}${i}.yaml`), microVmYaml(`${kind}${i}`, 'waiter'));
  const runMs: number[] = [],
    warmMs: number[] = [],
    coldMs: number[] = [],
    qemuMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const q = await firstStdoutByte([QEMU, ...qemuMicrovmArgs(join(guests, 'waiter.bin'))]);
    qemuMs.push(q.ms);
    q.child.kill('SIGKILL');
    await ended(q.child);
    const run = await firstStdoutByte([process.execPath, bin, 'run', join(work, 'hello.yaml'), '--state-dir', join(work, 'run-state')]);
    runMs.push(run.ms);
    await ended(run.child);
    const warmVm = await loadOneVm(`w${i}`, specDir, quiet);
    await standbyReady(warmVm, stateDir);
    const warm = await startAndTime(warmVm, stateDir, true);
    warmMs.push(warm.ms);
    const coldVm = await loadOneVm(`c${i}`, specDir, quiet);
    const cold = await startAndTime(coldVm, stateDir, false);
    coldMs.push(cold.ms);
    await waitForVmStarted(stateDir, `w${i}`);
    await waitForVmStarted(stateDir, `c${i}`);
    await killAndWait(warm.pid);
    await killAndWait(cold.pid);
  }
  const standby = await readStandbyRecord(stateDir);
  if (standby) await killAndWait(standby.pid);
  const fmt = (xs: number[]) => `min ${min(xs).toFixed(1)} median ${median(xs).toFixed(1)}`;
  return [
    ratioRow('(e) `tshyve run FILE` -> first serial byte', median(runMs), median(qemuMs), 'ms', 1.5),
    ratioRow('(f) start via the warm standby -> first byte', median(warmMs), median(qemuMs), 'ms', 1.0),
    ratioRow('(f) start cold (TSHYVE_STANDBY=0) -> first byte', median(coldMs), median(qemuMs), 'ms', 1.5),
    `    ms: run ${fmt(runMs)}; standby ${fmt(warmMs)}; cold ${fmt(coldMs)}; qemu ${fmt(qemuMs)} (${rounds} rounds, interleaved)`,
  ];
}

/** `tshyve watch` with one VM: SIGKILL its VM process, time until the guest prints again. */
async function crashRecoveryMs(work: string, rounds: number, warm: boolean): Promise<number[]> {
  const tag = warm ? 'warm' : 'cold';
  const specDir = join(work, `crash-${tag}-vms`);
  const stateDir = join(work, `crash-${tag}-state`);
  mkdirSync(specDir, { recursive: true });
  writeFileSync(join(specDir, 'crash.yaml'), microVmYaml('crash', 'waiter'));
  const env = { ...process.env, ...(warm ? {} : { TSHYVE_STANDBY: '0' }) };
  const agent = spawn(process.execPath, [bin, 'watch', specDir, '--state-dir', stateDir], { stdio: 'ignore', env });
  const log = join(stateDir, 'vms', 'crash', 'console.log');
  const status = () => {
    try {
      return JSON.parse(readFileSync(join(stateDir, 'vms', 'crash', 'status.json'), 'utf8')) as { pid?: number; phase: string };
    } catch {
      return undefined;
    }
  };
  const out: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const running = await until('the VM to run', () => {
        const s = status();
        return s?.phase === 'running' && s.pid !== undefined && existsSync(log) && statSync(log).size > 0 ? s : undefined;
      });
      if (warm)
        await until('a standby', () => {
          const record = existsSync(standbyFiles(stateDir).record) ? readFileSync(standbyFiles(stateDir).record, 'utf8') : '{}';
          return isStandbyProcess((JSON.parse(record) as { pid?: number }).pid, stateDir);
        });
      await new Promise((r) => setTimeout(r, 300));
      const size = statSync(log).size;
      const t0 = performance.now();
      const printed = whenFileHas(log, size + 1);
      process.kill(running.pid!, 'SIGKILL');
      out.push((await printed) - t0);
    }
  } finally {
    agent.kill('SIGTERM');
    await ended(agent);
    tshyve(['destroy', specDir, '--state-dir', stateDir, '--yes']);
  }
  return out;
}

async function crashRows(work: string, rounds: number): Promise<string[]> {
  const warm = await crashRecoveryMs(work, rounds, true);
  const cold = await crashRecoveryMs(work, rounds, false);
  return [
    `(g) VM process killed -> guest prints again (watch)  standby median ${median(warm).toFixed(0)} ms (min ${min(warm).toFixed(0)}), cold median ${median(cold).toFixed(0)} ms (min ${min(cold).toFixed(0)}); goal <= 500 ms: ${median(warm) <= 500 ? 'met' : 'missed'}`,
  ];
}

function pidsOf(stateDir: string, names: string[]): number[] {
  return names.map((n) => (JSON.parse(readFileSync(join(stateDir, 'vms', n, 'status.json'), 'utf8')) as { pid: number }).pid);
}

async function densityRows(work: string, count: number): Promise<string[]> {
  const specDir = join(work, 'density-vms');
  const stateDir = join(work, 'density-state');
  mkdirSync(specDir, { recursive: true });
  const names = Array.from({ length: count }, (_, i) => `d${i}`);
  for (const n of names) writeFileSync(join(specDir, `${n}.yaml`), microVmYaml(n, 'waiter'));
  tshyve(['apply', specDir, '--state-dir', stateDir]);
  for (const n of names) await whenFileHas(join(stateDir, 'vms', n, 'console.log'));
  await new Promise((r) => setTimeout(r, 1000));
  const ours = pidsOf(stateDir, names).map(memoryOf);
  const standby = await readStandbyRecord(stateDir);
  const idle = standby && isStandbyProcess(standby.pid, stateDir) ? memoryOf(standby.pid) : undefined;
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const bareMem = memoryOf(bare.pid!);
  bare.kill('SIGKILL');
  tshyve(['destroy', specDir, '--state-dir', stateDir, '--yes']);

  const qemus: ChildProcess[] = [];
  for (let i = 0; i < count; i++) qemus.push((await firstStdoutByte([QEMU, ...qemuMicrovmArgs(join(guests, 'waiter.bin'))])).child);
  await new Promise((r) => setTimeout(r, 1000));
  const theirs = qemus.map((q) => memoryOf(q.pid!));
  for (const q of qemus) q.kill('SIGKILL');
  await Promise.all(qemus.map(ended));

  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const oursDirty = ours.map((m) => m.privateDirtyKiB / 1024);
  const theirsDirty = theirs.map((m) => m.privateDirtyKiB / 1024);
  const lines = [
    ratioRow(`(h) Private_Dirty per VM process (${count} VMs)`, median(oursDirty), median(theirsDirty), 'MiB'),
    ratioRow(`(h) PSS over ${count} running VMs`, sum(ours.map((m) => m.pssKiB)) / 1024, sum(theirs.map((m) => m.pssKiB)) / 1024, 'MiB'),
    `    the guest's touched memory is a few KiB (a ROM micro guest), the same in both: these are the VMM's own figures`,
  ];
  if (idle)
    lines.push(
      `    accounting (Private_Dirty): bare node ${(bareMem.privateDirtyKiB / 1024).toFixed(1)} MiB; idle standby (node, tshyve's modules, the addon) ${(idle.privateDirtyKiB / 1024).toFixed(1)} MiB; running VM process ${median(oursDirty).toFixed(1)} MiB, so the VM itself (addon's machine, devices, queues, buffers, vCPU and device threads, guest pages) adds ${(median(oursDirty) - idle.privateDirtyKiB / 1024).toFixed(1)} MiB; the idle standby adds ${(idle.pssKiB / 1024).toFixed(1)} MiB PSS once per state directory`,
    );
  return lines;
}

let built = false;
/** The VM processes run bin/tshyve.js, so dist/ must be this checkout's. */
function buildOnce(): void {
  if (!built) execFileSync('npx', ['tsc', '-p', root], { cwd: root, stdio: 'inherit' });
  built = true;
}

/**
 * A VM of `rom` started as apply starts it, suspended by `tshyve snapshot NAME --stop`, then resumed
 * by `tshyve restore NAME`'s own code (in this process, so without Node's start) while a standby
 * waits: ms from the restore call to the guest's next console byte. For bench:vmm's snapshot rows.
 */
export async function warmRestoreMs(work: string, round: number, rom: string, memory: string): Promise<number> {
  buildOnce();
  const specDir = join(work, 'restore-vms');
  const stateDir = join(work, 'restore-state');
  const name = `r${round}`;
  mkdirSync(specDir, { recursive: true });
  writeFileSync(join(specDir, `${name}.yaml`), microVmYaml(name, rom, memory));
  const vm = await loadOneVm(name, specDir, quiet);
  const log = join(stateDir, 'vms', name, 'console.log');
  const booted = await startAndTime(vm, stateDir, false);
  await until('the guest to count', () => readFileSync(log, 'latin1').includes('count 0002'));
  tshyve(['snapshot', name, '--stop', '--state-dir', stateDir]);
  await killAndWait(booted.pid);
  await standbyReady(vm, stateDir);
  const previous = process.env.TSHYVE_STANDBY;
  delete process.env.TSHYVE_STANDBY;
  try {
    const t0 = performance.now();
    const printed = whenFileHas(log, statSync(log).size + 1);
    await restoreCommand([name, '--state-dir', stateDir], quiet);
    return (await printed) - t0;
  } finally {
    if (previous !== undefined) process.env.TSHYVE_STANDBY = previous;
    const restored = JSON.parse(readFileSync(join(stateDir, 'vms', name, 'status.json'), 'utf8')) as { pid?: number };
    if (restored.pid) await killAndWait(restored.pid);
    const standby = await readStandbyRecord(stateDir);
    if (standby) await killAndWait(standby.pid);
  }
}

/** The rows above, for bench:vmm; needs root, /dev/kvm and QEMU. */
export async function vmProcessRows(rounds: number): Promise<string[]> {
  buildOnce();
  const work = mkdtempSync(join(tmpdir(), 'tshyve-bench-vmproc-'));
  try {
    const lines = [`VM processes (load average ${loadAverage()} at start)`];
    // BENCH_ONLY=start: only the start rows (e, f).
    lines.push(...(await startRows(work, rounds)));
    if (process.env.BENCH_ONLY !== 'start') {
      lines.push(...(await crashRows(work, rounds)));
      lines.push(...(await densityRows(work, 20)));
    }
    lines.push(`    load average at the end: ${loadAverage()}`);
    return lines;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('vm-process.ts'))
  vmProcessRows(Number(process.env.BENCH_ROUNDS ?? 5))
    .then((lines) => console.log(lines.join('\n')))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
