// Readiness gates (`autostart.after: [{ vm, ready, timeout }]`): how they resolve and validate, the
// start order apply and the agent follow with fake starts and waits (a dependency that is never ready
// is reported and its dependent started anyway), the poll loop on a fake clock, and real gates on
// micro guests: a com1 line holds back the start of the VM that waits for it (apply), and a gate that
// times out in the agent is in its status.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { loadSpecTexts } from '../../src/manifest/load.js';
import type { ReadinessGate } from '../../src/model/resolved.js';
import { startVms } from '../../src/reconcile/vm-apply.js';
import { compileBhyve } from '../../src/targets/bhyve/compile.js';
import type { VmChange } from '../../src/reconcile/vm-diff.js';
import { observeVms } from '../../src/supervise/observe-vms.js';
import { stopVmProcess } from '../../src/supervise/process-control.js';
import { waitUntil, type Clock } from '../../src/supervise/readiness.js';
import { createChange, resolveVms, runningRecord } from '../cli/guest-fixture.js';
import { readWatchStatus } from '../../src/watch/watch-status.js';
import { WatchLoop } from '../../src/watch/watch-loop.js';
import { FakeHost } from './fake-host.js';
import { guest, kvmUnavailableReason } from '../runtime/kvm-env.js';
import { prepareCli } from '../support/cli-vm.js';

const vmDoc = (name: string, after: string, extra = '') => `---
apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: ${name} }
spec:
  cpus: 1
  memory: 32MiB
  firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }
  autostart: { after: ${after} }
${extra}`;

