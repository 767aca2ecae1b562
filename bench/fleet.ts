// `npm run bench:fleet`: `tshyve apply` of 50 micro-guest VMs (no disks, no NICs) from one
// directory -> all 50 have printed their first serial line, and the memory of all their processes
// (PSS and Private_Dirty, smaps_rollup); beside 50 QEMU microvm processes on the same ROM started
// one after another (each waited for), and started as apply starts VMs (cores x 4 in flight, each
// waited for), in the same run.
// BENCH_FLEET=N changes the count; BENCH_ROUNDS=N repeats (medians, min beside).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { QEMU, guests, loadAverage, median, memoryOf, microVmYaml, min, qemuMicrovmArgs, ratioRow, root, whenFileHas } from './vm-start.js';

const bin = join(root, 'bin', 'tshyve.js');
const count = Number(process.env.BENCH_FLEET ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

interface FleetResult {
  allPrintedMs: number;
  pssMiB: number;
  privateDirtyMiB: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const firstLine = (file: string) => existsSync(file) && readFileSync(file, 'latin1').includes('\n');

async function untilAll(files: string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (files.every(firstLine)) return performance.now();
    if (Date.now() > deadline) throw new Error(`${files.filter((f) => !firstLine(f)).length} VMs printed nothing in time`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function tshyveFleet(work: string, round: number): Promise<FleetResult> {
  const specDir = join(work, `vms-${round}`);
  const stateDir = join(work, `state-${round}`);
  mkdirSync(specDir, { recursive: true });
  const names = Array.from({ length: count }, (_, i) => `f${i}`);
  for (const n of names) writeFileSync(join(specDir, `${n}.yaml`), microVmYaml(n, 'waiter', '32MiB'));
  const logs = names.map((n) => join(stateDir, 'vms', n, 'console.log'));
  try {
    const t0 = performance.now();
    const apply = spawn(process.execPath, [bin, 'apply', specDir, '--state-dir', stateDir], { stdio: 'ignore' });
    const done = await untilAll(logs, 300_000);
    await new Promise((r) => (apply.exitCode !== null ? r(undefined) : apply.once('exit', r)));
    await new Promise((r) => setTimeout(r, 500));
    const pids = names.map((n) => (JSON.parse(readFileSync(join(stateDir, 'vms', n, 'status.json'), 'utf8')) as { pid: number }).pid);
    const standby = existsSync(join(stateDir, 'standby.json'))
      ? (JSON.parse(readFileSync(join(stateDir, 'standby.json'), 'utf8')) as { pid: number }).pid
      : undefined;
    // The idle standby is part of what the fleet costs.
    const mem = [...pids, ...(standby && existsSync(`/proc/${standby}`) ? [standby] : [])].map(memoryOf);
    return {
      allPrintedMs: done - t0,
      pssMiB: sum(mem.map((m) => m.pssKiB)) / 1024,
      privateDirtyMiB: sum(mem.map((m) => m.privateDirtyKiB)) / 1024,
    };
  } finally {
    execFileSync(process.execPath, [bin, 'destroy', specDir, '--state-dir', stateDir, '--yes'], { stdio: 'ignore' });
  }
}

/** `inFlight` QEMU processes starting at a time, each waited for until it printed. */
async function qemuFleet(work: string, round: number, inFlight: number): Promise<FleetResult> {
  const dir = join(work, `qemu-${round}-${inFlight}`);
  mkdirSync(dir, { recursive: true });
  const children: ChildProcess[] = [];
  try {
    const t0 = performance.now();
    const logs = Array.from({ length: count }, (_, i) => join(dir, `q${i}.log`));
    let next = 0;
    const starter = async () => {
      while (next < count) {
        const log = logs[next++]!;
        children.push(spawn(QEMU, qemuMicrovmArgs(join(guests, 'waiter.bin'), `file:${log}`, 32), { stdio: 'ignore' }));
        await whenFileHas(log);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, starter));
    const done = await untilAll(logs, 300_000);
    await new Promise((r) => setTimeout(r, 500));
    const mem = children.map((c) => memoryOf(c.pid!));
    return {
      allPrintedMs: done - t0,
      pssMiB: sum(mem.map((m) => m.pssKiB)) / 1024,
      privateDirtyMiB: sum(mem.map((m) => m.privateDirtyKiB)) / 1024,
    };
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(undefined) : c.once('exit', r)))),
    );
  }
}

async function main(): Promise<void> {
  execFileSync('make', ['-s', '-C', join(root, 'test', 'guests')], { stdio: 'inherit' });
  execFileSync('npx', ['tsc', '-p', root], { cwd: root, stdio: 'inherit' });
  const work = mkdtempSync(join(tmpdir(), 'tshyve-bench-fleet-'));
  const parallel = availableParallelism() * 4;
  const ours: FleetResult[] = [],
    theirs: FleetResult[] = [],
    theirsParallel: FleetResult[] = [];
  const loadBefore = loadAverage();
  try {
    for (let r = 0; r < rounds; r++) {
      ours.push(await tshyveFleet(work, r));
      theirs.push(await qemuFleet(work, r, 1));
      theirsParallel.push(await qemuFleet(work, r, parallel));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const pick = (xs: FleetResult[], k: keyof FleetResult) => xs.map((x) => x[k]);
  console.log(
    `bench:fleet: ${count} micro-guest VMs (32 MiB, no disks), ${rounds} rounds interleaved; load average ${loadBefore} at start`,
  );
  console.log(
    ratioRow(`apply -> all ${count} printed a serial line`, median(pick(ours, 'allPrintedMs')), median(pick(theirs, 'allPrintedMs')), 'ms'),
  );
  console.log(
    ratioRow(
      `  the same, QEMU ${parallel} starting at a time`,
      median(pick(ours, 'allPrintedMs')),
      median(pick(theirsParallel, 'allPrintedMs')),
      'ms',
    ),
  );
  console.log(ratioRow('memory of all VM processes (PSS)', median(pick(ours, 'pssMiB')), median(pick(theirs, 'pssMiB')), 'MiB'));
  console.log(
    ratioRow(
      'memory of all VM processes (Private_Dirty)',
      median(pick(ours, 'privateDirtyMiB')),
      median(pick(theirs, 'privateDirtyMiB')),
      'MiB',
    ),
  );
  console.log(
    `    min: tshyve ${min(pick(ours, 'allPrintedMs')).toFixed(0)} ms, qemu ${min(pick(theirs, 'allPrintedMs')).toFixed(0)} ms, qemu ${parallel} at a time ${min(pick(theirsParallel, 'allPrintedMs')).toFixed(0)} ms; tshyve's memory includes the idle standby; load average at the end ${loadAverage()}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
