// Integration: link steps applied as one `ip -batch -` in a network namespace this test creates, with
// real ip(8): a failing line in the middle maps back to its step and command, the steps before it are
// undone, none after it ran; an interrupt mid-batch finishes the step handed over and runs no more.
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ipBatchKey } from '../../src/host/ip-batch.js';
import { LinuxBackend } from '../../src/host/linux-backend.js';
import { parseIpLink } from '../../src/host/parse-ip.js';
import { applyPlan, type ApplyEvent } from '../../src/reconcile/apply.js';
import { planFromObservation } from '../../src/reconcile/reconcile-host.js';
import { emptyInventory } from '../../src/state/inventory.js';
import { observation, specs } from '../reconcile/helpers.js';

const NS = `tshyve-batch-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const H = 'apiVersion: tshyve.dev/v1alpha1\n';

function canUseNetns(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  try {
    execFileSync('ip', ['netns', 'add', NS], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot create a network namespace: ${(error as Error).message}`;
  }
}

const skipReason = canUseNetns();
if (skipReason) console.warn(`skipping ip batch integration tests: ${skipReason}`);

const backend = new LinuxBackend({ netns: NS });
const ipn = (...args: string[]) => execFileSync('ip', ['-n', NS, ...args], { stdio: 'pipe' });
const linkNames = () => [...parseIpLink(execFileSync('ip', ['-n', NS, '-j', '-d', 'link', 'show'], { encoding: 'utf8' })).keys()].sort();

/** A plan for bridges tshbb0..N-1, each with a tap, made against an empty namespace. */
function planFor(n: number) {
  const text = Array.from(
    { length: n },
    (_, i) =>
      `${H}kind: Bridge\nmetadata: { name: br${i} }\nspec: { name: tshbb${i} }\n---\n${H}kind: Tap\nmetadata: { name: tap${i} }\nspec: { name: tshbt${i}, bridge: br${i} }\n`,
  ).join('---\n');
  const s = specs(text);
  return planFromObservation(
    { desired: s.desired, documentCount: s.documentCount, inventory: emptyInventory(), backend, mode: 'apply' },
    observation({ netns: NS }),
  );
}

describe('ip batch lines', () => {
  it('batches plain ip commands of the backend namespace only', () => {
    expect(ipBatchKey({ argv: ['ip', '-n', 'ns1', 'link', 'add', 'name', 'a', 'type', 'bridge'] }, 'ns1')).toBe('ip -n ns1');
    expect(ipBatchKey({ argv: ['ip', 'link', 'set', 'dev', 'a', 'alias', 'tshyve:bridge/x', 'up'] }, undefined)).toBe('ip');
    expect(ipBatchKey({ argv: ['ip', '-n', 'ns2', 'link', 'show'] }, 'ns1')).toBeUndefined();
    expect(ipBatchKey({ argv: ['ip', 'link', 'set', 'dev', 'a', 'alias', 'two words'] }, undefined)).toBeUndefined();
    expect(ipBatchKey({ argv: ['ip', 'link', 'set', 'dev', 'a', 'alias', 'x#y'] }, undefined)).toBeUndefined();
    expect(ipBatchKey({ argv: ['ip', 'link', 'set', 'dev', 'a', 'alias', '"q"'] }, undefined)).toBeUndefined();
    expect(ipBatchKey({ argv: ['ip', '-force', 'link', 'show'] }, undefined)).toBeUndefined();
    expect(ipBatchKey({ argv: ['modprobe', '--', 'tun'] }, undefined)).toBeUndefined();
  });
});

