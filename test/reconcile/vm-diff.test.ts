// VM changes from desired specs and observed VM processes: start, restart only on machine
// changes, stop when removed; a declared VM that is not running starts as its run strategy says,
// unless `tshyve stop` holds it down; crash loops back off in the agent.
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import type { ObservedVm } from '../../src/supervise/observe-vms.js';
import type { VmStatusRecord } from '../../src/state/vm-status.js';
import { diffVms, startOrder } from '../../src/reconcile/vm-diff.js';

const vmDoc = (name: string, extra = '', memory = '512MiB') => `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: ${name} }
spec:
  cpus: 1
  memory: ${memory}
  firmware: { bootrom: { image: /x.bin } }
${extra}`;

function desired(...docs: string[]) {
  const r = loadSpecTexts([{ file: 'vms.yaml', text: docs.join('---\n') }]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.state.vms;
}

function observed(
  name: string,
  specHash: string,
  patch: Partial<VmStatusRecord> = {},
  alive = true,
  died = false,
  extra: Partial<ObservedVm> = {},
): ObservedVm {
  const status: VmStatusRecord = {
    name,
    phase: 'running',
    pid: 4242,
    specHash,
    vcpus: 1,
    memoryBytes: 1,
    restarts: 0,
    recentRestarts: [],
    updatedAt: '',
    ...patch,
  };
  return { name, status, alive, died, starting: false, ...extra };
}

const exited = (status: number, reason: string, at = '2026-12-01T10:02:31Z'): Partial<VmStatusRecord> => ({
  phase: 'stopped',
  pid: undefined,
  lastExit: { status, reason, at },
});
const diff = (vm: ReturnType<typeof desired>[number], o: ObservedVm, extra: Partial<Parameters<typeof diffVms>[0]> = {}) =>
  diffVms({ desired: [vm], observed: [o], running: new Map(), deletesAllowed: true, ...extra }).changes[0]!;

describe('diffVms', () => {
  it('starts VMs that do not run yet', () => {
    const vms = desired(vmDoc('a'));
    expect(
      diffVms({ desired: vms, observed: [], running: new Map(), deletesAllowed: true }).changes.map((c) => [c.name, c.action]),
    ).toEqual([['a', 'create']]);
  });

  it('leaves a running VM with the same machine alone, whatever its lifecycle fields', () => {
    const [before] = desired(vmDoc('a'));
    const [after] = desired(vmDoc('a', '  stopTimeout: 5m\n  restartPolicy: { onPoweroff: restart }\n'));
    const d = diffVms({
      desired: [after!],
      observed: [observed('a', before!.specHash)],
      running: new Map([['a', before!]]),
      deletesAllowed: true,
    });
    expect(d.changes[0]!.action).toBe('no-op');
  });

  it('restarts a VM whose memory changed and says why', () => {
    const [before] = desired(vmDoc('a'));
    const [after] = desired(vmDoc('a', '', '1GiB'));
    const d = diffVms({
      desired: [after!],
      observed: [observed('a', before!.specHash)],
      running: new Map([['a', before!]]),
      deletesAllowed: true,
    });
    expect(d.changes[0]).toMatchObject({ action: 'update', pid: 4242, reasons: ['memory 512MiB → 1GiB'] });
  });

  it('restarts a VM whose disk limits changed and names the limit', () => {
    const disk = (limits: string) => `  disks:\n    - path: /srv/a.img\n${limits}`;
    const [before] = desired(vmDoc('a', disk('')));
    const [after] = desired(vmDoc('a', disk('      limits: { bandwidth: 50MiB, iops: 1000, iopsBurst: 10 }\n')));
    const d = diffVms({
      desired: [after!],
      observed: [observed('a', before!.specHash)],
      running: new Map([['a', before!]]),
      deletesAllowed: true,
    });
    expect(d.changes[0]).toMatchObject({ action: 'update', reasons: ['disk 0 limits unlimited → 50MiB/s 1000 IOPS (burst 10)'] });
  });

  it('stops VMs removed from the specs and retires their records, unless deletes are unsafe', () => {
    const obs = [observed('gone', 'x')];
    expect(diffVms({ desired: [], observed: obs, running: new Map(), deletesAllowed: true }).changes).toMatchObject([
      { name: 'gone', action: 'delete', pid: 4242, retire: true },
    ]);
    const unsafe = diffVms({ desired: [], observed: obs, running: new Map(), deletesAllowed: false });
    expect(unsafe.changes).toEqual([]);
    expect(unsafe.notes[0]).toMatch(/deletes are skipped/);
  });

  it('run: Always (the default) starts a declared VM whatever stopped it, and says why', () => {
    const [vm] = desired(vmDoc('a'));
    expect(vm!.run).toBe('Always');
    const off = diff(vm!, observed('a', vm!.specHash, exited(1, 'poweroff'), false));
    expect(off).toMatchObject({ action: 'create', restart: true });
    expect(off.reasons[0]).toMatch(/^declared, not running: powered off at \d\d:\d\d:\d\d$/);
    const dead = diff(vm!, observed('a', vm!.specHash, {}, false, true));
    expect(dead).toMatchObject({ action: 'create' });
    expect(dead.reasons[0]).toMatch(/VM process died \(pid 4242;/);
  });

  it('run: OnFailure restarts only after a triple fault, an error or a dead process', () => {
    const [vm] = desired(vmDoc('a', '  run: OnFailure\n'));
    const actions = [exited(0, 'reboot'), exited(1, 'poweroff'), exited(2, 'halt'), exited(3, 'triple fault'), exited(4, 'error')].map(
      (e) => diff(vm!, observed('a', vm!.specHash, e, false)).action,
    );
    expect(actions).toEqual(['no-op', 'no-op', 'no-op', 'create', 'create']);
    expect(diff(vm!, observed('a', vm!.specHash, {}, false, true)).action).toBe('create');
    expect(diff(vm!, observed('a', vm!.specHash, exited(1, 'poweroff'), false)).reasons[0]).toMatch(/run: OnFailure leaves it stopped/);
  });

  it('run: Once runs a machine spec once; a changed spec runs again', () => {
    const [vm] = desired(vmDoc('a', '  run: Once\n'));
    expect(diffVms({ desired: [vm!], observed: [], running: new Map(), deletesAllowed: true }).changes[0]!.action).toBe('create');
    expect(diff(vm!, observed('a', vm!.specHash, exited(2, 'halt'), false)).action).toBe('no-op');
    expect(diff(vm!, observed('a', 'older', exited(2, 'halt'), false)).action).toBe('create');
  });

  it('run: Halted never starts and stops a running VM', () => {
    const [vm] = desired(vmDoc('a', '  run: Halted\n'));
    expect(diffVms({ desired: [vm!], observed: [], running: new Map(), deletesAllowed: true }).changes[0]!.action).toBe('no-op');
    expect(diff(vm!, observed('a', vm!.specHash))).toMatchObject({ action: 'delete', pid: 4242 });
  });

  it('a `tshyve stop` hold keeps the VM down until the spec or run strategy changes or --restart-stopped', () => {
    const [vm] = desired(vmDoc('a'));
    const hold = { at: '2026-12-01T10:00:00Z', by: 'tshyve stop' as const, specHash: vm!.specHash, run: 'Always' };
    const held = observed('a', vm!.specHash, exited(1, 'poweroff'), false, false, { hold });
    expect(diff(vm!, held)).toMatchObject({ action: 'no-op' });
    expect(diff(vm!, held).reasons[0]).toMatch(/held down by `tshyve stop`/);
    expect(diff(vm!, held, { restartStopped: true })).toMatchObject({ action: 'create', releaseHold: true });
    const [bigger] = desired(vmDoc('a', '', '1GiB'));
    expect(diff(bigger!, held).action).toBe('create');
    const [onFailure] = desired(vmDoc('a', '  run: OnFailure\n'));
    expect(diff(onFailure!, held).action).toBe('no-op'); // released by the change, but OnFailure leaves a poweroff down
  });

  it('never starts a VM whose start is under way', () => {
    const [vm] = desired(vmDoc('a'));
    expect(diff(vm!, observed('a', vm!.specHash, { phase: 'starting', pid: undefined }, false, false, { starting: true })).action).toBe(
      'no-op',
    );
  });

  it('the agent backs off a crash loop; a one-off apply starts at once', () => {
    const [vm] = desired(vmDoc('a', '  restartPolicy: { crashLoopRestarts: 2, backoffInitial: 10s }\n'));
    const now = Date.parse('2026-12-01T10:02:32Z');
    const looping = observed(
      'a',
      vm!.specHash,
      { ...exited(1, 'poweroff', '2026-12-01T10:02:31Z'), recentRestarts: [now - 3000, now - 2000] },
      false,
    );
    const agent = diff(vm!, looping, { honourBackoff: true, now });
    expect(agent).toMatchObject({ action: 'no-op', retryAt: Date.parse('2026-12-01T10:02:41Z') });
    expect(agent.reasons[0]).toMatch(/crash loop: next start at/);
    expect(diff(vm!, looping, { now }).action).toBe('create');
    expect(diff(vm!, looping, { honourBackoff: true, now: now + 10_000 }).action).toBe('create');
  });

  it('does not start VMs with autostart disabled', () => {
    const vms = desired(vmDoc('a', '  autostart: { enabled: false }\n'));
    expect(diffVms({ desired: vms, observed: [], running: new Map(), deletesAllowed: true }).changes[0]!.action).toBe('no-op');
  });
});

describe('backend support', () => {
  it('blocks a VM with a bhyve-only device and names the device and the backend', () => {
    const vms = desired(vmDoc('legacy', '  disks: [{ path: /d.img, device: nvme }]\n'));
    const [change] = diffVms({ desired: vms, observed: [], running: new Map(), deletesAllowed: true }).changes;
    expect(change!.action).toBe('no-op');
    expect(change!.blocked).toMatch(/spec\.disks\[0\]\.device: disk device nvme is not supported by the KVM backend/);
  });
});

describe('startOrder', () => {
  it('follows autostart order and puts dependencies first', () => {
    const vms = desired(
      vmDoc('web', '  autostart: { order: 1, after: [db] }\n'),
      vmDoc('db', '  autostart: { order: 5 }\n'),
      vmDoc('cache', '  autostart: { order: 2 }\n'),
    );
    expect(startOrder(vms).map((v) => v.meta.name)).toEqual(['db', 'web', 'cache']);
  });
});
