// applyPlan with a recording backend: steps run in order, the inventory follows each step, a failure
// stops the run and undoes in reverse what this run created (unless keepPartial).
import { describe, expect, it } from 'vitest';
import type { CommandResult, HostBackend } from '../../src/host/backend.js';
import { buildLinuxCommands } from '../../src/host/linux-commands.js';
import type { HostCommand } from '../../src/host/operations.js';
import { applyPlan, type ApplyEvent } from '../../src/reconcile/apply.js';
import { planFromObservation } from '../../src/reconcile/reconcile-host.js';
import { emptyInventory, type Inventory } from '../../src/state/inventory.js';
import { observation, specs } from './helpers.js';

function recordingBackend(failWhen: (argv: string[]) => boolean) {
  const ran: string[] = [];
  const backend: HostBackend = {
    platform: 'test',
    commandsFor: (op) => buildLinuxCommands(op),
    observe: async () => observation(),
    facts: async () => ({ isRoot: true, capNetAdmin: true, freeBytes: async () => 1e12, pathExists: async () => true }),
    run: async (c: HostCommand): Promise<CommandResult> => {
      ran.push(c.argv.join(' '));
      return failWhen(c.argv)
        ? { exitCode: 2, stdout: '', stderr: 'line1\nRTNETLINK answers: Operation not permitted\n', durationMs: 1 }
        : { exitCode: 0, stdout: '', stderr: '', durationMs: 1 };
    },
  };
  return { backend, ran };
}

const H = 'apiVersion: tshyve.dev/v1alpha1\n';
const TEXT = `${H}kind: Bridge\nmetadata: { name: lan }\nspec: { name: tshbr0 }\n---\n${H}kind: Tap\nmetadata: { name: t0 }\nspec: { name: tap0, bridge: lan }\n---\n${H}kind: Tap\nmetadata: { name: t1 }\nspec: { name: tap1, bridge: lan }\n`;

function planOf() {
  const s = specs(TEXT);
  return planFromObservation(
    {
      desired: s.desired,
      documentCount: s.documentCount,
      inventory: emptyInventory(),
      backend: { commandsFor: (op) => buildLinuxCommands(op) },
      mode: 'apply',
    },
    observation(),
  );
}

