// Benchmark of the host reconciler (issue 3): observe, diff and plan 200 bridges, 200 taps and 200
// file volumes (goal < 2 s), and apply time per step, measured in a scratch network namespace;
// apply of the 600 steps ≤ 1.5 s and destroy of 400 ≤ 1 s (issue 16).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinuxBackend } from '../src/host/linux-backend.js';
import { applyPlan } from '../src/reconcile/apply.js';
import { planHost } from '../src/reconcile/reconcile-host.js';
import type { Plan } from '../src/reconcile/types.js';
import { loadSpecTexts } from '../src/manifest/load.js';
import { emptyInventory } from '../src/state/inventory.js';

const N = Number(process.env.BENCH_N ?? 200);
const H = 'apiVersion: tshyve.dev/v1alpha1\n';

function specText(dir: string): string {
  const docs: string[] = [];
  for (let i = 0; i < N; i++) {
    docs.push(`${H}kind: Bridge\nmetadata: { name: br-${i} }\nspec: { name: tbb${i}, mtu: 1500 }\n`);
    docs.push(`${H}kind: Tap\nmetadata: { name: tap-${i} }\nspec: { name: tbt${i}, bridge: br-${i} }\n`);
    docs.push(`${H}kind: Volume\nmetadata: { name: vol-${i} }\nspec: { size: 1MiB, file: { path: ${join(dir, `vol-${i}.img`)} } }\n`);
  }
  return docs.join('---\n');
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * What the kernel alone takes to remove the links destroy removes: the same bridges with their taps,
 * put in one link group and removed by one `ip link delete group` (each bridge's removal waits for an
 * RCU barrier of its own, br_multicast_dev_del, under the RTNL lock: no batching shortens that).
 */
function rawGroupRemovalMs(ns: string): number {
  const lines: string[] = [];
  for (let i = 0; i < N; i++)
    lines.push(
      `link add tbb${i} type bridge`,
      `tuntap add dev tbt${i} mode tap`,
      `link set tbt${i} master tbb${i}`,
      `link set tbb${i} group 4242`,
      `link set tbt${i} group 4242`,
    );
  execFileSync('ip', ['-n', ns, '-batch', '-'], { input: `${lines.join('\n')}\n` });
  const t = performance.now();
  execFileSync('ip', ['-n', ns, 'link', 'delete', 'group', '4242']);
  return performance.now() - t;
}

function stepStats(label: string, plan: Plan, timings: { step: Plan['steps'][number]; durationMs: number }[]): void {
  const byKind = new Map<string, number[]>();
  for (const t of timings) {
    const key = `${t.step.change.action} ${t.step.change.kind}`;
    byKind.set(key, [...(byKind.get(key) ?? []), t.durationMs]);
  }
  for (const [kind, list] of byKind) {
    const sorted = [...list].sort((a, b) => a - b);
    const mean = list.reduce((a, b) => a + b, 0) / list.length;
    const cmds = plan.steps.find((s) => `${s.change.action} ${s.change.kind}` === kind)?.commands.length ?? 0;
    // Batched steps (one ip process for a run of link steps) each report their share of the batch.
    console.log(
      `  ${label} ${kind.padEnd(14)} ${String(list.length).padStart(4)} steps (${cmds} cmd each): mean ${ms(mean)}, median ${ms(sorted[Math.floor(sorted.length / 2)]!)}, p95 ${ms(sorted[Math.floor(sorted.length * 0.95)]!)}`,
    );
  }
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log('bench:plan needs root (network namespace); skipping');
    return;
  }
  const ns = `tshyve-bench-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'tshyve-bench-'));
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    let t = performance.now();
    const loaded = loadSpecTexts([{ file: 'bench.yaml', text: specText(dir) }]);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
    console.log(
      `tshyve bench:plan — ${N} bridges, ${N} taps, ${N} file volumes (namespace ${ns}); load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`load + resolve specs (${loaded.documentCount} documents): ${ms(performance.now() - t)}`);
    const backend = new LinuxBackend({ netns: ns });
    const inventory = emptyInventory();
    const input = { desired: loaded.state, documentCount: loaded.documentCount, inventory, backend, mode: 'apply' as const };

    t = performance.now();
    const first = await planHost(input);
    console.log(
      `plan on an empty host: observe ${ms(first.timings.observeMs)} + diff/plan ${ms(first.timings.diffPlanMs)} = ${ms(performance.now() - t)} → ${first.plan.steps.length} steps`,
    );

    t = performance.now();
    const applied = await applyPlan(first.plan, backend, { inventory, saveInventory: async () => {} });
    if (!applied.ok) throw new Error(`apply failed: ${applied.failure?.command.argv.join(' ')}: ${applied.failure?.stderrTail}`);
    const applyMs = performance.now() - t;
    console.log(
      `apply ${first.plan.steps.length} steps: ${ms(applyMs)} (${ms(applyMs / first.plan.steps.length)} per step, inventory writes excluded)` +
        (N === 200 ? ` goal ≤ 1.5 s: ${applyMs <= 1500 ? 'met' : 'NOT met'}` : ''),
    );
    stepStats('apply', first.plan, applied.timings);

    t = performance.now();
    const second = await planHost(input);
    const total = performance.now() - t;
    console.log(
      `plan on the converged host (${N * 2 + 1} links, ${N} files): observe ${ms(second.timings.observeMs)} + diff/plan ${ms(second.timings.diffPlanMs)} = ${ms(total)} → ${second.plan.steps.length} steps ${total < 2000 ? '(goal < 2 s: met)' : '(goal < 2 s: MISSED)'}`,
    );

    const destroy = await planHost({ ...input, mode: 'destroy', prune: true });
    t = performance.now();
    const removed = await applyPlan(destroy.plan, backend, { inventory, saveInventory: async () => {} });
    const destroyMs = performance.now() - t;
    console.log(
      `destroy ${destroy.plan.steps.length} steps: ${ms(destroyMs)} (volumes kept: reclaimPolicy Retain)` +
        (N === 200 ? ` goal ≤ 1 s: ${destroyMs <= 1000 ? 'met' : 'NOT met'}` : ''),
    );
    stepStats('destroy', destroy.plan, removed.timings);
    const floorMs = rawGroupRemovalMs(ns);
    console.log(
      `  peer: the same ${N} bridges and ${N} taps made and removed by hand (one ip -batch, one \`link delete group\`): ${ms(floorMs)}; destroy / peer ${(destroyMs / floorMs).toFixed(2)}`,
    );
  } finally {
    execFileSync('ip', ['netns', 'delete', ns]);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
