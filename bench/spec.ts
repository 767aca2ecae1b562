// bench:spec — load, validate and resolve 1,000 VirtualMachine manifests plus their bridges,
// taps and volumes from one directory (goal: ≤ 0.5 s on a 2-core machine, issue 16), beside peers
// measured in the same rounds: reading the files with the yaml package alone (parseAllDocuments +
// toJS, what every load paid before any checking) and JSON.parse of the same documents as JSON.
// Rounds are interleaved so load changes hit every case alike; medians of BENCH_RUNS (≥ 5).
// BENCH_SPEC_BASELINE=DIR (another built checkout) adds its dist/ loadSpecs to the rounds, for before/after.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { loadSpecs } from '../src/manifest/load.js';

const VMS = Number(process.env.BENCH_VMS ?? 1000);
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));
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

interface Case {
  label: string;
  run: () => Promise<void>;
  goalMs?: number;
  wall: number[];
  cpu: number[];
}

const dir = mkdtempSync(join(tmpdir(), 'tshyve-bench-spec-'));
const jsonDir = mkdtempSync(join(tmpdir(), 'tshyve-bench-spec-json-'));
let documents = 0;
try {
  writeFixture(dir);
  const yamlFiles = readdirSync(dir).sort();
  for (const f of yamlFiles) {
    const json = parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS());
    writeFileSync(join(jsonDir, f.replace(/\.yaml$/, '.json')), JSON.stringify(json));
  }
  const jsonFiles = readdirSync(jsonDir).sort();

  const load = (fn: typeof loadSpecs) => async () => {
    const result = await fn(dir);
    if (!result.ok) throw new Error(`bench fixture invalid: ${result.diagnostics[0]?.message}`);
    documents = result.documentCount;
  };
  const cases: Case[] = [{ label: 'tshyve load+validate+resolve', run: load(loadSpecs), goalMs: 500, wall: [], cpu: [] }];
  const baseline = process.env.BENCH_SPEC_BASELINE;
  if (baseline) {
    const module = (await import(pathToFileURL(join(baseline, 'dist/manifest/load.js')).href)) as { loadSpecs: typeof loadSpecs };
    cases.push({ label: 'baseline load+validate+resolve', run: load(module.loadSpecs), wall: [], cpu: [] });
  }
  cases.push(
    {
      label: 'peer: yaml package parse only',
      run: async () => {
        for (const f of yamlFiles)
          for (const d of parseAllDocuments(readFileSync(join(dir, f), 'utf8'), { prettyErrors: false, uniqueKeys: true })) d.toJS();
      },
      wall: [],
      cpu: [],
    },
    {
      label: 'peer: JSON.parse of the same',
      run: async () => {
        for (const f of jsonFiles) JSON.parse(readFileSync(join(jsonDir, f), 'utf8'));
      },
      wall: [],
      cpu: [],
    },
  );

  const loadAverage = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`bench:spec  ${VMS} VMs in ${VMS + 10} files, ${RUNS} interleaved rounds; load average at start ${loadAverage()}`);
  for (let round = 0; round < RUNS; round++) {
    for (const c of cases) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      await c.run();
      c.wall.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      c.cpu.push((used.user + used.system) / 1000);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const yamlPeer = med(cases.find((c) => c.label.startsWith('peer: yaml'))!.wall);
  console.log(`  ${documents} documents per load`);
  for (const c of cases) {
    const m = med(c.wall);
    const goal = c.goalMs === undefined ? '' : `  goal ≤ ${c.goalMs} ms: ${m <= c.goalMs ? 'met' : 'NOT met'}`;
    console.log(
      `  ${c.label.padEnd(32)} median ${m.toFixed(0).padStart(5)} ms  min ${Math.min(...c.wall)
        .toFixed(0)
        .padStart(5)} ms  CPU median ${med(c.cpu).toFixed(0).padStart(5)} ms  ${(m / yamlPeer).toFixed(2)}× yaml parse${goal}`,
    );
  }
  console.log(`  load average at end ${loadAverage()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(jsonDir, { recursive: true, force: true });
}
