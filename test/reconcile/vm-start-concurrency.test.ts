// Apply starting VMs several at once (src/reconcile/vm-apply.ts), with fake starts: independent VMs
// overlap, `autostart.after`, a change of `autostart.order` and a `delay` still hold later starts
// back, the limit is kept, a failed start is reported for its own VM, and events come in start order.
// Stops, with stand-in processes named as VM processes are: side by side, dependents first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedVm } from '../../src/model/resolved.js';
import { startVms, stopVms, type VmEvent } from '../../src/reconcile/vm-apply.js';
import { createChange, resolveVms, runningRecord } from '../cli/guest-fixture.js';

const vmDoc = (name: string, autostart = '{}') => `---
apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: ${name} }
spec:
  cpus: 1
  memory: 32MiB
  firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }
  autostart: ${autostart}
`;

/** A fake starter whose starts end only when the test says so; it records calls, ends and the most in flight. */
function gatedStarter(failing: string[] = []) {
  const log: string[] = [];
  const pending = new Map<string, () => void>();
  const called: ((name: string) => void)[] = [];
  let inFlight = 0;
  let most = 0;
  return {
    log,
    get most() {
      return most;
    },
    /** Resolves once the start of `name` has been called. */
    calledFor: (name: string) =>
      new Promise<void>((resolve) => {
        if (pending.has(name)) return resolve();
        called.push((n) => n === name && resolve());
      }),
    finish: (name: string) => pending.get(name)!(),
    startVm: async (vm: ResolvedVm) => {
      const name = vm.meta.name;
      log.push(`start ${name}`);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => {
        pending.set(name, resolve);
        for (const c of called) c(name);
      });
      inFlight--;
      log.push(`end ${name}`);
      if (failing.includes(name)) throw new Error(`${name}: no /dev/kvm`);
      return runningRecord(vm);
    },
  };
}

