// End to end, as an operator sees it: VMs (micro guests on the real /dev/kvm) with a bridge, taps and
// a file volume, reconciled inside a network namespace this test creates and deletes.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';
import { observeVms, type ObservedVm } from '../../src/supervise/observe-vms.js';
import { isVmProcess } from '../../src/supervise/process-control.js';
import { WatchLoop } from '../../src/watch/watch-loop.js';

const kvmReason = kvmUnavailableReason();
const rootReason = process.getuid?.() === 0 ? undefined : 'needs root to create a network namespace';
const skipReason = kvmReason ?? rootReason;
if (skipReason) console.log(`lifecycle tests skipped: ${skipReason}`);

const bin = join(repoRoot, 'bin', 'tshyve.js');
const netns = `tshyve-lc-${process.pid}`;
let work: string;
let specDir: string;
let stateDir: string;

function tshyve(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
}

const HDR = 'apiVersion: tshyve.dev/v1alpha1';
function vmYaml(name: string, rom: string, extra = '', memory = '32MiB'): string {
  return `${HDR}\nkind: VirtualMachine\nmetadata: { name: ${name} }\nspec:\n  cpus: 1\n  memory: ${memory}\n  firmware: { bootrom: { image: ${guest(rom)} } }\n  testDevice: true\n  stopTimeout: 3s\n${extra}`;
}

async function readStatusJson(): Promise<{ watchedVms?: string[] }> {
  try {
    return JSON.parse(readFileSync(join(stateDir, 'watch-status.json'), 'utf8')) as { watchedVms?: string[] };
  } catch {
    return {};
  }
}

