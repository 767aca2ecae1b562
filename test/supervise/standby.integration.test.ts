// The warm standby (src/supervise/standby.ts) with real VM processes on /dev/kvm: a VM started
// through it has the serial, console, stop and restart behaviour and the jail of a cold one; a
// killed standby is replaced; none outlives `destroy`; an interrupted apply leaves no orphan.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';
import { isVmProcess } from '../../src/supervise/process-control.js';
import { isStandbyProcess, readStandbyRecord } from '../../src/supervise/standby.js';

const skipReason = kvmUnavailableReason() ?? (process.getuid?.() === 0 ? undefined : 'needs root (the VM process jail)');
const bin = join(repoRoot, 'bin', 'tshyve.js');
let work = '';

function vmYaml(name: string, extra = '', rom = 'waiter'): string {
  return (
    `apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: ${name} }\nspec:\n  cpus: 1\n  memory: 32MiB\n` +
    `  firmware: { bootrom: { image: ${guest(rom)} } }\n  testDevice: true\n  stopTimeout: 3s\n${extra}`
  );
}

function tshyve(stateDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args, '--state-dir', stateDir], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function statusOf(stateDir: string, name: string): { pid?: number; phase: string } {
  return JSON.parse(readFileSync(join(stateDir, 'vms', name, 'status.json'), 'utf8')) as { pid?: number; phase: string };
}

/** Every process whose argv is a `vm-run` of this state directory. */
function vmRunProcesses(stateDir: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return argv.includes('vm-run') && argv[argv.indexOf('--state-dir') + 1] === stateDir;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** What the jail leaves a VM process with (docs/vm-process-jail.md), comparable between two processes. */
function jailOf(pid: number): Record<string, string> {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*([^\\n]*)$`, 'm').exec(status)?.[1]?.trim() ?? '';
  return {
    uid: field('Uid'),
    gid: field('Gid'),
    groups: field('Groups'),
    capEff: field('CapEff'),
    capPrm: field('CapPrm'),
    capBnd: field('CapBnd'),
    noNewPrivs: field('NoNewPrivs'),
    seccomp: field('Seccomp'),
    ownMountNs: String(readlinkSync(`/proc/${pid}/ns/mnt`) !== readlinkSync('/proc/self/ns/mnt')),
    stateHidden: String(!existsSync(`/proc/${pid}/root${join(work, 'state', 'inventory.json')}`)),
    // Dumpable (prctl) shows as /proc/PID/* owned by root rather than the process's uid.
    procOwner: spawnSync('stat', ['-c', '%u', `/proc/${pid}/environ`], { encoding: 'utf8' }).stdout.trim(),
  };
}

function consoleRoundTrip(stateDir: string, name: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(join(stateDir, 'vms', name, 'console.sock'));
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no echo of ${text} from ${name}: ${JSON.stringify(got)}`));
    }, 10_000);
    socket.on('data', (b: Buffer) => {
      got += b.toString('latin1');
      if (got.includes(text)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(got);
      }
    });
    socket.on('connect', () => socket.write(text));
    socket.on('error', reject);
  });
}