describe('apply starts VMs several at once', () => {
  const state = mkdtempSync(join(tmpdir(), 'tshyve-start-concurrency-'));
  afterAll(() => rmSync(state, { recursive: true, force: true }));

  it('independent VMs are all started before any of them has ended, in start order', async () => {
    const vms = resolveVms(vmDoc('c') + vmDoc('a') + vmDoc('b'));
    const starter = gatedStarter();
    const events: VmEvent[] = [];
    const done = startVms(vms.map(createChange), { stateDir: state, startVm: starter.startVm, onEvent: (e) => events.push(e) });
    await starter.calledFor('c');
    expect(starter.log).toEqual(['start a', 'start b', 'start c']);
    // They end in reverse; the events still come in start order.
    for (const n of ['c', 'b', 'a']) starter.finish(n);
    const result = await done;
    expect(result.ok).toBe(true);
    expect(events.map((e) => `${e.type} ${e.name}`)).toEqual(['vm-start a', 'vm-start b', 'vm-start c']);
    expect(starter.most).toBe(3);
  });

  it('keeps the limit of starts in flight', async () => {
    const vms = resolveVms(['a', 'b', 'c', 'd', 'e'].map((n) => vmDoc(n)).join(''));
    const starter = gatedStarter();
    const done = startVms(vms.map(createChange), { stateDir: state, startVm: starter.startVm, parallelStarts: 2 });
    await starter.calledFor('b');
    await new Promise((r) => setTimeout(r, 50));
    expect(starter.log).toEqual(['start a', 'start b']);
    starter.finish('b');
    await starter.calledFor('c');
    starter.finish('a');
    await starter.calledFor('d');
    starter.finish('c');
    await starter.calledFor('e');
    starter.finish('d');
    starter.finish('e');
    expect((await done).ok).toBe(true);
    expect(starter.most).toBe(2);
  });

  it('an interrupt lets the starts in flight finish and starts no further VM', async () => {
    const vms = resolveVms(['a', 'b', 'c', 'd'].map((n) => vmDoc(n)).join(''));
    const starter = gatedStarter();
    const interrupt = new AbortController();
    const done = startVms(vms.map(createChange), {
      stateDir: state,
      startVm: starter.startVm,
      parallelStarts: 2,
      signal: interrupt.signal,
    });
    await starter.calledFor('b');
    interrupt.abort('SIGINT');
    starter.finish('a');
    starter.finish('b');
    const result = await done;
    expect(starter.log).toEqual(['start a', 'start b', 'end a', 'end b']);
    expect(result).toMatchObject({ ok: false, failures: [], interrupted: ['c', 'd'] });
  });

  it('a VM waits for the VMs its autostart.after names, not for the others', async () => {
    const vms = resolveVms(vmDoc('db') + vmDoc('web', '{ after: [db] }') + vmDoc('other'));
    const starter = gatedStarter();
    const done = startVms(vms.map(createChange), { stateDir: state, startVm: starter.startVm });
    await starter.calledFor('other');
    await new Promise((r) => setTimeout(r, 50));
    expect(starter.log).toEqual(['start db', 'start other']);
    starter.finish('other');
    await new Promise((r) => setTimeout(r, 50));
    expect(starter.log).not.toContain('start web');
    starter.finish('db');
    await starter.calledFor('web');
    starter.finish('web');
    expect((await done).ok).toBe(true);
    expect(starter.log).toEqual(['start db', 'start other', 'end other', 'end db', 'start web', 'end web']);
  });

  it('a higher autostart.order and the VMs after a delay wait for every earlier start', async () => {
    const vms = resolveVms(vmDoc('first', '{ order: 1 }') + vmDoc('second', '{ order: 2 }') + vmDoc('third', '{ order: 2 }'));
    const starter = gatedStarter();
    const done = startVms(vms.map(createChange), { stateDir: state, startVm: starter.startVm });
    await starter.calledFor('first');
    await new Promise((r) => setTimeout(r, 50));
    expect(starter.log).toEqual(['start first']);
    starter.finish('first');
    await starter.calledFor('third');
    starter.finish('second');
    starter.finish('third');
    expect((await done).ok).toBe(true);
    expect(starter.log).toEqual(['start first', 'end first', 'start second', 'start third', 'end second', 'end third']);

    const delayed = resolveVms(vmDoc('a-slow', '{ delay: 200ms }') + vmDoc('b-next'));
    const second = gatedStarter();
    const t0 = performance.now();
    const pass = startVms(delayed.map(createChange), { stateDir: state, startVm: second.startVm });
    await second.calledFor('a-slow');
    second.finish('a-slow');
    await second.calledFor('b-next');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(195);
    second.finish('b-next');
    expect((await pass).ok).toBe(true);
  });

  it('a failed start is reported for its own VM: its dependents are not started, the others are', async () => {
    const vms = resolveVms(vmDoc('db') + vmDoc('web', '{ after: [db] }') + vmDoc('other'));
    const starter = gatedStarter(['db']);
    const events: VmEvent[] = [];
    const done = startVms(vms.map(createChange), { stateDir: state, startVm: starter.startVm, onEvent: (e) => events.push(e) });
    await starter.calledFor('other');
    starter.finish('db');
    starter.finish('other');
    const result = await done;
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([
      { name: 'db', message: 'db: no /dev/kvm' },
      { name: 'web', message: 'not started: db failed to start' },
    ]);
    expect(events.map((e) => `${e.type} ${e.name} ${e.ok}`)).toEqual(['vm-start db false', 'vm-start other true']);
    expect(starter.log).not.toContain('start web');
  });

  it('parallelStarts: 1 starts one VM after another', async () => {
    const vms = resolveVms(vmDoc('a') + vmDoc('b'));
    const starter = gatedStarter();
    const done = startVms(vms.map(createChange), { stateDir: state, startVm: starter.startVm, parallelStarts: 1 });
    await starter.calledFor('a');
    await new Promise((r) => setTimeout(r, 50));
    expect(starter.log).toEqual(['start a']);
    starter.finish('a');
    await starter.calledFor('b');
    starter.finish('b');
    expect((await done).ok).toBe(true);
    expect(starter.most).toBe(1);
  });

  it('stops run side by side, a VM only after the VMs that start after it have stopped', async () => {
    const log = join(state, 'stops.log');
    // Stand-ins for VM processes (their argv holds `vm-run NAME`): each logs SIGTERM, then exits a while later.
    const standIn = (name: string): ChildProcess =>
      spawn(
        process.execPath,
        [
          '-e',
          `const fs = require('fs'); process.on('SIGTERM', () => { fs.appendFileSync(${JSON.stringify(log)}, 'term ' + process.argv[2] + '\\n');
           setTimeout(() => { fs.appendFileSync(${JSON.stringify(log)}, 'exit ' + process.argv[2] + '\\n'); process.exit(0); }, 1000); });
           fs.appendFileSync(${JSON.stringify(log)}, 'up ' + process.argv[2] + '\\n'); setInterval(() => {}, 1000);`,
          'vm-run',
          name,
        ],
        { stdio: 'ignore' },
      );
    const vms = resolveVms(vmDoc('db') + vmDoc('web', '{ after: [db] }') + vmDoc('other'));
    const children = vms.map((vm) => standIn(vm.meta.name));
    try {
      while ((readFileSync(log, { encoding: 'utf8', flag: 'a+' }).match(/^up /gm) ?? []).length < 3)
        await new Promise((r) => setTimeout(r, 20));
      const events: VmEvent[] = [];
      await stopVms(
        vms.map((vm, i) => ({
          kind: 'vm',
          name: vm.meta.name,
          action: 'delete',
          reasons: [],
          vm,
          pid: children[i]!.pid!,
          stopTimeoutMs: 5_000,
        })),
        { stateDir: state, onEvent: (e) => events.push(e) },
      );
      const lines = readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('up '));
      // web and other at once; db once web has gone.
      expect(lines.indexOf('term other')).toBeLessThan(lines.indexOf('exit web'));
      expect(lines.indexOf('term web')).toBeLessThan(lines.indexOf('exit other'));
      expect(lines.indexOf('term db')).toBeGreaterThan(lines.indexOf('exit web'));
      expect(events.map((e) => `${e.type} ${e.name} ${e.detail}`)).toEqual([
        'vm-stop web stopped',
        'vm-stop other stopped',
        'vm-stop db stopped',
      ]);
    } finally {
      for (const c of children) c.kill('SIGKILL');
    }
  });
});