describe('applyPlan', () => {
  it('runs every command in order and records the inventory after each step', async () => {
    const { backend, ran } = recordingBackend(() => false);
    const saves: number[] = [];
    const inventory: Inventory = emptyInventory();
    const result = await applyPlan(planOf(), backend, {
      inventory,
      saveInventory: async (inv) => {
        saves.push(inv.entries.length);
      },
    });
    expect(result.ok).toBe(true);
    expect(ran).toHaveLength(6);
    expect(saves).toEqual([1, 2, 3]);
    expect(inventory.entries.map((e) => `${e.kind}:${e.id}`)).toEqual(['bridge:tshbr0', 'tap:tap0', 'tap:tap1']);
  });

  it('stops at a failing step, reports it, and undoes what this run created in reverse', async () => {
    const { backend, ran } = recordingBackend((argv) => argv.includes('tap1') && argv.includes('set'));
    const inventory = emptyInventory();
    const events: ApplyEvent[] = [];
    const result = await applyPlan(planOf(), backend, { inventory, saveInventory: async () => {}, onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({ exitCode: 2, stderrTail: 'line1\nRTNETLINK answers: Operation not permitted' });
    expect(result.failure!.command.argv).toEqual([
      'ip',
      'link',
      'set',
      'dev',
      'tap1',
      'mtu',
      '1500',
      'alias',
      'tshyve:tap/t1',
      'master',
      'tshbr0',
      'up',
    ]);
    // tap1 was created by its first command, so it is undone too; then tap0, then the bridge.
    expect(ran.slice(-3)).toEqual(['ip link delete dev tap1', 'ip link delete dev tap0', 'ip link delete dev tshbr0']);
    expect(result.undone.map((u) => u.step.change.id)).toEqual(['tap1', 'tap0', 'tshbr0']);
    expect(inventory.entries).toEqual([]);
    expect(events.filter((e) => e.type === 'undo')).toHaveLength(3);
  });

  it('does not undo a resource whose creating command itself failed (it may not be ours)', async () => {
    const { backend, ran } = recordingBackend((argv) => argv.includes('tuntap') && argv.includes('tap0'));
    const result = await applyPlan(planOf(), backend, { inventory: emptyInventory(), saveInventory: async () => {} });
    expect(result.undone.map((u) => u.step.change.id)).toEqual(['tshbr0']);
    expect(ran).not.toContain('ip link delete dev tap0');
  });

  it('keeps partial work in the inventory with keepPartial', async () => {
    const { backend, ran } = recordingBackend((argv) => argv.includes('tap1') && argv.includes('set'));
    const inventory = emptyInventory();
    const result = await applyPlan(planOf(), backend, { inventory, saveInventory: async () => {}, keepPartial: true });
    expect(result.undone).toEqual([]);
    expect(ran.some((r) => r.includes('delete'))).toBe(false);
    expect(inventory.entries.map((e) => e.id)).toEqual(['tshbr0', 'tap0', 'tap1']);
  });

  it('an interrupt during a step finishes that step, records it and runs nothing after it', async () => {
    const ctl = new AbortController();
    const { backend, ran } = recordingBackend((argv) => {
      if (argv.includes('tap0') && argv.includes('add')) ctl.abort();
      return false;
    });
    const inventory = emptyInventory();
    const result = await applyPlan(planOf(), backend, { inventory, saveInventory: async () => {}, signal: ctl.signal });
    expect(result).toMatchObject({ ok: false, undone: [], interrupted: { remaining: 1 } });
    expect(result.interrupted!.cancelled).toBeUndefined();
    expect(ran.some((c) => c.includes('tap1'))).toBe(false);
    expect(inventory.entries.map((e) => e.id)).toEqual(['tshbr0', 'tap0']);
  });

  it('an interrupt cancels a long copy, removes its temporary, and keeps the steps before it', async () => {
    const s = specs(
      `${TEXT}---\n${H}kind: Volume\nmetadata: { name: d }\nspec: { size: 1MiB, file: { path: /v/d.img }, source: { image: /img/base.raw } }\n`,
    );
    const plan = planFromObservation(
      {
        desired: s.desired,
        documentCount: s.documentCount,
        inventory: emptyInventory(),
        backend: { commandsFor: (op) => buildLinuxCommands(op) },
        mode: 'apply',
      },
      observation(),
    );
    const ctl = new AbortController();
    const ran: string[] = [];
    const backend: HostBackend = {
      ...recordingBackend(() => false).backend,
      // A copy that runs until its signal says stop, as cp(1) killed by SIGTERM would.
      run: async (c, options) => {
        ran.push(c.argv.join(' '));
        if (c.argv[0] !== 'cp') return { exitCode: 0, stdout: '', stderr: '', durationMs: 1 };
        ctl.abort();
        expect(options?.signal?.aborted).toBe(true);
        return { exitCode: 130, stdout: '', stderr: 'cancelled', durationMs: 1, cancelled: true };
      },
    };
    const inventory = emptyInventory();
    const events: ApplyEvent[] = [];
    const result = await applyPlan(plan, backend, {
      inventory,
      saveInventory: async () => {},
      signal: ctl.signal,
      onEvent: (e) => events.push(e),
    });
    expect(result.interrupted?.cancelled?.change.id).toBe('/v/d.img');
    expect(ran.slice(-2)).toEqual([
      'cp --sparse=always --reflink=auto -- /img/base.raw /v/.d.img.tshyve-partial',
      'rm -f -- /v/.d.img.tshyve-partial',
    ]);
    expect(ran.some((c) => c.startsWith('ln '))).toBe(false);
    expect(inventory.entries.map((e) => e.id)).toEqual(['tshbr0', 'tap0', 'tap1']);
    expect(events.map((e) => e.type)).toContain('step-cancelled');
    expect(events.filter((e) => e.type === 'copy').map((e) => (e as { phase: string }).phase)).toEqual(['start', 'end']);
  });
});
