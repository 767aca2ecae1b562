// bench:cli — wall time of CLI verbs on the demo specs (vms/) beside a bare `node -e 0` measured in
// the same run, interleaved round by round so load changes hit every case alike (issue 16 goals).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROUNDS = Math.max(5, Number(process.env.BENCH_RUNS ?? 9));
const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repo, 'bin/tshyve.js');
const stateDir = mkdtempSync(join(tmpdir(), 'tshyve-bench-cli-'));
const state = ['--state-dir', stateDir];

interface Case {
  label: string;
  argv: string[];
  goalMs?: number;
}

const cases: Case[] = [
  { label: 'node -e 0', argv: ['-e', '0'] },
  { label: 'tshyve --help', argv: [bin, '--help'], goalMs: 80 },
  { label: 'tshyve validate vms/', argv: [bin, 'validate', 'vms/'], goalMs: 150 },
  { label: 'tshyve show vms/', argv: [bin, 'show', 'vms/'], goalMs: 150 },
  { label: 'tshyve plan vms/', argv: [bin, 'plan', 'vms/', ...state], goalMs: 150 },
  { label: 'tshyve ps', argv: [bin, 'ps', ...state], goalMs: 100 },
  { label: 'tshyve status', argv: [bin, 'status', ...state], goalMs: 100 },
];

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

try {
  console.log(`bench:cli  ${ROUNDS} interleaved rounds; load average at start: ${load()}`);
  const times = cases.map(() => [] as number[]);
  const exits = cases.map(() => new Set<number | null>());
  for (let round = 0; round < ROUNDS; round++) {
    cases.forEach((c, i) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, c.argv, { cwd: repo, stdio: 'ignore' });
      times[i]!.push(performance.now() - t0);
      exits[i]!.add(r.status);
    });
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const base = med(times[0]!);
  cases.forEach((c, i) => {
    const m = med(times[i]!);
    const min = Math.min(...times[i]!);
    const goal = c.goalMs === undefined ? '' : `  goal ≤ ${c.goalMs} ms: ${m <= c.goalMs ? 'met' : 'NOT met'}`;
    console.log(
      `  ${c.label.padEnd(22)} median ${m.toFixed(0).padStart(4)} ms  min ${min.toFixed(0).padStart(4)} ms  ` +
        `${(m / base).toFixed(2)}× node -e 0  (+${(m - base).toFixed(0)} ms, exit ${[...exits[i]!].join('/')})${goal}`,
    );
  });
  console.log(`load average at end: ${load()}`);
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
