// Plan lines for suspended VMs (docs/vm-snapshots.md): a VM a snapshot stopped stays down until it
// is restored, the agent's resume starts it whatever its run strategy, a machine change says the
// snapshot is discarded before apply boots it cold, and a spec.restoreFrom start says so.
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { diffVms } from '../../src/reconcile/vm-diff.js';
import type { ObservedVm } from '../../src/supervise/observe-vms.js';

const vmDoc = (memory: string, extra = '') => `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: a }
spec:
  cpus: 1
  memory: ${memory}
  firmware: { bootrom: { image: /x.bin } }
${extra}`;

function desired(text: string) {
  const r = loadSpecTexts([{ file: 'vms.yaml', text }]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.state.vms[0]!;
}

const SNAP = '/var/lib/tshyve/vms/a/vm.snapshot';
const AT = '2026-12-01T10:02:31Z';

function suspended(specHash: string, by: 'tshyve snapshot' | 'host shutdown', extra: Partial<ObservedVm> = {}): ObservedVm {
  return {
    name: 'a',
    alive: false,
    died: false,
    starting: false,
    status: {
      name: 'a',
      phase: 'stopped',
      specHash,
      vcpus: 1,
      memoryBytes: 1,
      restarts: 0,
      recentRestarts: [],
      updatedAt: AT,
      lastExit: { status: 1, reason: 'poweroff', at: AT },
      message: `suspended: snapshot in ${SNAP}`,
    },
    hold: { at: AT, by: 'tshyve stop', specHash, run: 'Always' },
    suspended: { at: AT, by, snapshot: SNAP, specHash },
    ...extra,
  };
}

describe('diffVms and suspended VMs', () => {
  const clock = new Date(AT).toTimeString().slice(0, 8);

  it('keeps a VM that `tshyve snapshot --stop` suspended down, with a note on how it resumes', () => {
    const vm = desired(vmDoc('512MiB'));
    const { changes, notes } = diffVms({
      desired: [vm],
      observed: [suspended(vm.specHash, 'tshyve snapshot')],
      running: new Map(),
      deletesAllowed: true,
    });
    expect(changes[0]).toMatchObject({ action: 'no-op' });
    expect(notes).toEqual([`vm a: suspended at ${clock} (tshyve snapshot): \`tshyve restore a\` resumes it from its snapshot ${SNAP}`]);
  });

  it('says, before apply boots it, that a machine change discards the snapshot', () => {
    const before = desired(vmDoc('512MiB'));
    const vm = desired(vmDoc('1GiB'));
    const { changes } = diffVms({
      desired: [vm],
      observed: [suspended(before.specHash, 'host shutdown')],
      running: new Map([['a', before]]),
      deletesAllowed: true,
    });
    expect(changes[0]!.action).toBe('create');
    expect(changes[0]!.reasons.join('; ')).toContain(
      `suspended at ${clock}, but the machine changed (memory 512MiB → 1GiB): its snapshot ${SNAP} is discarded and it boots cold`,
    );
  });

  it('starts a VM the agent prepared to resume even when its run strategy would leave it stopped', () => {
    const vm = desired(vmDoc('512MiB', '  run: OnFailure\n'));
    const o = suspended(vm.specHash, 'host shutdown', { restorePending: true });
    delete o.hold;
    const { changes } = diffVms({ desired: [vm], observed: [o], running: new Map(), deletesAllowed: true });
    expect(changes[0]).toMatchObject({
      action: 'create',
      reasons: [`resumes from its snapshot ${SNAP} (suspended at ${clock} by host shutdown)`],
    });
    expect(changes[0]!.restart).toBeUndefined(); // a resume is not counted as a crash restart
  });

  it('says that a VM with spec.restoreFrom starts from its snapshot', () => {
    const vm = desired(vmDoc('512MiB', '  restoreFrom: /srv/snapshots/a.snapshot\n'));
    const { changes } = diffVms({ desired: [vm], observed: [], running: new Map(), deletesAllowed: true });
    expect(changes[0]).toMatchObject({
      action: 'create',
      reasons: ['declared, not running', 'starts from the snapshot /srv/snapshots/a.snapshot (spec.restoreFrom) instead of booting'],
    });
  });

  it('leaves restoreFrom and onHostShutdown out of the machine hash (adding them restarts nothing)', () => {
    const plain = desired(vmDoc('512MiB'));
    const both = desired(vmDoc('512MiB', '  restoreFrom: /srv/a.snapshot\n  autostart: { onHostShutdown: suspend }\n'));
    expect(both.specHash).toBe(plain.specHash);
    expect(both.autostart.onHostShutdown).toBe('suspend');
    expect(plain.autostart.onHostShutdown).toBeUndefined();
  });
});
