// bench:spec — load, validate and resolve 1,000 VirtualMachine manifests plus their bridges,
// taps and volumes from one directory (goal: ≤ 0.5 s on a 2-core machine, issue 16).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSpecs } from '../src/manifest/load.js';

const VMS = Number(process.env.BENCH_VMS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const HDR = 'apiVersion: tshyve.dev/v1alpha1';

function writeFixture(dir: string): void {
  for (let b = 0; b < 10; b++) {
    writeFileSync(
      join(dir, `bridge-${b}.yaml`),
      `${HDR}\nkind: Bridge\nmetadata: { name: lan${b} }\nspec: { name: tshb${b}, addresses: [10.${b}.0.1/16] }\n`,
    );
  }
  for (let i = 0; i < VMS; i++) {
    const docs = [
      `${HDR}\nkind: Volume\nmetadata: { name: disk${i} }\nspec:\n  size: 8GiB\n  file: { path: /var/lib/tshyve/volumes/disk${i}.img }\n`,
      `${HDR}\nkind: Tap\nmetadata: { name: tap${i} }\nspec: { name: tsht${i}, bridge: lan${i % 10} }\n`,
      `${HDR}\nkind: VirtualMachine\nmetadata:\n  name: vm${i}\n  labels: { tier: t${i % 3} }\nspec:\n  cpus: { sockets: 1, cores: 2, threads: 1 }\n  memory: 1GiB\n  firmware:\n    bootrom: { image: /usr/share/seabios/bios-256k.bin }\n  disks:\n    - volume: disk${i}\n      options: { sectorSize: 512/4096 }\n  nics:\n    - tap: tap${i}\n    - bridge: lan${(i + 1) % 10}\n  rng: true\n  serial: { com1: { mode: socket } }\n  autostart: { order: ${i % 50}${i > 0 ? `, after: [vm${i - 1}]` : ''} }\n  stopTimeout: 30s\n`,
    ];
    writeFileSync(join(dir, `vm-${String(i).padStart(4, '0')}.yaml`), docs.join('---\n'));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tshyve-bench-spec-'));
try {
  writeFixture(dir);
  const times: number[] = [];
  const cpu: number[] = [];
  let documents = 0;
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const result = await loadSpecs(dir);
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    if (!result.ok) throw new Error(`bench fixture invalid: ${result.diagnostics[0]?.message}`);
    documents = result.documentCount;
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(
    `bench:spec  ${VMS} VMs, ${documents} documents in ${VMS + 10} files; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `  load+validate+resolve: median ${median.toFixed(0)} ms, best ${times[0]!.toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms over ${RUNS} runs; CPU time (all threads) median ${cpu[Math.floor(cpu.length / 2)]!.toFixed(0)} ms, min ${cpu[0]!.toFixed(0)} ms`,
  );
  console.log(`  goal ≤ 500 ms: ${median <= 500 ? 'met' : 'NOT met'} (${(median / 500).toFixed(2)}x of budget)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
