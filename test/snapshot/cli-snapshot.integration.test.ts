// VM snapshots through the CLI (docs/vm-snapshots.md): `tshyve start` runs the counter micro guest
// in a VM process, `tshyve snapshot NAME --stop` suspends it to <state>/vms/NAME/vm.snapshot over the
// control socket (`ps` shows it suspended), and `tshyve restore NAME` starts a new VM process that
// counts on from there; a second restore from that snapshot over a writable disk is refused.
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
    const ps = JSON.parse(tshyve('ps', 'counter', '--json').stdout) as { vms: { state: string; message: string }[] };
    expect(ps.vms[0]!.state).toBe('suspended');
    expect(ps.vms[0]!.message).toContain(`snapshot in ${result.file}; \`tshyve restore counter\` resumes it`);
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
    const row = (JSON.parse(tshyve('ps', 'counter', '--json').stdout) as { vms: { state: string; message: string }[] }).vms[0]!;
    expect(row).toMatchObject({ state: 'running', message: `restored from the snapshot ${result.file}` });
  }, 120_000);

  it('refuses a second restore from the same snapshot once the VM has a writable disk, unless --force', async () => {
    expect(tshyve('stop', 'counter').status).toBe(0);
    // The same VM with a writable disk (a machine change the snapshot cannot take, which the guard checks first).
    writeFileSync(join(work, 'data.img'), Buffer.alloc(1 << 20));
    writeFileSync(
      join(work, 'vms', 'counter.yaml'),
      readFileSync(join(work, 'vms', 'counter.yaml'), 'utf8').replace(
        '  stopTimeout: 2s\n',
        `  stopTimeout: 2s\n  disks: [{ path: ${join(work, 'data.img')} }]\n`,
      ),
    );
    expect(tshyve('apply', join(work, 'vms')).status).toBe(0);
    const again = tshyve('restore', 'counter');
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('counter was already started from the snapshot');
    expect(again.stderr).toContain(`disk 0 (${join(work, 'data.img')}) is writable: a second restore would run on from disk state`);
    expect(again.stderr).toContain('tshyve restore counter --force');
    // --force passes this check; the VMM itself then refuses the changed machine (a virtio-blk disk it cannot restore).
    const forced = tshyve('restore', 'counter', '--force');
    expect(forced.status).not.toBe(0);
    expect(forced.stderr).not.toContain('already started from the snapshot');
  }, 60_000);
});
