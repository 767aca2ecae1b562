// The VM process's jail, end to end on real VM processes in a network namespace this test creates:
// it becomes the VM user with no capability, sees the host through its own mount namespace (a
// planted file and /root are not visible), reboots its guest, NIC included, under that same
// process, and refuses a disk path that gained a symlinked directory since its spec was started;
// nothing outside its directories changes (src/runtime/contain-process.ts, mount-confinement.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { lookUpUser, DEFAULT_VM_USER } from '../../src/runtime/vm-user.js';
import { kvmUnavailableReason, guest } from '../runtime/kvm-env.js';
import { alive, cleanUp, prepare, until, workDir } from './vm-process.js';

const bin = join(repoRoot, 'bin', 'tshyve.js');
const user = lookUpUser(DEFAULT_VM_USER);
const skipReason = kvmUnavailableReason() ?? (user ? undefined : `no ${DEFAULT_VM_USER} user (scripts/setup.sh creates it)`);
const netns = `tshyve-jail-${process.pid}`;
const HDR = 'apiVersion: tshyve.dev/v1alpha1';

function field(status: string, name: string): string | undefined {
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(status)?.[1];
}

function tshyve(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
}

function vmYaml(name: string, rom: string, extra: string): string {
  return `${HDR}\nkind: VirtualMachine\nmetadata: { name: ${name} }\nspec:\n  cpus: 1\n  memory: 32MiB\n  firmware: { bootrom: { image: ${guest(rom)} } }\n  testDevice: true\n${extra}`;
}

