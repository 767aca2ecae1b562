// `tshyve ssh` end to end: a real sshd (Debian openssh-server) runs in a "guest" network namespace
// at the address a dnsmasq lease file names for the VM's MAC; the VM is recorded as applied in a
// "host" namespace, so ssh (and `wait --for ssh`) run there. Also its errors: unknown VM, no address
// yet, no ssh binary; a changed host key; Ctrl-C.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { BRIDGE_YAML, DHCP_BRIDGE_YAML, declare, leaseLine, resolveVms, writeLeases } from './guest-fixture.js';

const SSHD = '/usr/sbin/sshd';
const skipReason =
  process.getuid?.() !== 0
    ? 'needs root (network namespaces, sshd)'
    : !existsSync(SSHD)
      ? `${SSHD} missing (Debian openssh-server; scripts/setup.sh installs it)`
      : !existsSync('/usr/bin/ssh')
        ? 'ssh missing (Debian openssh-client)'
        : undefined;
if (skipReason) console.log(`tshyve ssh tests skipped: ${skipReason}`);

const bin = join(repoRoot, 'bin', 'tshyve.js');
const tag = `${process.pid % 100000}`;
const hostNs = `tshssh-h${tag}`;
const guestNs = `tshssh-g${tag}`;
const GUEST_IP = '10.98.0.2';
let work: string;
let stateDir: string;
let key: string;
let sshd: ChildProcess | undefined;

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

