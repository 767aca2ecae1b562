// VM changes from desired specs and observed VM processes: start, restart only on machine
// changes, stop when removed, leave guests that powered off alone, restart dead processes.
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/spec/load.js';
import type { ObservedVm } from '../../src/supervise/observe-vms.js';
import type { VmStatusRecord } from '../../src/supervise/vm-status.js';
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

function observed(name: string, specHash: string, patch: Partial<VmStatusRecord> = {}, alive = true, died = false): ObservedVm {
  const status: VmStatusRecord = { name, phase: 'running', pid: 4242, specHash, vcpus: 1, memoryBytes: 1, restarts: 0, recentRestarts: [], updatedAt: '', ...patch };
  return { name, status, alive, died };
}

describe('diffVms', () => {
  it('starts VMs that do not run yet', () => {
    const vms = desired(vmDoc('a'));
    expect(diffVms({ desired: vms, observed: [], running: new Map(), deletesAllowed: true }).changes.map((c) => [c.name, c.action])).toEqual([['a', 'create']]);
  });

  it('leaves a running VM with the same machine alone, whatever its lifecycle fields', () => {
    const [before] = desired(vmDoc('a'));
    const [after] = desired(vmDoc('a', '  stopTimeout: 5m\n  restartPolicy: { onPoweroff: restart }\n'));
    const d = diffVms({ desired: [after!], observed: [observed('a', before!.specHash)], running: new Map([['a', before!]]), deletesAllowed: true });
    expect(d.changes[0]!.action).toBe('no-op');
  });

  it('restarts a VM whose memory changed and says why', () => {
    const [before] = desired(vmDoc('a'));
    const [after] = desired(vmDoc('a', '', '1GiB'));
    const d = diffVms({ desired: [after!], observed: [observed('a', before!.specHash)], running: new Map([['a', before!]]), deletesAllowed: true });
    expect(d.changes[0]).toMatchObject({ action: 'update', pid: 4242, reasons: ['memory 512MiB → 1GiB'] });
  });

  it('stops VMs removed from the specs, unless deletes are unsafe', () => {
    const obs = [observed('gone', 'x')];
    expect(diffVms({ desired: [], observed: obs, running: new Map(), deletesAllowed: true }).changes).toMatchObject([{ name: 'gone', action: 'delete', pid: 4242 }]);
    const unsafe = diffVms({ desired: [], observed: obs, running: new Map(), deletesAllowed: false });
    expect(unsafe.changes).toEqual([]);
    expect(unsafe.notes[0]).toMatch(/deletes are skipped/);
  });

  it('keeps a guest that powered off down, and restarts a VM process that died', () => {
    const [vm] = desired(vmDoc('a'));
    const off = observed('a', vm!.specHash, { phase: 'stopped', lastExit: { status: 1, reason: 'poweroff', at: '' } }, false, false);
    expect(diffVms({ desired: [vm!], observed: [off], running: new Map(), deletesAllowed: true }).changes[0]!.action).toBe('no-op');
    const dead = observed('a', vm!.specHash, {}, false, true);
    const d = diffVms({ desired: [vm!], observed: [dead], running: new Map(), deletesAllowed: true });
    expect(d.changes[0]).toMatchObject({ action: 'create' });
    expect(d.changes[0]!.reasons[0]).toMatch(/died/);
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
    const vms = desired(vmDoc('web', '  autostart: { order: 1, after: [db] }\n'), vmDoc('db', '  autostart: { order: 5 }\n'), vmDoc('cache', '  autostart: { order: 2 }\n'));
    expect(startOrder(vms).map((v) => v.meta.name)).toEqual(['db', 'web', 'cache']);
  });
});
