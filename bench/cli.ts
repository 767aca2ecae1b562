// bench:cli — wall time of CLI verbs on the demo specs (vms/) beside a bare `node -e 0` measured in
// the same run, interleaved round by round so load changes hit every case alike (issue 16 goals).
// BENCH_CLI_BASELINE=DIR (another built checkout) adds its verbs to the same rounds, for before/after.
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

const verbs = (tshyve: string, tag: string): Case[] => [
  { label: `${tag}--help`, argv: [tshyve, '--help'], goalMs: 80 },
  { label: `${tag}validate vms/`, argv: [tshyve, 'validate', 'vms/'], goalMs: 150 },
  { label: `${tag}show vms/`, argv: [tshyve, 'show', 'vms/'], goalMs: 150 },
  { label: `${tag}plan vms/`, argv: [tshyve, 'plan', 'vms/', ...state], goalMs: 150 },
  { label: `${tag}ps`, argv: [tshyve, 'ps', ...state], goalMs: 100 },
  { label: `${tag}status`, argv: [tshyve, 'status', ...state], goalMs: 100 },
];
const baseline = process.env.BENCH_CLI_BASELINE;
const cases: Case[] = [
  { label: 'node -e 0', argv: ['-e', '0'] },
  ...verbs(bin, 'tshyve '),
  ...(baseline ? verbs(join(baseline, 'bin/tshyve.js'), 'baseline ').map(({ goalMs: _, ...c }) => c) : []),
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
      // tshyve runs as users run it: the script itself, through its #! line (and the flags there).
      const r = c.argv[0]!.endsWith('.js')
        ? spawnSync(c.argv[0]!, c.argv.slice(1), { cwd: repo, stdio: 'ignore' })
        : spawnSync(process.execPath, c.argv, { cwd: repo, stdio: 'ignore' });
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
      `  ${c.label.padEnd(24)} median ${m.toFixed(0).padStart(4)} ms  min ${min.toFixed(0).padStart(4)} ms  ` +
        `${(m / base).toFixed(2)}× node -e 0  (+${(m - base).toFixed(0)} ms, exit ${[...exits[i]!].join('/')})${goal}`,
    );
  });
  console.log(`load average at end: ${load()}`);
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
