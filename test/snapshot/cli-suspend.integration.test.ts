// Suspend at host shutdown and spec.restoreFrom, end to end (docs/vm-snapshots.md): a `tshyve watch`
// agent process runs the counter micro guest on the real /dev/kvm with `onHostShutdown: suspend`;
// its SIGTERM leaves a snapshot and a `suspended` VM, its next start resumes the count; after a
// machine change the plan says the snapshot goes, and the VM boots cold with the reason in `ps`.
// A VM whose spec names `restoreFrom` starts from that snapshot instead of booting, and a truncated
// suspend snapshot falls back to a cold boot.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeVms } from '../../src/supervise/observe-vms.js';
import { guest, kvmUnavailableReason } from '../runtime/kvm-env.js';
import { endCliWork, prepareCli, runTshyve as tshyve, tshyveBin as bin, until as untilWithin } from '../support/cli-vm.js';

const skipReason = kvmUnavailableReason() ?? (process.getuid?.() === 0 ? undefined : 'needs root (the agent jails its VM processes)');
if (skipReason) console.log(`suspend tests skipped: ${skipReason}`);
let work: string;
let stateDir: string;
let dir: string;
const agents: ChildProcess[] = [];

const until = <T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 25_000) =>
  untilWithin(what, probe, timeoutMs);

