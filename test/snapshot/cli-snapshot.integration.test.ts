// VM snapshots through the CLI (docs/vm-snapshots.md): `tshyve start` runs the counter micro guest
// in a VM process, `tshyve snapshot NAME --stop` suspends it to <state>/vms/NAME/vm.snapshot over the
// control socket, and `tshyve restore NAME` starts a new VM process that counts on from there.
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeVms } from '../../src/supervise/observe-vms.js';
import { guest, kvmUnavailableReason } from '../runtime/kvm-env.js';
import { endCliWork, prepareCli, runTshyve, until } from '../support/cli-vm.js';

const skipReason = kvmUnavailableReason();
let work: string;
let stateDir: string;

const tshyve = (...args: string[]) => runTshyve(...args, '--state-dir', stateDir);

const counts = (text: string) => [...text.matchAll(/count ([0-9a-f]{4})\n/g)].map((m) => parseInt(m[1]!, 16));
const com1 = () => tshyve('logs', 'counter').stdout;

describe.skipIf(skipReason !== undefined)('tshyve snapshot / restore', () => {
  beforeAll(() => {
    prepareCli();
    work = mkdtempSync(join(tmpdir(), 'tshyve-cli-snap-'));
    stateDir = join(work, 'state');
    mkdirSync(join(work, 'vms'));
    writeFileSync(
      join(work, 'vms', 'counter.yaml'),
      `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: counter }
spec:
  cpus: 1
  memory: 32MiB
  firmware: { bootrom: { image: ${guest('counter')} } }
  stopTimeout: 2s
  autostart: { enabled: false }
`,
    );
  });

  afterAll(() => endCliWork(stateDir, work));

  it('suspends a running VM to its state directory and restores it in a new process', async () => {
    expect(tshyve('apply', join(work, 'vms')).status).toBe(0);
    const started = tshyve('start', 'counter');
    expect(started.status, started.stderr).toBe(0);
    await until('count 0005 on com1', () => counts(com1()).includes(5), 30_000);
    const snap = tshyve('snapshot', 'counter', '--stop', '--json');
    expect(snap.status, snap.stderr).toBe(0);
    const result = JSON.parse(snap.stdout) as { file: string; fileBytes: number; refused: string[] };
    expect(result.file).toBe(join(stateDir, 'vms', 'counter', 'vm.snapshot'));
    expect(statSync(result.file).mode & 0o777).toBe(0o600);
    expect(statSync(result.file).size).toBe(result.fileBytes);
    const stopped = await until(
      'the VM process to end',
      async () => (await observeVms(stateDir)).find((v) => v.name === 'counter' && !v.alive && v.status.phase === 'stopped'),
      30_000,
    );
    expect(stopped.status.message).toContain('suspended');
    const before = com1();
    const last = counts(before).at(-1)!;

    const restored = tshyve('restore', 'counter');
    expect(restored.status, restored.stderr).toBe(0);
    const fresh = () => {
      const now = com1();
      return now.length >= before.length && now.startsWith(before) ? now.slice(before.length) : now;
    };
    await until('three counts after the restore', () => counts(fresh()).length >= 3, 30_000);
    expect(fresh()).not.toContain('counter start');
    const after = counts(fresh());
    expect(after[0]).toBeGreaterThan(last - 1);
    expect(after[0]).toBeLessThanOrEqual(last + 2);
    expect(tshyve('restore', 'counter').status).not.toBe(0); // running: refused
  }, 120_000);
});