describe('autostart.after readiness gates: resolution', () => {
  it('a plain name orders; an object also gates, with a default timeout of 2m', () => {
    const vms = resolveVms(
      vmDoc('db', '[]') +
        vmDoc('cache', '[]') +
        vmDoc('web', '[db, { vm: cache, ready: ssh }, { vm: db2, ready: "serial:^ready$", timeout: 30s }]') +
        vmDoc('db2', '[]'),
    );
    const web = vms.find((v) => v.meta.name === 'web')!;
    expect(web.autostart.after).toEqual(['db', 'cache', 'db2']);
    expect(web.autostart.ready).toEqual([
      { vm: 'cache', ready: { kind: 'ssh' }, timeoutMs: 120_000 },
      { vm: 'db2', ready: { kind: 'serial', pattern: '^ready$' }, timeoutMs: 30_000 },
    ]);
    expect(vms.find((v) => v.meta.name === 'db')!.autostart).not.toHaveProperty('ready');
  });

  it('reports a bad condition, a bad regex, an unknown VM, itself and a name given twice', () => {
    const loaded = loadSpecTexts([
      {
        file: '/t/vms.yaml',
        text:
          vmDoc('db', '[]') +
          vmDoc('a', '[{ vm: db, ready: pingable }]') +
          vmDoc('b', '[{ vm: db, ready: "serial:(" }]') +
          vmDoc('c', '[{ vm: ghost, ready: ssh }]') +
          vmDoc('d', '[{ vm: d, ready: running }]') +
          vmDoc('e', '[db, { vm: db, ready: running }]'),
      },
    ]);
    expect(loaded.ok).toBe(false);
    const messages = loaded.diagnostics.map((d) => `${d.path} ${d.message}`).join('\n');
    expect(messages).toMatch(/spec\.autostart\.after\[0\]\S* .*running, address, ssh or serial:REGEX/);
    expect(messages).toMatch(/spec\.autostart\.after\[0\]\.ready serial:\( is not a valid regular expression/);
    expect(messages).toMatch(/spec\.autostart\.after\[0\]\.vm .*ghost/);
    expect(messages).toMatch(/spec\.autostart\.after\[0\]\.vm a VM cannot start after itself/);
    expect(messages).toMatch(/spec\.autostart\.after\[1\]\.vm db is named twice in autostart\.after/);
  });
});

describe('readiness gates on the bhyve target', () => {
  it('compile keeps the order and warns that it does not wait', () => {
    const vms = resolveVms(vmDoc('db', '[]') + vmDoc('web', '[{ vm: db, ready: ssh }]'));
    const result = compileBhyve({ vms, bridges: [], taps: [], volumes: [], firmware: [] });
    expect(result.diagnostics).toContainEqual({
      severity: 'warning',
      code: 'bhyve.unsupported-option',
      path: 'VirtualMachine/web spec.autostart.after',
      message: 'the rc.d script starts VMs in `after` order but does not wait for their readiness; `ready` is ignored',
    });
  });
});

describe('readiness gates in the start order (fake starts and waits)', () => {
  const state = mkdtempSync(join(tmpdir(), 'tshyve-gates-'));
  afterAll(() => rmSync(state, { recursive: true, force: true }));
  it('waits for each gate before starting its dependent; one never ready is reported and the dependent starts anyway', async () => {
    const vms = resolveVms(
      vmDoc('db', '[]') +
        vmDoc('cache', '[]') +
        vmDoc('web', '[{ vm: db, ready: ssh }, { vm: cache, ready: address, timeout: 5s }]') +
        vmDoc('elsewhere', '[]') +
        vmDoc('batch', '[{ vm: elsewhere, ready: running }]'),
    );
    const log: string[] = [];
    const changes = vms.filter((v) => v.meta.name !== 'elsewhere').map(createChange); // elsewhere: placed on another host
    const result = await startVms(changes, {
      stateDir: state,
      honourDelays: false,
      startVm: async (vm) => {
        log.push(`start ${vm.meta.name}`);
        return runningRecord(vm);
      },
      waitReady: async (gate: ReadinessGate) => {
        log.push(`wait ${gate.vm} ${gate.ready.kind} ${gate.timeoutMs}`);
        return gate.vm === 'cache'
          ? { met: false, detail: 'cache not address after 5s: cache holds no DHCP lease yet' }
          : { met: true, detail: 'ok' };
      },
    });
    expect(log).toEqual(['start batch', 'start cache', 'start db', 'wait db ssh 120000', 'wait cache address 5000', 'start web']);
    expect(result.ok).toBe(true);
    expect(result.notReady).toEqual([
      { name: 'web', dependency: 'cache', message: 'cache address not met: cache not address after 5s: cache holds no DHCP lease yet' },
    ]);
  });

  it('a gate on a dependency that is down and not started by this pass fails at once, without waiting', async () => {
    const [, web] = resolveVms(vmDoc('db', '[]') + vmDoc('web', '[{ vm: db, ready: ssh }]'));
    const noop: VmChange = { kind: 'vm', name: 'db', action: 'no-op', reasons: ['run: Halted'], stopTimeoutMs: 0 };
    const waited: string[] = [];
    const started: string[] = [];
    const result = await startVms([noop, createChange(web!)], {
      stateDir: state,
      startVm: async (vm) => {
        started.push(vm.meta.name);
        return runningRecord(vm);
      },
      waitReady: async (g) => {
        waited.push(g.vm);
        return { met: true, detail: '' };
      },
      isRunning: async () => false,
    });
    expect(waited).toEqual([]);
    expect(started).toEqual(['web']);
    expect(result.notReady).toEqual([
      { name: 'web', dependency: 'db', message: 'db ssh not met: db is not running and this pass does not start it' },
    ]);
    // A dependency that runs already is waited for as usual.
    const again = await startVms([noop, createChange(web!)], {
      stateDir: state,
      startVm: async (vm) => runningRecord(vm),
      waitReady: async (g) => {
        waited.push(g.vm);
        return { met: true, detail: 'answers' };
      },
      isRunning: async (n) => n === 'db',
    });
    expect(waited).toEqual(['db']);
    expect(again.notReady).toEqual([]);
  });

  it('a dependency that failed to start still blocks its dependents, gate or not', async () => {
    const vms = resolveVms(vmDoc('db', '[]') + vmDoc('web', '[{ vm: db, ready: ssh }]'));
    const waited: string[] = [];
    const result = await startVms(vms.map(createChange), {
      stateDir: state,
      startVm: async () => {
        throw new Error('no /dev/kvm');
      },
      waitReady: async (g) => {
        waited.push(g.vm);
        return { met: true, detail: '' };
      },
    });
    expect(waited).toEqual([]);
    expect(result.failures.map((f) => [f.name, f.message])).toEqual([
      ['db', 'no /dev/kvm'],
      ['web', 'not started: db failed to start'],
    ]);
  });
});

describe('waitUntil on a fake clock', () => {
  const fake = (): Clock & { t: number; sleeps: number[] } => {
    const c = { t: 0, sleeps: [] as number[], now: () => c.t, sleep: async (ms: number) => void (c.sleeps.push(ms), (c.t += ms)) };
    return c;
  };

  it('polls at the interval and stops at the deadline with the last reason', async () => {
    const clock = fake();
    let calls = 0;
    const r = await waitUntil(async () => ({ met: false, detail: `try ${++calls}` }), 1200, { intervalMs: 500, clock });
    expect(r).toEqual({ met: false, detail: 'try 4', waitedMs: 1200 });
    expect(clock.sleeps).toEqual([500, 500, 200]);
  });

  it('returns as soon as the check is met', async () => {
    const clock = fake();
    let calls = 0;
    const r = await waitUntil(async () => ({ met: ++calls === 3, detail: 'x' }), 60_000, { intervalMs: 250, clock });
    expect(r).toEqual({ met: true, detail: 'x', waitedMs: 500 });
  });
});

const waiterDoc = (name: string, after: string) => `---
apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: ${name} }
spec:
  cpus: 1
  memory: 32MiB
  firmware: { bootrom: { image: ${guest('waiter')} } }
  testDevice: true
  stopTimeout: 2s
  autostart: { order: ${name === 'first' || name === 'alpha' ? 10 : 20}, after: ${after} }
`;

const kvmSkip = kvmUnavailableReason();
if (kvmSkip) console.log(`the real serial: readiness gate is skipped: ${kvmSkip}`);

describe.skipIf(kvmSkip !== undefined || process.getuid?.() !== 0)('a real serial: gate in apply', () => {
  let work: string;
  beforeAll(() => {
    prepareCli();
    work = mkdtempSync(join(tmpdir(), 'tshyve-gate-kvm-'));
  }, 180_000);
  afterAll(async () => {
    for (const vm of await observeVms(join(work, 'state')).catch(() => []))
      if (vm.alive && vm.status.pid) await stopVmProcess(vm.status.pid, vm.name, 2000);
    rmSync(work, { recursive: true, force: true });
  });

  it('starts `second` only after `first` printed "waiter ready"; a line never printed times out and is reported', async () => {
    mkdirSync(join(work, 'vms'));
    writeFileSync(
      join(work, 'vms', 'vms.yaml'),
      waiterDoc('first', '[]') +
        waiterDoc('second', "[{ vm: first, ready: 'serial:waiter ready', timeout: 60s }]") +
        waiterDoc('third', "[{ vm: first, ready: 'serial:login:', timeout: 1s }]"),
    );
    const lines: string[] = [];
    const out: Output = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
    const code = await main(['apply', join(work, 'vms'), '--state-dir', join(work, 'state')], out);
    expect(code, lines.join('\n')).toBe(0);
    const events = lines.filter((l) => /^[+…] vm \S+ … /.test(l));
    expect(events[0]).toMatch(/^\+ vm first … ok/);
    expect(events[1]).toMatch(/^… vm first … ok \(first serial:waiter ready for second: com1 printed "waiter ready"/);
    expect(events[2]).toMatch(/^\+ vm second … ok/);
    expect(events[3]).toMatch(/^… vm first … NOT READY \(first not serial:login: after 1s: .*; starting third anyway/);
    expect(events[4]).toMatch(/^\+ vm third … ok/);
  }, 120_000);

  it('the agent reports a gate that timed out in its status, and started the dependent anyway', async () => {
    const dir = join(work, 'agent-vms');
    const stateDir = join(work, 'agent-state');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'vms.yaml'),
      waiterDoc('alpha', '[]') + waiterDoc('omega', "[{ vm: alpha, ready: 'serial:never printed', timeout: 1s }]"),
    );
    const log: string[] = [];
    const loop = new WatchLoop({
      dir,
      stateDir,
      host: { name: 'test', labels: {} },
      resyncMs: 600_000,
      debounceMs: 30,
      backend: new FakeHost(),
      log: (l) => log.push(l),
    });
    const running = loop.start();
    try {
      const deadline = Date.now() + 60_000;
      let status = await readWatchStatus(stateDir);
      while (!status?.errors.some((e) => e.code === 'TSHYVE_NOT_READY') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        status = await readWatchStatus(stateDir);
      }
      expect(status?.errors).toContainEqual(
        expect.objectContaining({
          code: 'TSHYVE_NOT_READY',
          message: expect.stringMatching(
            /^omega started before alpha serial:never printed not met: alpha not serial:never printed after 1s/,
          ),
        }),
      );
      expect((await observeVms(stateDir)).filter((v) => v.alive).map((v) => v.name)).toEqual(['alpha', 'omega']);
      expect(log.join('\n')).toMatch(/vm-ready alpha: failed alpha not serial:never printed after 1s: .*; starting omega anyway/);
    } finally {
      await loop.stop();
      await running;
      for (const vm of await observeVms(stateDir)) if (vm.alive && vm.status.pid) await stopVmProcess(vm.status.pid, vm.name, 2000);
    }
  }, 120_000);
});