describe.skipIf(skipReason !== undefined)('link steps as one ip batch in a network namespace', () => {
  afterEach(() => {
    for (const name of linkNames()) if (name !== 'lo') ipn('link', 'delete', 'dev', name);
  });
  afterAll(() => {
    try {
      execFileSync('ip', ['netns', 'delete', NS], { stdio: 'pipe' });
    } catch {
      /* already gone */
    }
  });

  it('runs every step and records each', async () => {
    const plan = planFor(4);
    const inventory = emptyInventory();
    const events: ApplyEvent[] = [];
    const result = await applyPlan(plan, backend, { inventory, saveInventory: async () => {}, onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(true);
    expect(linkNames()).toEqual(['lo', 'tshbb0', 'tshbb1', 'tshbb2', 'tshbb3', 'tshbt0', 'tshbt1', 'tshbt2', 'tshbt3']);
    expect(inventory.entries).toHaveLength(8);
    expect(events.filter((e) => e.type === 'step-done').map((e) => (e as { step: { index: number } }).step.index)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
  });

  it('a failing line in the middle is charged to its step and command; before it is undone, after it never ran', async () => {
    const plan = planFor(5);
    // Made by hand after planning: the third bridge's `link add` (line 5 of the batch) fails.
    ipn('link', 'add', 'name', 'tshbb2', 'type', 'bridge');
    const inventory = emptyInventory();
    const events: ApplyEvent[] = [];
    const result = await applyPlan(plan, backend, { inventory, saveInventory: async () => {}, onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(false);
    expect(result.failure!.step.change.id).toBe('tshbb2');
    expect(result.failure!.command.argv).toEqual(['ip', '-n', NS, 'link', 'add', 'name', 'tshbb2', 'type', 'bridge']);
    expect(result.failure!.exitCode).not.toBe(0);
    expect(result.failure!.stderrTail).toBe('RTNETLINK answers: File exists');
    expect(result.timings.map((t) => t.step.change.id)).toEqual(['tshbb0', 'tshbb1']);
    expect(result.undone.map((u) => [u.step.change.id, u.ok])).toEqual([
      ['tshbb1', true],
      ['tshbb0', true],
    ]);
    expect(events.find((e) => e.type === 'step-failed')).toBeDefined();
    // The hand-made bridge is not ours and stays; nothing after the failing line exists.
    expect(linkNames()).toEqual(['lo', 'tshbb2']);
    expect(inventory.entries).toEqual([]);
  });

  it('a failing second command of a step undoes the resource its first command made', async () => {
    const plan = planFor(3);
    const steps = plan.steps.map((s) =>
      s.change.id === 'tshbt1'
        ? { ...s, commands: [s.commands[0]!, { argv: ['ip', '-n', NS, 'link', 'set', 'dev', 'tshbt1', 'mtu', '65535'] }] }
        : s,
    );
    const result = await applyPlan({ ...plan, steps }, backend, { inventory: emptyInventory(), saveInventory: async () => {} });
    expect(result.failure!.step.change.id).toBe('tshbt1');
    expect(result.failure!.command.argv.slice(3)).toEqual(['link', 'set', 'dev', 'tshbt1', 'mtu', '65535']);
    // Bridges come first in the plan, then taps: everything before tshbt1, and tshbt1 itself, is undone.
    expect(result.undone.map((u) => u.step.change.id)).toEqual(['tshbt1', 'tshbt0', 'tshbb2', 'tshbb1', 'tshbb0']);
    expect(linkNames()).toEqual(['lo']);
  });

  it('an interrupt mid-batch finishes the step handed over, records it and hands over no more', async () => {
    const plan = planFor(4);
    const ctl = new AbortController();
    const inventory = emptyInventory();
    const result = await applyPlan(plan, backend, {
      inventory,
      saveInventory: async () => {},
      signal: ctl.signal,
      onEvent: (e) => {
        if (e.type === 'step-start' && e.step.index === 2) ctl.abort();
      },
    });
    expect(result).toMatchObject({ ok: false, undone: [], interrupted: { remaining: plan.steps.length - 3 } });
    expect(result.interrupted!.cancelled).toBeUndefined();
    expect(inventory.entries.map((e) => e.id)).toEqual(['tshbb0', 'tshbb1', 'tshbb2']);
    expect(linkNames()).toEqual(['lo', 'tshbb0', 'tshbb1', 'tshbb2']);
  });

  it('removals go as one link group; a missing link fails its own step, those before it are removed', async () => {
    const created = await applyPlan(planFor(4), backend, { inventory: emptyInventory(), saveInventory: async () => {} });
    expect(created.ok).toBe(true);
    // Removal steps as destroy plans them: one `ip link delete dev NAME` each, in plan order.
    const names = ['tshbt0', 'tshbt1', 'tshbt2', 'tshbt3', 'tshbb0', 'tshbb1', 'tshbb2', 'tshbb3'];
    const step = (name: string, index: number) => ({
      index,
      change: { kind: 'tap' as const, id: name, action: 'delete' as const, reasons: [], ops: [], undo: [] },
      commands: [{ argv: ['ip', '-n', NS, 'link', 'delete', 'dev', name] }],
      undo: [],
    });
    const plan = {
      changes: [],
      steps: names.map(step),
      summary: { add: 0, change: 0, destroy: 8, blocked: 0 },
      notes: [],
      deletesAllowed: true,
    };
    // tshbt2 goes away by hand first: its step fails; the two before it are removed, the rest stay.
    ipn('link', 'delete', 'dev', 'tshbt2');
    const failed = await applyPlan(plan, backend, { inventory: emptyInventory(), saveInventory: async () => {} });
    expect(failed.failure!.step.change.id).toBe('tshbt2');
    expect(failed.failure!.command.argv).toEqual(['ip', '-n', NS, 'link', 'delete', 'dev', 'tshbt2']);
    expect(failed.failure!.stderrTail).toBe('Cannot find device "tshbt2"');
    expect(failed.timings.map((t) => t.step.change.id)).toEqual(['tshbt0', 'tshbt1']);
    expect(linkNames()).toEqual(['lo', 'tshbb0', 'tshbb1', 'tshbb2', 'tshbb3', 'tshbt3']);
    const rest = await applyPlan({ ...plan, steps: plan.steps.slice(3).map((st, i) => ({ ...st, index: i })) }, backend, {
      inventory: emptyInventory(),
      saveInventory: async () => {},
    });
    expect(rest.ok).toBe(true);
    expect(linkNames()).toEqual(['lo']);
  });
});
