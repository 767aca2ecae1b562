// The watch agent as a real process, as an operator runs it: VMs (micro guests on the real
// /dev/kvm, no network) come back after their manifest is removed and moved back, after a git
// revert pulled by `watch --git`; a killed agent leaves its VMs running and the next one adopts
// them; `status` tells a dead agent and a pull that is not a fast-forward.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { observeVms, type ObservedVm } from '../../src/supervise/observe-vms.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const skipReason = kvmUnavailableReason() ?? (process.getuid?.() === 0 ? undefined : 'needs root');
if (skipReason) console.log(`agent tests skipped: ${skipReason}`);

const bin = join(repoRoot, 'bin', 'tshyve.js');
const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => unknown;
const HDR = 'apiVersion: tshyve.dev/v1alpha1';
const vmYaml = (name: string) =>
  `${HDR}\nkind: VirtualMachine\nmetadata: { name: ${name} }\nspec:\n  cpus: 1\n  memory: 32MiB\n  firmware: { bootrom: { image: ${guest('waiter')} } }\n  testDevice: true\n  stopTimeout: 3s\n`;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
  });

let work: string;
const agents: ChildProcess[] = [];

function tshyve(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
}

/** A `tshyve watch` agent process; its output is collected in `log`. */
function startAgent(dir: string, stateDir: string, ...extra: string[]): { child: ChildProcess; log: () => string } {
  let out = '';
  // A credential in the agent's environment, which no VM process may inherit.
  const child = spawn(process.execPath, [bin, 'watch', dir, '--state-dir', stateDir, '--resync', '10m', '--debounce', '50ms', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SECRET_ACCESS_KEY: 'not-for-guests' },
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  agents.push(child);
  return { child, log: () => out };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function vm(stateDir: string, name: string): Promise<ObservedVm | undefined> {
  return (await observeVms(stateDir)).find((v) => v.name === name);
}

const running = (stateDir: string, name: string, notPid?: number) => async () => {
  const v = await vm(stateDir, name);
  return v?.alive && v.status.phase === 'running' && v.status.pid !== notPid && v;
};

describe.skipIf(skipReason !== undefined)('the watch agent (micro guests, real processes)', () => {
  beforeAll(() => {
    prepareNative();
    execFileSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
    work = mkdtempSync(join(tmpdir(), 'tshyve-agent-'));
  });

  afterAll(async () => {
    for (const a of agents) if (a.exitCode === null) a.kill('SIGKILL');
    for (const state of ['state', 'git-state']) {
      for (const v of await observeVms(join(work, state)).catch(() => []))
        if (v.alive && v.status.pid)
          try {
            process.kill(v.status.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('a manifest removed and moved back: the VM stops, then runs again', async () => {
    const dir = join(work, 'vms');
    const stateDir = join(work, 'state');
    mkdirSync(dir);
    writeFileSync(join(dir, 'hello.yaml'), vmYaml('hello'));
    // Another manifest stays: with none left at all, the agent deletes nothing (an empty checkout is not intent).
    writeFileSync(
      join(dir, 'firmware.yaml'),
      `${HDR}\nkind: Firmware\nmetadata: { name: waiter }\nspec: { bootrom: { image: ${guest('waiter')} } }\n`,
    );
    const agent = startAgent(dir, stateDir, '--metrics', '127.0.0.1:0');
    const first = await until('hello to run', running(stateDir, 'hello'));
    const environ = readFileSync(`/proc/${first.status.pid}/environ`, 'utf8').split('\0');
    expect(environ.some((e) => e.startsWith('AWS_SECRET_ACCESS_KEY='))).toBe(false);
    expect(environ).toContain('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    // Metrics, read with a Prometheus text-format parser, and the event journal.
    const url = await until('the metrics address', () => /serving metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(agent.log())?.[1]);
    type Families = { name: string; metrics: { labels?: Record<string, string>; value?: string }[] }[];
    const scrape = async () => parsePrometheus(await (await fetch(url)).text()) as Families;
    const find = (families: Families, name: string, labels: Record<string, string>) =>
      families.find((f) => f.name === name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
    // The VMM's counters appear once the agent holds its line to the VM process.
    const families = await until('the VM counters in the metrics', async () => {
      const f = await scrape();
      return find(f, 'tshyve_vm_exits_total', { vm: 'hello', kind: 'io' }) !== undefined && f;
    });
    const sample = (name: string, labels: Record<string, string>) => find(families, name, labels);
    expect(sample('tshyve_vm_state', { vm: 'hello', state: 'running' })).toBe('1');
    expect(Number(sample('tshyve_vm_exits_total', { vm: 'hello', kind: 'io' }))).toBeGreaterThan(0);
    expect(Number(sample('tshyve_reconcile_changes_total', {}))).toBeGreaterThanOrEqual(1);
    const events = tshyve('events', '--json', '--no-follow', '--state-dir', stateDir)
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; vm?: string });
    expect(events).toContainEqual(expect.objectContaining({ type: 'vm-started', vm: 'hello' }));
    renameSync(join(dir, 'hello.yaml'), join(work, 'hello.yaml'));
    await until('hello to be retired', async () => (await vm(stateDir, 'hello')) === undefined);
    renameSync(join(work, 'hello.yaml'), join(dir, 'hello.yaml'));
    const back = await until('hello to run again', running(stateDir, 'hello', first.status.pid));
    expect(back.status.specHash).toBe(first.status.specHash);
    expect(agent.log()).toMatch(/hello: stop \(removed from the specs/);
    expect(agent.log()).toMatch(/hello: start \(declared, not running\)/);
  });

  it('kill -9 of the agent: the VMs keep running, status says it died, the next agent adopts them', async () => {
    const stateDir = join(work, 'state');
    const before = (await vm(stateDir, 'hello'))!;
    const agent = agents.at(-1)!;
    agent.kill('SIGKILL');
    await until('the agent to be gone', () => agent.exitCode !== null || agent.signalCode !== null);
    const dead = tshyve('status', '--state-dir', stateDir);
    expect(dead.status).toBe(3);
    expect(dead.stdout).toMatch(/agent: NOT RUNNING: pid \d+ died without stopping/);
    expect((await vm(stateDir, 'hello'))!.alive).toBe(true);
    const next = startAgent(join(work, 'vms'), stateDir);
    await until('the new agent to adopt hello', () => /adopted 1 running VM process\(es\): hello \(pid \d+\)/.test(next.log()));
    const status = tshyve('status', '--state-dir', stateDir);
    expect(status.status, status.stdout).toBe(0);
    expect(status.stdout).toMatch(/^agent: running, pid \d+/);
    expect(status.stdout).toMatch(/previous agent: pid \d+ died without stopping/);
    const adopted = (await vm(stateDir, 'hello'))!;
    expect(adopted.status.pid).toBe(before.status.pid);
    // The adopted VM is watched as closely as one the agent started.
    process.kill(adopted.status.pid!, 'SIGKILL');
    await until('hello to be started again', running(stateDir, 'hello', adopted.status.pid));
    next.child.kill('SIGTERM');
    await until('the agent to stop', () => next.child.exitCode !== null);
    expect(tshyve('status', '--state-dir', stateDir).stdout).toMatch(/agent: stopped at/);
  });

  it('watch --git: a commit that deletes a VM stops it, its revert starts it again; a non-fast-forward pull is reported', async () => {
    const origin = join(work, 'origin.git');
    const author = join(work, 'author');
    const checkout = join(work, 'checkout');
    const stateDir = join(work, 'git-state');
    git(work, 'init', '--bare', '-q', origin);
    git(work, 'clone', '-q', origin, author);
    writeFileSync(join(author, 'web.yaml'), vmYaml('web'));
    writeFileSync(
      join(author, 'firmware.yaml'),
      `${HDR}\nkind: Firmware\nmetadata: { name: waiter }\nspec: { bootrom: { image: ${guest('waiter')} } }\n`,
    );
    git(author, 'add', '.');
    git(author, 'commit', '-qm', 'add web');
    git(author, 'push', '-q', 'origin', 'HEAD:main');
    git(work, 'clone', '-q', '--branch', 'main', origin, checkout);
    const agent = startAgent(checkout, stateDir, '--git', '--git-interval', '300ms');
    const first = await until('web to run', running(stateDir, 'web'));

    git(author, 'rm', '-q', 'web.yaml');
    git(author, 'commit', '-qm', 'remove web');
    git(author, 'push', '-q', 'origin', 'HEAD:main');
    await until('web to be retired', async () => (await vm(stateDir, 'web')) === undefined);
    git(author, 'revert', '--no-edit', 'HEAD');
    git(author, 'push', '-q', 'origin', 'HEAD:main');
    await until('web to run again', running(stateDir, 'web', first.status.pid));
    const revert = git(author, 'rev-parse', 'HEAD').trim();
    await until('status to show the revert applied', () =>
      tshyve('status', '--state-dir', stateDir).stdout.includes(`git: applied ${revert.slice(0, 7)} "Revert "remove web""`),
    );
    expect(agent.log()).toMatch(new RegExp(`web: start \\(declared, not running\\) at ${revert.slice(0, 7)}`));

    // History rewritten upstream: the agent's checkout cannot fast-forward.
    git(author, 'reset', '-q', '--hard', 'HEAD~2');
    writeFileSync(join(author, 'other.yaml'), vmYaml('other'));
    git(author, 'add', '.');
    git(author, 'commit', '-qm', 'rewritten');
    git(author, 'push', '-q', '--force', 'origin', 'HEAD:main');
    const degraded = await until('status to report the failed pull', () => {
      const s = tshyve('status', '--state-dir', stateDir);
      return /git error \(not-fast-forward\)/.test(s.stdout) && s;
    });
    expect(degraded.status).toBe(1);
    expect((await vm(stateDir, 'web'))!.alive).toBe(true);
    expect(await vm(stateDir, 'other')).toBeUndefined();
  });
});