function startAgent(): { child: ChildProcess; log: () => string; ended: Promise<number | null> } {
  let out = '';
  const child = spawn(process.execPath, [bin, 'watch', dir, '--state-dir', stateDir, '--resync', '10m', '--debounce', '50ms'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  agents.push(child);
  const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, log: () => out, ended };
}

const counts = (text: string) => [...text.matchAll(/count ([0-9a-f]{4})\n/g)].map((m) => parseInt(m[1]!, 16));
const com1 = (name: string, state = stateDir) => tshyve('logs', name, '--state-dir', state).stdout;
const psRow = (name: string, state = stateDir) =>
  (
    JSON.parse(tshyve('ps', name, '--json', '--state-dir', state).stdout) as {
      vms: { state: string; message: string | null; lastExit: { reason: string } | null }[];
    }
  ).vms[0]!;
const running =
  (name: string, state = stateDir) =>
  async () =>
    (await observeVms(state)).find((v) => v.name === name && v.alive && v.status.phase === 'running');
/** What com1 printed after `before` (the log of this VM across its processes). */
const after = (name: string, before: string) => {
  const now = com1(name);
  return now.startsWith(before) ? now.slice(before.length) : now;
};

const manifest = (memory: string) => `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: sleeper }
spec:
  cpus: 1
  memory: ${memory}
  firmware: { bootrom: { image: ${guest('counter')} } }
  stopTimeout: 2s
  autostart: { onHostShutdown: suspend }
`;

describe.skipIf(skipReason !== undefined)('suspend at host shutdown, restoreFrom', () => {
  beforeAll(() => {
    prepareCli();
    work = mkdtempSync(join(tmpdir(), 'tshyve-suspend-'));
    stateDir = join(work, 'state');
    dir = join(work, 'vms');
    mkdirSync(dir);
    writeFileSync(join(dir, 'sleeper.yaml'), manifest('32MiB'));
  }, 120_000);

  afterAll(async () => {
    for (const a of agents) if (a.exitCode === null) a.kill('SIGKILL');
    await endCliWork(join(work ?? '/nonexistent', 'state2'), undefined);
    await endCliWork(stateDir, work);
  });

  const snapshot = () => join(stateDir, 'vms', 'sleeper', 'vm.snapshot');

  it('the agent suspends the VM when it stops and resumes it when it starts: the count goes on', async () => {
    const agent = startAgent();
    await until('sleeper running', running('sleeper'));
    await until('count 0005', () => counts(com1('sleeper')).includes(5));
    agent.child.kill('SIGTERM');
    expect(await agent.ended).toBe(0);
    expect(agent.log()).toContain('sleeper: suspended for host shutdown: snapshot in ' + snapshot());
    expect(existsSync(snapshot())).toBe(true);
    const row = psRow('sleeper');
    expect(row.state).toBe('suspended');
    expect(row.lastExit).toMatchObject({ reason: 'suspended' });
    expect(row.message).toContain(`suspended by the agent at host shutdown at `);
    expect(row.message).toContain(`snapshot in ${snapshot()}`);
    const plan = tshyve('plan', dir, '--state-dir', stateDir);
    expect(plan.stdout).toContain(`note: vm sleeper: suspended at `);
    expect(plan.stdout).toContain(`(host shutdown): the agent resumes it, when it starts, from its snapshot ${snapshot()}`);

    const before = com1('sleeper');
    const last = counts(before).at(-1)!;
    const again = startAgent();
    await until('sleeper running again', running('sleeper'));
    await until('three counts after the resume', () => counts(after('sleeper', before)).length >= 3);
    expect(after('sleeper', before)).not.toContain('counter start');
    const first = counts(after('sleeper', before))[0]!;
    expect(first).toBeGreaterThan(last - 1);
    expect(first).toBeLessThanOrEqual(last + 2);
    expect(again.log()).toContain(`sleeper: suspended at host shutdown`);
    expect(existsSync(snapshot())).toBe(false); // used up
    expect(psRow('sleeper')).toMatchObject({
      state: 'running',
      message: `resumed from the snapshot ${snapshot()} taken at host shutdown (now removed)`,
    });
    again.child.kill('SIGTERM');
    expect(await again.ended).toBe(0);
  }, 60_000);

  it('after a machine change the plan says the snapshot goes, and the VM boots cold with the reason', async () => {
    expect(psRow('sleeper').state).toBe('suspended');
    writeFileSync(join(dir, 'sleeper.yaml'), manifest('64MiB'));
    const plan = tshyve('plan', dir, '--state-dir', stateDir);
    expect(plan.stdout).toContain(`+ vm sleeper`);
    expect(plan.stdout).toContain(
      `but the machine changed (memory 32MiB → 64MiB): its snapshot ${snapshot()} is discarded and it boots cold`,
    );
    const before = com1('sleeper');
    const agent = startAgent();
    await until('sleeper running cold', running('sleeper'));
    await until('counter start after the change', () => after('sleeper', before).includes('counter start'));
    expect(psRow('sleeper')).toMatchObject({
      state: 'running',
      message: `cold boot: the machine spec changed after the suspend at host shutdown, so its snapshot ${snapshot()} was discarded`,
    });
    expect(existsSync(snapshot())).toBe(false);
    agent.child.kill('SIGTERM');
    expect(await agent.ended).toBe(0);
  }, 60_000);

  it('a VM with spec.restoreFrom starts from that snapshot instead of booting', async () => {
    // The snapshot the agent left at the last stop (the 64 MiB machine), copied where a spec can name it.
    const base = join(work, 'snapshots', 'sleeper.snapshot');
    mkdirSync(join(work, 'snapshots'));
    copyFileSync(snapshot(), base);
    const state2 = join(work, 'state2');
    const dir2 = join(work, 'vms2');
    mkdirSync(dir2);
    writeFileSync(
      join(dir2, 'copy.yaml'),
      manifest('64MiB')
        .replace('name: sleeper', 'name: copy')
        .replace('autostart: { onHostShutdown: suspend }', `autostart: { order: 1 }\n  restoreFrom: ${base}`),
    );
    const plan = tshyve('plan', dir2, '--state-dir', state2);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`+ vm copy`);
    expect(plan.stdout).toContain(`starts from the snapshot ${base} (spec.restoreFrom) instead of booting`);
    const applied = tshyve('apply', dir2, '--state-dir', state2);
    expect(applied.status, applied.stderr).toBe(0);
    await until('three counts in the copy', () => counts(com1('copy', state2)).length >= 3);
    expect(com1('copy', state2)).not.toContain('counter start');
    expect(counts(com1('copy', state2))[0]).toBeGreaterThan(4);
    expect(psRow('copy', state2).message).toBe(`restored from the snapshot ${base}`);
    expect(readFileSync(base).length).toBeGreaterThan(0); // a spec's snapshot is never removed
  }, 60_000);

  it('a suspend snapshot the VMM refuses (truncated) falls back to a cold boot, with the reason', async () => {
    expect(psRow('sleeper').state).toBe('suspended');
    const size = statSync(snapshot()).size;
    truncateSync(snapshot(), Math.floor(size / 2));
    const before = com1('sleeper');
    const agent = startAgent();
    await until('sleeper running cold', running('sleeper'));
    await until('counter start after the refusal', () => after('sleeper', before).includes('counter start'));
    const row = psRow('sleeper');
    expect(row.state).toBe('running');
    expect(row.message).toMatch(
      new RegExp(
        `^cold boot: the snapshot ${snapshot().replace(/[.]/g, '[.]')} taken at host shutdown could not be restored \\(.+\\); it was removed$`,
      ),
    );
    expect(existsSync(snapshot())).toBe(false);
    agent.child.kill('SIGTERM');
    expect(await agent.ended).toBe(0);
  }, 60_000);
});