async function vms(): Promise<Map<string, ObservedVm>> {
  return new Map((await observeVms(stateDir)).map((v) => [v.name, v]));
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function newLoop(resyncMs = 60_000) {
  const log: string[] = [];
  const loop = new WatchLoop({
    dir: specDir,
    stateDir,
    host: { name: 'test-host', labels: {} },
    netns,
    resyncMs,
    debounceMs: 50,
    log: (l) => log.push(l),
  });
  return { loop, log };
}

describe.skipIf(skipReason !== undefined)('lifecycle (micro guests, network namespace)', () => {
  beforeAll(() => {
    prepareNative();
    execFileSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
    execFileSync('ip', ['netns', 'add', netns]);
    work = mkdtempSync(join(tmpdir(), 'tshyve-lifecycle-'));
    specDir = join(work, 'vms');
    stateDir = join(work, 'state');
    execFileSync('mkdir', ['-p', specDir]);
    writeFileSync(
      join(specDir, 'network.yaml'),
      `${HDR}\nkind: Bridge\nmetadata: { name: lan }\nspec: { name: tshlcbr0, addresses: [10.123.0.1/24] }\n---\n${HDR}\nkind: Tap\nmetadata: { name: web-tap }\nspec: { name: tshlctap0, bridge: lan }\n`,
    );
    writeFileSync(join(specDir, 'web.yaml'), vmYaml('web', 'waiter', '  nics: [{ tap: web-tap }]\n'));
    writeFileSync(
      join(specDir, 'db.yaml'),
      `${HDR}\nkind: Volume\nmetadata: { name: db-data }\nspec: { size: 16MiB, file: { path: ${join(work, 'db-data.img')} } }\n---\n` +
        vmYaml('db', 'waiter', '  disks: [{ volume: db-data }]\n'),
    );
  });

  afterAll(async () => {
    if (stateDir)
      for (const vm of await observeVms(stateDir).catch(() => []))
        if (vm.alive && vm.status.pid) {
          try {
            process.kill(vm.status.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
    spawnSync('ip', ['netns', 'del', netns]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('apply brings up the bridge, tap, volume and VMs, and ps shows them running', async () => {
    const apply = tshyve('apply', specDir, '--state-dir', stateDir, '--netns', netns);
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('+ bridge tshlcbr0 (lan)');
    expect(apply.stdout).toContain('+ vm web: start');
    expect(apply.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');
    const links = execFileSync('ip', ['-n', netns, '-j', 'link'], { encoding: 'utf8' });
    expect(links).toContain('tshlctap0');
    expect(existsSync(join(work, 'db-data.img'))).toBe(true);
    const ps = tshyve('ps', '--json', '--state-dir', stateDir);
    const rows = (JSON.parse(ps.stdout) as { ok: boolean; vms: { name: string; state: string; pid: number }[] }).vms;
    expect(rows.map((r) => [r.name, r.state])).toEqual([
      ['db', 'running'],
      ['web', 'running'],
    ]);
    const again = tshyve('apply', specDir, '--state-dir', stateDir, '--netns', netns);
    expect(again.stdout.trim().split('\n').at(-1)).toBe('No changes.');
  });

  it('keeps state files 0600 and state directories 0700', () => {
    const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
    expect(mode(stateDir)).toBe('700');
    expect(mode(join(stateDir, 'vms'))).toBe('700');
    expect(mode(join(stateDir, 'vms/web'))).toBe('700');
    for (const f of ['spec.json', 'status.json', 'console.sock', 'console.log', 'vmm.log', 'firmware.log'])
      expect([f, mode(join(stateDir, 'vms/web', f))]).toEqual([f, '600']);
    expect(mode(join(stateDir, 'inventory.json'))).toBe('600');
  });

  it('the console shows the scrollback, echoes input, and Ctrl-] detaches leaving the VM running', async () => {
    const child = spawn(process.execPath, [bin, 'console', 'web', '--state-dir', stateDir], { stdio: ['pipe', 'pipe', 'pipe'] });
    let seen = '';
    child.stdout.on('data', (d: Buffer) => (seen += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    await until('the scrollback', async () => seen.includes('waiter ready'));
    child.stdin.write('ping');
    await until('the echo', async () => seen.includes('ping'));
    child.stdin.write('\x1d');
    expect(await exited).toBe(0);
    expect((await vms()).get('web')!.alive).toBe(true);
  });

  it('a running agent restarts a VM process killed with SIGKILL at once, not at its next resync', async () => {
    const { loop, log } = newLoop(600_000);
    const running = loop.start();
    await until(
      'the agent to hold a line to web',
      async () => log.some((l) => l.startsWith('adopted')) && (await readStatusJson()).watchedVms?.includes('web'),
    );
    const before = (await vms()).get('web')!;
    process.kill(before.status.pid!, 'SIGKILL');
    try {
      const after = await until('web to come back', async () => {
        const v = (await vms()).get('web');
        return v?.alive && v.status.pid !== before.status.pid && v.status.phase === 'running' && v;
      });
      expect(after.status.restarts).toBe(before.status.restarts + 1);
      expect(log.join('\n')).toMatch(/web: start \(declared, not running: VM process died \(pid \d+/);
    } finally {
      await loop.stop();
      await running;
    }
  });

  it('restarts only the VM whose memory changed, with the new size', async () => {
    const before = await vms();
    writeFileSync(join(specDir, 'web.yaml'), vmYaml('web', 'waiter', '  nics: [{ tap: web-tap }]\n', '64MiB'));
    const plan = tshyve('plan', specDir, '--state-dir', stateDir, '--netns', netns);
    expect(plan.stdout).toContain('~ vm web (restart): memory 32MiB → 64MiB');
    const { loop } = newLoop();
    expect((await loop.passOnce()).ok).toBe(true);
    const after = await vms();
    expect(after.get('web')!.status.memoryBytes).toBe(64 * 2 ** 20);
    expect(after.get('web')!.status.pid).not.toBe(before.get('web')!.status.pid);
    expect(after.get('db')!.status.pid).toBe(before.get('db')!.status.pid);
  });

  it('an invalid edit stops nothing and is reported', async () => {
    const before = await vms();
    writeFileSync(join(specDir, 'web.yaml'), vmYaml('web', 'waiter', '  nics: [{ tap: web-tap }]\n', '64'));
    const { loop, log } = newLoop();
    await loop.passOnce();
    const after = await vms();
    expect(after.get('web')!.status.pid).toBe(before.get('web')!.status.pid);
    expect(after.get('web')!.alive).toBe(true);
    expect(log.join('\n')).toMatch(/web\.yaml:6:11 spec\.memory expected a size with a unit/);
    const status = tshyve('status', '--state-dir', stateDir);
    expect(status.stdout).toMatch(/held at last good version: .*web\.yaml/);
    writeFileSync(join(specDir, 'web.yaml'), vmYaml('web', 'waiter', '  nics: [{ tap: web-tap }]\n', '64MiB'));
  });

  it('two applies at once: the second refuses, nothing is corrupted', async () => {
    const a = newLoop();
    const b = newLoop();
    const [ra, rb] = await Promise.all([a.loop.passOnce(), b.loop.passOnce()]);
    const refusals = [a.log, b.log].filter((l) => l.join('\n').includes('locked by pid'));
    expect(ra.ok || rb.ok).toBe(true);
    expect(refusals.length + [ra, rb].filter((r) => r.ok).length).toBe(2);
    expect(JSON.parse(readFileSync(join(stateDir, 'inventory.json'), 'utf8')).entries.length).toBeGreaterThan(0);
  });

  it('deleting a file stops its VM, keeps its volume and drops it from ps', async () => {
    const dbPid = (await vms()).get('db')!.status.pid!;
    unlinkSync(join(specDir, 'db.yaml'));
    const { loop } = newLoop();
    expect((await loop.passOnce()).ok).toBe(true);
    expect(isVmProcess(dbPid, 'db')).toBe(false);
    expect((await vms()).has('db')).toBe(false);
    expect(tshyve('ps', 'db', '--state-dir', stateDir).stderr).toMatch(/no such VM: db/);
    expect(existsSync(join(work, 'db-data.img'))).toBe(true);
    expect(existsSync(join(stateDir, 'vms/db/console.log'))).toBe(true);
    expect((await vms()).get('web')!.alive).toBe(true);
  });

  it('a guest that powers off under run: Always is started again by the agent', async () => {
    writeFileSync(join(specDir, 'always.yaml'), vmYaml('always', 'hello', '  restartPolicy: { crashLoopRestarts: 100 }\n'));
    const { loop, log } = newLoop(600_000);
    const running = loop.start();
    try {
      const twice = await until('always to be started again after powering off', async () => {
        const v = (await vms()).get('always');
        return v && v.status.restarts >= 2 && v;
      });
      expect(twice.status.lastExit).toMatchObject({ status: 1, reason: 'poweroff' });
      expect(log.join('\n')).toMatch(/always: start \(declared, not running: powered off at \d\d:\d\d:\d\d\)/);
    } finally {
      await loop.stop();
      await running;
    }
    unlinkSync(join(specDir, 'always.yaml'));
    await loop.passOnce();
  });

  it('a guest that reboots is started again; one that powers off under run: Once stays down', async () => {
    writeFileSync(join(specDir, 'rebooter.yaml'), vmYaml('rebooter', 'reset', '  restartPolicy: { crashLoopRestarts: 100 }\n'));
    writeFileSync(join(specDir, 'oneshot.yaml'), vmYaml('oneshot', 'hello', '  run: Once\n'));
    const { loop } = newLoop();
    await loop.passOnce();
    const rebooter = await until('rebooter to reboot twice', async () => {
      const v = (await vms()).get('rebooter');
      return v && v.status.restarts >= 2 && v;
    });
    expect(rebooter.status.lastExit?.reason).toBe('reboot');
    const oneshot = await until('oneshot to power off', async () => {
      const v = (await vms()).get('oneshot');
      return v && v.status.phase === 'stopped' && v;
    });
    expect(oneshot.status.lastExit).toMatchObject({ status: 1, reason: 'poweroff' });
    await loop.passOnce();
    expect((await vms()).get('oneshot')!.status.phase).toBe('stopped');
    const plan = tshyve('plan', specDir, '--state-dir', stateDir, '--netns', netns);
    expect(plan.stdout).toMatch(/note: vm oneshot: powered off at .*; run: Once leaves it stopped/);
    unlinkSync(join(specDir, 'rebooter.yaml'));
    unlinkSync(join(specDir, 'oneshot.yaml'));
    await loop.passOnce();
  });

  it('restart works from another directory and refuses to stop a VM that could not start again', async () => {
    const before = (await vms()).get('web')!;
    const elsewhere = spawnSync(process.execPath, [bin, 'restart', 'web', '--state-dir', stateDir], {
      encoding: 'utf8',
      cwd: '/',
      timeout: 60_000,
    });
    expect(elsewhere.status, elsewhere.stderr).toBe(0);
    expect(elsewhere.stdout).toMatch(/web stopped\nweb started \(pid \d+\)/);
    const after = (await vms()).get('web')!;
    expect(after.alive).toBe(true);
    expect(after.status.pid).not.toBe(before.status.pid);
    // Its firmware vanishes: restart must say so and leave the running guest alone.
    const spec = JSON.parse(readFileSync(join(stateDir, 'vms/web/spec.json'), 'utf8'));
    const rom = join(work, 'waiter-copy.bin');
    copyFileSync(spec.firmware.image, rom);
    writeFileSync(join(stateDir, 'vms/web/spec.json'), JSON.stringify({ ...spec, firmware: { ...spec.firmware, image: rom } }));
    unlinkSync(rom);
    const refused = tshyve('restart', 'web', '--state-dir', stateDir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/boot ROM .*waiter-copy\.bin: does not exist/);
    expect(refused.stderr).toMatch(/cannot start, so it was not stopped/);
    expect((await vms()).get('web')!.status.pid).toBe(after.status.pid);
    writeFileSync(join(stateDir, 'vms/web/spec.json'), JSON.stringify(spec));
    expect(tshyve('start', 'nosuch', '--state-dir', stateDir).stderr).toMatch(/no VM named nosuch has been applied/);
  });

  it('stop presses the power button and holds the VM down until start', async () => {
    const out = tshyve('stop', 'web', '--state-dir', stateDir);
    expect(out.stdout).toContain('web stopped; held down until `tshyve start web`');
    const web = (await vms()).get('web')!;
    expect(web.status.lastExit).toMatchObject({ status: 1, reason: 'poweroff' });
    expect(readFileSync(join(stateDir, 'vms/web/console.log'), 'utf8')).toContain('power button');
    const ps = JSON.parse(tshyve('ps', 'web', '--json', '--state-dir', stateDir).stdout) as { vms: { state: string; held: unknown }[] };
    expect(ps.vms[0]).toMatchObject({ state: 'held' });
    const apply = tshyve('apply', specDir, '--state-dir', stateDir, '--netns', netns);
    expect(apply.stdout).toMatch(/note: vm web: held down by `tshyve stop`/);
    expect((await vms()).get('web')!.alive).toBe(false);
    const forced = tshyve('plan', specDir, '--state-dir', stateDir, '--netns', netns, '--restart-stopped');
    expect(forced.stdout).toMatch(/\+ vm web: start \(held by `tshyve stop`, released by --restart-stopped\)/);
  });

  it('a VM that cannot start makes apply fail, naming the VM and the reason; ps shows it failed', () => {
    const dir = join(work, 'broken');
    const state = join(work, 'broken-state');
    execFileSync('mkdir', ['-p', dir]);
    // A ROM that exists (a missing one is refused by plan, before apply starts anything) but is not one.
    writeFileSync(join(work, 'odd.rom'), Buffer.alloc(1000));
    writeFileSync(
      join(dir, 'vm.yaml'),
      `${HDR}\nkind: VirtualMachine\nmetadata: { name: broken }\nspec: { cpus: 1, memory: 32MiB, firmware: { bootrom: { image: ${join(work, 'odd.rom')} } } }\n`,
    );
    const apply = tshyve('apply', dir, '--state-dir', state);
    expect(apply.status).toBe(1);
    expect(apply.stderr).toMatch(/Apply incomplete: host steps done, 1 VM failed/);
    expect(apply.stderr).toMatch(/apply: vm broken: firmware image .*odd\.rom is 1000 bytes/);
    const ps = JSON.parse(tshyve('ps', '--json', '--state-dir', state).stdout) as {
      vms: { name: string; state: string; lastExit: { reason: string } }[];
    };
    expect(ps.vms).toMatchObject([{ name: 'broken', state: 'failed', lastExit: { reason: 'error' } }]);
  });

  it('destroy stops the VMs and removes owned links, keeping volumes; apply declares them again', async () => {
    expect(tshyve('start', 'web', '--state-dir', stateDir).status).toBe(0);
    const destroy = tshyve('destroy', specDir, '--state-dir', stateDir, '--netns', netns, '--yes');
    expect(destroy.status, destroy.stderr).toBe(0);
    expect(destroy.stdout.split('\n')[0]).toMatch(/^- vm web: stop/);
    expect((await vms()).has('web')).toBe(false);
    const links = execFileSync('ip', ['-n', netns, '-j', 'link'], { encoding: 'utf8' });
    expect(links).not.toContain('tshlctap0');
    expect(links).not.toContain('tshlcbr0');
    expect(existsSync(join(work, 'db-data.img'))).toBe(true);
    const ps = JSON.parse(tshyve('ps', '--json', '--state-dir', stateDir).stdout) as { vms: unknown[] };
    expect(ps.vms).toEqual([]);
    const again = tshyve('apply', specDir, '--state-dir', stateDir, '--netns', netns);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('+ vm web: start (declared, not running)');
    expect((await vms()).get('web')!.alive).toBe(true);
    expect(tshyve('destroy', specDir, '--state-dir', stateDir, '--netns', netns, '--yes').status).toBe(0);
  });
});