describe.skipIf(skipReason !== undefined)('warm standby VM process', () => {
  const stateDir = () => join(work, 'state');
  const specDir = () => join(work, 'vms');

  beforeAll(() => {
    prepareNative();
    spawnSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
    work = mkdtempSync(join(tmpdir(), 'tshyve-standby-'));
    mkdirSync(specDir());
  });
  afterAll(() => {
    if (!work) return;
    tshyve(stateDir(), 'destroy', specDir(), '--yes');
    for (const pid of vmRunProcesses(stateDir())) process.kill(pid, 'SIGKILL');
    if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
  });

  it('a VM started through the standby behaves and is jailed as a cold one', { timeout: 90_000 }, async () => {
    writeFileSync(join(specDir(), 'cold.yaml'), vmYaml('cold'));
    expect(tshyve(stateDir(), 'apply', specDir()).code).toBe(0);
    const coldPid = statusOf(stateDir(), 'cold').pid!;
    const standby = await until('a standby after the first start', () => {
      const pid = vmRunProcesses(stateDir()).find((p) => p !== coldPid);
      return pid !== undefined && existsSync(join(stateDir(), `standby-${pid}.sock`)) && pid;
    });
    expect(isStandbyProcess(standby, stateDir())).toBe(true);
    expect(tshyve(stateDir(), 'status').out).toContain(`standby: pid ${standby} idle`);

    writeFileSync(join(specDir(), 'warm.yaml'), vmYaml('warm'));
    expect(tshyve(stateDir(), 'apply', specDir()).code).toBe(0);
    const warmPid = statusOf(stateDir(), 'warm').pid!;
    expect(warmPid).toBe(standby);
    expect(isVmProcess(warmPid, 'warm')).toBe(true);
    expect(isVmProcess(warmPid, 'cold')).toBe(false);
    // Its own log and serial, as a cold VM process's.
    await until('warm serial', () => readFileSync(join(stateDir(), 'vms', 'warm', 'console.log'), 'latin1').includes('waiter ready'));
    expect(readFileSync(join(stateDir(), 'vms', 'warm', 'vmm.log'), 'utf8')).toMatch(/privilege drop: now tshyve-vm/);
    expect(readFileSync(join(stateDir(), 'standby.log'), 'utf8')).not.toMatch(/warm: /);
    expect(await consoleRoundTrip(stateDir(), 'warm', 'ping-42')).toContain('ping-42');
    // The jail: the same user, capabilities, filters, namespace and hiding as the cold one.
    expect(jailOf(warmPid)).toEqual(jailOf(coldPid));
    expect(jailOf(warmPid).capEff).toBe('0000000000000000');
    expect(jailOf(warmPid).uid).not.toMatch(/^0\b/);
    expect(jailOf(warmPid).stateHidden).toBe('true');
    const cgroup = (pid: number) => readFileSync(`/proc/${pid}/cgroup`, 'utf8').replace(/cold|warm/g, 'VM');
    expect(cgroup(warmPid)).toBe(cgroup(coldPid));
    // `ps` sees it, and a new standby is waiting.
    expect(tshyve(stateDir(), 'ps').out).toMatch(new RegExp(`warm\\s+running\\s+${warmPid}`));
    await until('a fresh standby', () => {
      const r = vmRunProcesses(stateDir()).filter((p) => p !== coldPid && p !== warmPid);
      return r.length === 1 && isStandbyProcess(r[0], stateDir());
    });
  });

  it('stop and restart: the power button ends it, a restart takes the next standby', { timeout: 60_000 }, async () => {
    const before = statusOf(stateDir(), 'warm').pid!;
    const next = (await readStandbyRecord(stateDir()))!.pid;
    const restarted = tshyve(stateDir(), 'restart', 'warm');
    expect(restarted.code, restarted.out).toBe(0);
    expect(readFileSync(join(stateDir(), 'vms', 'warm', 'console.log'), 'latin1')).toContain('power button');
    expect(isVmProcess(before, 'warm')).toBe(false);
    expect(statusOf(stateDir(), 'warm').pid).toBe(next);
    const stopped = tshyve(stateDir(), 'stop', 'warm');
    expect(stopped.code, stopped.out).toBe(0);
    expect(statusOf(stateDir(), 'warm').phase).toBe('stopped');
    expect(isVmProcess(next, 'warm')).toBe(false);
  });

  it('the restart policy reboots a standby-started guest inside its process', { timeout: 60_000 }, async () => {
    const next = (await readStandbyRecord(stateDir()))!.pid;
    // The reset guest reboots at once (status 0): the policy boots it again in the same process.
    writeFileSync(join(specDir(), 'reboots.yaml'), vmYaml('reboots', '  restartPolicy: { crashLoopRestarts: 100 }\n', 'reset'));
    expect(tshyve(stateDir(), 'apply', specDir()).code).toBe(0);
    expect(statusOf(stateDir(), 'reboots').pid).toBe(next);
    await until('two reboots', () => (statusOf(stateDir(), 'reboots') as { restarts?: number }).restarts! >= 2, 30_000);
    expect(statusOf(stateDir(), 'reboots').pid).toBe(next);
    expect(readFileSync(join(stateDir(), 'vms', 'reboots', 'vmm.log'), 'utf8')).toMatch(/guest exited: reboot[\s\S]*guest exited: reboot/);
    rmSync(join(specDir(), 'reboots.yaml'));
    expect(tshyve(stateDir(), 'apply', specDir()).code).toBe(0);
    expect(isVmProcess(next, 'reboots')).toBe(false);
  });

  it('a killed standby is replaced by the next start, which runs cold', { timeout: 60_000 }, async () => {
    const standby = (await readStandbyRecord(stateDir()))!.pid;
    expect(isStandbyProcess(standby, stateDir())).toBe(true);
    process.kill(standby, 'SIGKILL');
    await until('the standby to die', () => !existsSync(`/proc/${standby}`));
    const started = tshyve(stateDir(), 'start', 'warm');
    expect(started.code, started.out).toBe(0);
    const pid = statusOf(stateDir(), 'warm').pid!;
    expect(pid).not.toBe(standby);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('warm');
    await until('a replacement standby', async () => {
      const record = await readStandbyRecord(stateDir());
      return record !== undefined && record.pid !== standby && isStandbyProcess(record.pid, stateDir());
    });
    const replacement = (await readStandbyRecord(stateDir()))!.pid;
    expect(isStandbyProcess(replacement, stateDir())).toBe(true);
  });

  it('an apply starting several VMs at once gives the standby to one and leaves one fresh standby', { timeout: 90_000 }, async () => {
    await until('the standby', async () => isStandbyProcess((await readStandbyRecord(stateDir()))?.pid, stateDir()));
    const standby = (await readStandbyRecord(stateDir()))!.pid;
    const before = vmRunProcesses(stateDir());
    const names = ['p1', 'p2', 'p3'];
    for (const n of names) writeFileSync(join(specDir(), `${n}.yaml`), vmYaml(n));
    const r = tshyve(stateDir(), 'apply', specDir());
    expect(r.code, r.out).toBe(0);
    const pids = names.map((n) => statusOf(stateDir(), n).pid!);
    for (const [i, n] of names.entries()) expect(isVmProcess(pids[i], n)).toBe(true);
    expect(pids.filter((p) => p === standby)).toHaveLength(1);
    for (const n of names)
      await until(`${n} serial`, () => readFileSync(join(stateDir(), 'vms', n, 'console.log'), 'latin1').includes('waiter ready'));
    // The VMs that ran before, the three, and one new standby: nothing else.
    await until('one fresh standby', async () => {
      const fresh = vmRunProcesses(stateDir()).filter((p) => !before.includes(p) && !pids.includes(p));
      return fresh.length === 1 && (await readStandbyRecord(stateDir()))?.pid === fresh[0] && isStandbyProcess(fresh[0], stateDir());
    });
  });

  it('no standby or VM process outlives destroy', { timeout: 60_000 }, async () => {
    expect(vmRunProcesses(stateDir()).length).toBeGreaterThan(1);
    const r = tshyve(stateDir(), 'destroy', specDir(), '--yes');
    expect(r.code, r.out).toBe(0);
    expect(vmRunProcesses(stateDir())).toEqual([]);
    expect(readdirSync(stateDir()).filter((f) => f.endsWith('.sock'))).toEqual([]);
  });

  it('Ctrl-C of an apply leaves no orphan process', { timeout: 90_000 }, async () => {
    for (const n of ['i1', 'i2', 'i3', 'i4']) writeFileSync(join(specDir(), `${n}.yaml`), vmYaml(n));
    const apply = spawn(process.execPath, [bin, 'apply', specDir(), '--state-dir', stateDir()], { stdio: 'ignore' });
    await until('the first VM start', () => existsSync(join(stateDir(), 'vms', 'i1', 'vmm.log')));
    apply.kill('SIGINT');
    await new Promise((r) => apply.once('exit', r));
    // Every vm-run left is a recorded, running VM or the recorded standby; a standby nobody records retires.
    const names = readdirSync(join(stateDir(), 'vms'));
    const accounted = async (pid: number) =>
      (await readStandbyRecord(stateDir()))?.pid === pid ||
      names.some((n) => {
        try {
          return statusOf(stateDir(), n).pid === pid && isVmProcess(pid, n);
        } catch {
          return false;
        }
      });
    await until(
      'only recorded processes',
      async () => (await Promise.all(vmRunProcesses(stateDir()).map(accounted))).every(Boolean),
      20_000,
    );
    const r = tshyve(stateDir(), 'destroy', specDir(), '--yes');
    expect(r.code, r.out).toBe(0);
    await until('nothing left', () => vmRunProcesses(stateDir()).length === 0, 10_000);
  });
});
