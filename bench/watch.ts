// bench:watch — (a) time from saving a manifest to the change applied (a VM restarted with the new
// memory size), goal < 1 s; (b) steady-state reconcile time with 100 VMs defined (10 running, 100
// taps on a bridge), inside a network namespace made for the run. Needs root and /dev/kvm.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../src/runtime/native.js';
import { observeVms } from '../src/supervise/observe-vms.js';
import { WatchLoop } from '../src/watch/watch-loop.js';

const HDR = 'apiVersion: tshyve.dev/v1alpha1';
const rom = join(repoRoot, 'test/guests/build/waiter.bin');
const netns = `tshyve-bw-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'tshyve-bench-watch-'));
const specDir = join(work, 'vms');
const stateDir = join(work, 'state');
mkdirSync(specDir);

const vm = (name: string, memory: string, autostart: boolean, tap?: string) =>
  `${HDR}\nkind: VirtualMachine\nmetadata: { name: ${name} }\nspec:\n  cpus: 1\n  memory: ${memory}\n  firmware: { bootrom: { image: ${rom} } }\n  testDevice: true\n  stopTimeout: 2s\n  autostart: { enabled: ${autostart} }\n${tap ? `  nics: [{ tap: ${tap} }]\n` : ''}`;

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 5));
  }
}

execFileSync('make', ['-s', '-C', join(repoRoot, 'test/guests')]);
execFileSync('ip', ['netns', 'add', netns]);
const loop = new WatchLoop({ dir: specDir, stateDir, host: { name: 'bench', labels: {} }, netns, resyncMs: 600_000, debounceMs: 50, log: () => {} });
try {
  writeFileSync(join(specDir, 'net.yaml'), `${HDR}\nkind: Bridge\nmetadata: { name: lan }\nspec: { name: tshbwbr0 }\n` + Array.from({ length: 100 }, (_, i) => `---\n${HDR}\nkind: Tap\nmetadata: { name: t${i} }\nspec: { name: tshbw${i}, bridge: lan }\n`).join(''));
  for (let i = 0; i < 100; i++) writeFileSync(join(specDir, `vm${i}.yaml`), vm(`vm${i}`, '32MiB', i < 10, `t${i}`));
  const running = loop.start();
  await waitFor(async () => (await observeVms(stateDir)).filter((v) => v.alive && v.status.phase === 'running').length === 10, 60_000);

  const steady: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await loop.pass('bench');
    steady.push(performance.now() - t0);
  }
  steady.sort((a, b) => a - b);

  const latencies: number[] = [];
  for (let i = 0; i < 5; i++) {
    const memory = i % 2 === 0 ? '48MiB' : '32MiB';
    const bytes = parseInt(memory, 10) * 2 ** 20;
    const t0 = performance.now();
    writeFileSync(join(specDir, 'vm0.yaml'), vm('vm0', memory, true, 't0'));
    await waitFor(async () => (await observeVms(stateDir)).some((v) => v.name === 'vm0' && v.alive && v.status.phase === 'running' && v.status.memoryBytes === bytes));
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const med = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
  console.log('bench:watch');
  console.log(`  save → VM restarted with new memory: median ${med(latencies).toFixed(0)} ms (min ${latencies[0]!.toFixed(0)}, max ${latencies.at(-1)!.toFixed(0)}) over 5 edits; goal < 1000 ms: ${med(latencies) < 1000 ? 'met' : 'NOT met'}`);
  console.log(`  steady reconcile, 100 VMs defined (10 running), 100 taps + bridge: median ${med(steady).toFixed(0)} ms (min ${steady[0]!.toFixed(0)}, max ${steady.at(-1)!.toFixed(0)})`);
  await loop.stop();
  await running;
} finally {
  for (const v of await observeVms(stateDir).catch(() => [])) if (v.alive && v.status.pid) try { process.kill(v.status.pid, 'SIGKILL'); } catch { /* gone */ }
  spawnSync('ip', ['netns', 'del', netns]);
  rmSync(work, { recursive: true, force: true });
}