function tshyve(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves once the guest's port 22 answers from the host namespace. */
async function sshdListening(timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = spawnSync('ip', ['netns', 'exec', hostNs, 'bash', '-c', `exec 3<>/dev/tcp/${GUEST_IP}/22 && head -c 8 <&3`], {
      encoding: 'utf8',
      timeout: 3000,
    });
    if (probe.stdout.startsWith('SSH-2.0')) return;
    if (Date.now() > deadline) throw new Error(`sshd did not answer at ${GUEST_IP}:22: ${probe.stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(skipReason !== undefined)('tshyve ssh', () => {
  beforeAll(async () => {
    execFileSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
    work = mkdtempSync(join(tmpdir(), 'tshyve-ssh-'));
    stateDir = join(work, 'state');
    ip('netns', 'add', hostNs);
    ip('netns', 'add', guestNs);
    ip('-n', hostNs, 'link', 'add', 'vh0', 'type', 'veth', 'peer', 'name', 'vg0', 'netns', guestNs);
    ip('-n', hostNs, 'addr', 'add', '10.98.0.1/24', 'dev', 'vh0');
    ip('-n', guestNs, 'addr', 'add', `${GUEST_IP}/24`, 'dev', 'vg0');
    for (const [ns, dev] of [
      [hostNs, 'vh0'],
      [guestNs, 'vg0'],
    ] as const) {
      ip('-n', ns, 'link', 'set', dev, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    key = join(work, 'client_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(work, 'host_key')]);
    writeFileSync(join(work, 'authorized_keys'), readFileSync(`${key}.pub`), { mode: 0o600 });
    const config = join(work, 'sshd_config');
    writeFileSync(
      config,
      [
        `ListenAddress ${GUEST_IP}:22`,
        `HostKey ${join(work, 'host_key')}`,
        `AuthorizedKeysFile ${join(work, 'authorized_keys')}`,
        `PidFile ${join(work, 'sshd.pid')}`,
        'StrictModes no',
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        '',
      ].join('\n'),
    );
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation directory
    sshd = spawn('ip', ['netns', 'exec', guestNs, SSHD, '-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    await sshdListening();
    const vms = resolveVms(`${DHCP_BRIDGE_YAML}---
apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: web }
spec:
  cpus: 1
  memory: 32MiB
  firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }
  nics: [{ bridge: lan }]
  cloudInit: { users: [{ name: root }] }
`);
    await declare(stateDir, vms, hostNs);
    writeLeases(stateDir, 'lan', [leaseLine(vms[0]!.nics[0]!.mac, GUEST_IP, 3600, 'web')]);
  }, 120_000);

  afterAll(() => {
    if (sshd?.pid) sshd.kill('SIGTERM');
    for (const ns of [hostNs, guestNs]) spawnSync('ip', ['netns', 'del', ns]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('runs a command on the guest as cloudInit.users[0], with its own known_hosts (0600)', () => {
    const r = tshyve(['ssh', 'web', '--state-dir', stateDir, '--identity', key, '--', 'echo', 'hi']);
    expect(r.stderr).not.toMatch(/tshyve ssh:/);
    expect(r.stdout).toBe('hi\n');
    expect(r.status).toBe(0);
    const knownHosts = join(stateDir, 'vms', 'web', 'known_hosts');
    expect(statSync(knownHosts).mode & 0o777).toBe(0o600);
    const hostKey = readFileSync(join(work, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    expect(readFileSync(knownHosts, 'utf8')).toContain(hostKey);
    expect(spawnSync('ssh-keygen', ['-F', GUEST_IP, '-f', knownHosts]).status).toBe(0);
    const personal = join(homedir(), '.ssh', 'known_hosts');
    if (existsSync(personal)) expect(spawnSync('ssh-keygen', ['-F', GUEST_IP, '-f', personal]).status).not.toBe(0);
    // The second time the recorded key is checked (accept-new accepts only unknown hosts).
    expect(tshyve(['ssh', 'web', '--state-dir', stateDir, '-i', key, '--', 'id', '-un']).stdout).toBe('root\n');
  });

  it('wait --for ssh probes from the namespace the VM was applied in', () => {
    const r = tshyve(['wait', 'web', '--for', 'ssh', '--timeout', '20s', '--state-dir', stateDir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^web: ssh: 10\.98\.0\.2:22 answers SSH-2\.0-OpenSSH_\S+/);
    // Not reachable from this (the machine's own) namespace: the probe really ran in the VM's.
    const here = spawnSync('bash', ['-c', `exec 3<>/dev/tcp/${GUEST_IP}/22 && timeout 2 head -c 8 <&3`], {
      encoding: 'utf8',
      timeout: 5000,
    });
    expect(here.stdout ?? '').not.toContain('SSH-2.0');
  });

  it("propagates the remote command's exit code", () => {
    expect(tshyve(['ssh', 'web', '--state-dir', stateDir, '-i', key, '--', 'exit', '7']).status).toBe(7);
  });

  it('Ctrl-C goes to ssh (the whole foreground group gets SIGINT): tshyve survives it and exits with what ssh did', async () => {
    const child = spawn(process.execPath, [bin, 'ssh', 'web', '--state-dir', stateDir, '-i', key, '--', 'sleep', '30'], {
      detached: true, // its own process group, as a terminal's foreground job
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.on('exit', (code, signal) => r({ code, signal })),
    );
    await new Promise((r) => setTimeout(r, 2000)); // connected and sleeping remotely
    const t0 = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    const { code, signal } = await exited;
    expect(signal).toBeNull(); // tshyve itself was not killed by the interrupt
    expect([130, 255]).toContain(code); // ssh died of SIGINT (128+2) or reported it (255)
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('refuses a changed host key (a re-provisioned guest needs its known_hosts cleared, ~/.ssh is never touched)', () => {
    const knownHosts = join(stateDir, 'vms', 'web', 'known_hosts');
    const saved = readFileSync(knownHosts);
    writeFileSync(knownHosts, `${GUEST_IP} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKz6YqB8lI0pqVnHcA3n9XgC5zOq6lH2Yx5m3c1y2Vb0\n`);
    const r = tshyve(['ssh', 'web', '--state-dir', stateDir, '-i', key, '--', 'echo', 'hi']);
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(/HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    writeFileSync(knownHosts, saved);
  });

  it('says what is wrong: unknown VM, no address yet, no ssh binary', () => {
    const unknown = tshyve(['ssh', 'nosuch', '--state-dir', stateDir]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no VM named nosuch has been applied/);
    const empty = join(work, 'state-empty');
    const [web] = resolveVms(`${BRIDGE_YAML}---
apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: web }
spec: { cpus: 1, memory: 32MiB, firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }, nics: [{ bridge: lan }] }
`);
    return declare(empty, [web!]).then(() => {
      const noAddress = tshyve(['ssh', 'web', '--state-dir', empty]);
      expect(noAddress.status).toBe(1);
      expect(noAddress.stderr).toMatch(/web has no address yet .*try `tshyve wait web --for ssh`/);
      const noSsh = tshyve(['ssh', 'web', '--state-dir', stateDir], { ...process.env, PATH: join(work, 'empty-path') });
      expect(noSsh.status).toBe(1);
      expect(noSsh.stderr).toMatch(/no ssh binary on PATH/);
    });
  });
});