/** Every path under `dir` with its size and mtime, except under `skip` (the VM's own directory). */
function snapshot(dir: string, skip: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (skip.some((s) => p === s || p.startsWith(`${s}/`))) continue;
      const st = statSync(p, { throwIfNoEntry: false });
      out.push(`${relative(dir, p)} ${st?.size ?? '?'} ${st?.mtimeMs ?? '?'}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

describe.skipIf(skipReason !== undefined)('the VM process jail', () => {
  let specDir = '';
  let stateDir = '';
  beforeAll(() => {
    prepare('tshyve-jail-');
    execFileSync('ip', ['netns', 'add', netns]);
    specDir = join(workDir(), 'vms');
    stateDir = join(workDir(), 'state');
    mkdirSync(specDir, { recursive: true });
  }, 120_000);
  afterAll(() => {
    spawnSync('ip', ['netns', 'del', netns]);
    cleanUp();
  });

  it('runs as the VM user with no capability in its own mount namespace, and reboots its guest (NIC and disk) there', async () => {
    const planted = join(workDir(), 'planted-secret');
    writeFileSync(planted, 'only the host sees this\n');
    const disk = join(workDir(), 'disk.img');
    execFileSync('truncate', ['-s', '1M', disk]);
    const sockets = join(workDir(), 'sockets'); // a spec-named console socket: bound once, before the drop
    mkdirSync(sockets, { mode: 0o700 });
    const agentSocket = join(sockets, 'agent.sock');
    writeFileSync(
      join(specDir, 'net.yaml'),
      `${HDR}\nkind: Bridge\nmetadata: { name: lan }\nspec: { name: tshjailbr0 }\n---\n${HDR}\nkind: Tap\nmetadata: { name: t0 }\nspec: { name: tshjailtap0, bridge: lan }\n`,
    );
    writeFileSync(
      join(specDir, 'rebooter.yaml'),
      vmYaml(
        'rebooter',
        'reset',
        `  nics: [{ tap: t0 }]\n  disks: [{ path: ${disk} }]\n  consoles: [{ name: org.tshyve.agent, path: ${agentSocket} }]\n` +
          '  restartPolicy: { crashLoopRestarts: 1000 }\n',
      ),
    );
    const before = snapshot(workDir(), [join(stateDir, 'vms', 'rebooter'), sockets]);
    const apply = tshyve('apply', specDir, '--state-dir', stateDir, '--netns', netns);
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    const vmDir = join(stateDir, 'vms', 'rebooter');
    const status = () => JSON.parse(readFileSync(join(vmDir, 'status.json'), 'utf8')) as { pid: number };
    const pid = status().pid;
    try {
      // Rebooted at least twice, by the same process: every boot after the first reopened nothing.
      const vmmLog = () => readFileSync(join(vmDir, 'vmm.log'), 'utf8');
      await until('two reboots', () => ((vmmLog().match(/guest started/g) ?? []).length >= 3 ? true : undefined));
      expect(status().pid).toBe(pid);
      expect(alive(pid)).toBe(true);
      const log = vmmLog();
      expect(log).toMatch(/host resources: \d+ descriptors open for every boot of this process/);
      expect(log).toContain(`privilege drop: now ${user!.name} (uid ${user!.uid}, gid ${user!.gid}, no supplementary groups)`);
      expect(log).toMatch(/mount namespace: .*\/root.*\/tmp.* hidden; everything read-only except .*vms\/rebooter/);
      expect(log).not.toMatch(/cannot (start|write)/);

      let checked = 0;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        let s: string;
        try {
          s = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
        } catch {
          continue; // a thread of the boot that just ended (the guest reboots every few ms)
        }
        checked++;
        expect(field(s, 'Uid'), tid).toBe(`${user!.uid}\t${user!.uid}\t${user!.uid}\t${user!.uid}`);
        expect(field(s, 'Gid'), tid).toBe(`${user!.gid}\t${user!.gid}\t${user!.gid}\t${user!.gid}`);
        expect(field(s, 'CapEff'), tid).toBe('0000000000000000');
        expect(field(s, 'CapPrm'), tid).toBe('0000000000000000');
        expect(field(s, 'Groups'), tid).toBe('');
      }
      expect(checked).toBeGreaterThan(4);
      expect(readlinkSync(`/proc/${pid}/ns/mnt`)).not.toBe(readlinkSync('/proc/self/ns/mnt'));
      const root = `/proc/${pid}/root`;
      expect(statSync(join(root, planted), { throwIfNoEntry: false })).toBeUndefined();
      expect(statSync(join(root, disk), { throwIfNoEntry: false })).toBeUndefined(); // open, no longer reachable by name
      expect(readdirSync(join(root, 'root')).filter((e) => e !== '.tshyve-root')).toEqual([]);
      expect(statSync(join(root, sockets), { throwIfNoEntry: false })).toBeUndefined();
      // The console port's socket, bound by root before the drop, still takes connections after the reboots.
      expect(statSync(agentSocket).isSocket()).toBe(true);
      await new Promise<void>((resolve, reject) => {
        const c = connect(agentSocket, () => (c.end(), resolve()));
        c.on('error', reject);
      });
      expect(readdirSync(join(root, stateDir))).toEqual(['vms']); // no inventory, no other VM
      expect(readFileSync(join(root, vmDir, 'status.json'), 'utf8')).toContain('"phase"');
      // Its directory is the VM user's (it writes there); what root wrote stays root's.
      expect(statSync(join(vmDir, 'status.json')).uid).toBe(user!.uid);
      expect(statSync(join(vmDir, 'spec.json')).uid).toBe(0);
    } finally {
      process.kill(pid, 'SIGKILL');
      await until('the VM process to end', () => (alive(pid) ? undefined : true));
    }
    // None of its mounts reached the host's namespace (other work on this host may add its own there).
    const hostMounts = readFileSync('/proc/self/mountinfo', 'utf8');
    expect(hostMounts).not.toContain('tshyve-hidden');
    expect(hostMounts).not.toContain('.tshyve-root');
    expect(hostMounts).not.toContain(workDir());
    expect(readFileSync(planted, 'utf8')).toBe('only the host sees this\n');
    expect(snapshot(workDir(), [join(stateDir, 'vms', 'rebooter'), stateDir, specDir, sockets])).toEqual(
      before.filter((p) => !p.startsWith('state') && !p.startsWith('vms')),
    );
  }, 90_000);

  it('says in one line that it stays uid 0 when the VM user does not exist, and runs', async () => {
    const specs = join(workDir(), 'nouser-vms');
    const state = join(workDir(), 'nouser-state');
    mkdirSync(specs);
    writeFileSync(join(specs, 'nouser.yaml'), vmYaml('nouser', 'waiter', ''));
    const apply = spawnSync(process.execPath, [bin, 'apply', specs, '--state-dir', state], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, TSHYVE_VM_USER: 'tshyve-no-such-user' },
    });
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    const vmDir = join(state, 'vms', 'nouser');
    const pid = (JSON.parse(readFileSync(join(vmDir, 'status.json'), 'utf8')) as { pid: number }).pid;
    try {
      const log = readFileSync(join(vmDir, 'vmm.log'), 'utf8');
      expect(log).toContain(
        'privilege drop: user tshyve-no-such-user does not exist (scripts/setup.sh creates tshyve-vm; TSHYVE_VM_USER or --user names another): the VM process stays uid 0',
      );
      expect(log).toMatch(/capabilities: none \(bounding set empty\); still uid 0/);
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      expect(field(status, 'Uid')).toBe('0\t0\t0\t0');
      expect(field(status, 'CapEff')).toBe('0000000000000000');
      expect(readlinkSync(`/proc/${pid}/ns/mnt`)).not.toBe(readlinkSync('/proc/self/ns/mnt'));
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  }, 60_000);

  it('refuses a disk whose path gained a symlinked directory since its spec was started', async () => {
    const real = join(workDir(), 'images');
    const elsewhere = join(workDir(), 'elsewhere');
    mkdirSync(real);
    mkdirSync(elsewhere);
    execFileSync('truncate', ['-s', '1M', join(real, 'disk.img')]);
    execFileSync('truncate', ['-s', '1M', join(elsewhere, 'disk.img')]);
    const disk = join(real, 'disk.img');
    const specs = join(workDir(), 'swapped-vms');
    const state = join(workDir(), 'swapped-state');
    mkdirSync(specs);
    writeFileSync(join(specs, 'swapped.yaml'), vmYaml('swapped', 'hello', `  disks: [{ path: ${disk} }]\n  run: Once\n`));
    const apply = tshyve('apply', specs, '--state-dir', state);
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    const vmDir = join(state, 'vms', 'swapped');
    await until('the first run to end', () => (/guest exited/.test(readFileSync(join(vmDir, 'vmm.log'), 'utf8')) ? true : undefined));
    // The directory is swapped for a symlink to another one holding a disk of the same name.
    renameSync(real, `${real}.moved`);
    symlinkSync(elsewhere, real);
    const start = tshyve('start', 'swapped', '--state-dir', state);
    expect(start.status).not.toBe(0);
    const log = readFileSync(join(vmDir, 'vmm.log'), 'utf8');
    expect(log).toContain(
      `cannot start the VM: disk ${disk}: ${disk} now resolves to ${join(elsewhere, 'disk.img')} through a symlink that was not in the path when this spec was started: refused`,
    );
    expect(log.match(/guest started/g)!.length).toBe(1);
  }, 90_000);
});
