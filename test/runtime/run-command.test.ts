// `tshyve run FILE`: a spec file whose bootrom is a micro guest runs in the foreground with com1 on
// stdout, and the process exit code is the guest's bhyve(8) status; errors come before any VM exists.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { formatCommandLine } from '../../src/host/shell-quote.js';
import { guest, kvmUnavailableReason, prepareNative } from './kvm-env.js';

const dir = mkdtempSync(join(tmpdir(), 'tshyve-run-'));

function spec(rom: string, memory = '64MiB'): string {
  return `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata:
  name: micro
spec:
  cpus: 1
  memory: ${memory}
  firmware:
    bootrom:
      image: ${rom}
  serial:
    com1: { mode: stdio }
  testDevice: true
`;
}

function tshyveRun(file: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const code = `import('./src/cli/run.ts').then((m) => m.runCommand(${JSON.stringify([file, ...args])})).then((c) => { process.exitCode = c; }, (e) => { console.error(e.code + ': ' + e.message); process.exitCode = 99; })`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: repoRoot, encoding: 'latin1', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tshyve run', () => {
  const skipReason = kvmUnavailableReason();
  beforeAll(() => {
    if (!skipReason) prepareNative();
  });

  it('runs the VM of a spec file with com1 on stdout and exits with its status', (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const file = join(dir, 'micro.yaml');
    writeFileSync(file, spec(guest('hello')));
    const r = tshyveRun(file);
    expect(r.stdout).toContain('Hello from a tshyve micro guest');
    expect(r.stderr).toContain('micro exited: poweroff (1)');
    expect(r.status).toBe(1);
  });

  it('refuses a firmware image of the wrong size before creating the VM', () => {
    const rom = join(dir, 'odd.rom');
    writeFileSync(rom, Buffer.alloc(1000));
    const file = join(dir, 'odd.yaml');
    writeFileSync(file, spec(rom));
    const r = tshyveRun(file);
    if (skipReason) expect(r.stderr).toContain('TSHYVE_KVM_UNAVAILABLE');
    else expect(r.stderr).toContain('TSHYVE_FIRMWARE_INVALID');
    expect(r.status).toBe(99);
  });

  it('refuses a device the KVM backend cannot run (virtio-scsi) before anything starts or is written', () => {
    const disk = join(dir, 'disk.img');
    writeFileSync(disk, Buffer.alloc(1 << 20));
    const file = join(dir, 'scsi.yaml');
    writeFileSync(file, `${spec(guest('hello'))}  disks:\n    - { path: ${disk}, device: virtio-scsi }\n`);
    const stateDir = join(dir, 'state-scsi');
    const r = tshyveRun(file, '--state-dir', stateDir);
    expect(r.stderr).toMatch(
      /TSHYVE_UNSUPPORTED: \S*scsi\.yaml:4:9: vm micro cannot run here: spec\.disks\[0\]\.device: disk device virtio-scsi is not supported by the KVM backend/,
    );
    expect(r.stdout).toBe('');
    expect(existsSync(stateDir)).toBe(false);
    expect(r.status).toBe(99);
  });

  it('quitting with Ctrl-] on a terminal says the VM was stopped by you and exits 0', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const file = join(dir, 'waiter.yaml');
    writeFileSync(file, spec(guest('waiter')).replace('name: micro', 'name: waiter'));
    const code = `import('./src/cli/run.ts').then((m) => m.runCommand(${JSON.stringify([file, '--state-dir', join(dir, 'state-waiter')])})).then((c) => { process.exitCode = c; })`;
    // script(1) gives the CLI a pseudo-terminal, as a user's shell would.
    const child = spawn('script', ['-qec', formatCommandLine([process.execPath, '--import', 'tsx', '-e', code]), '/dev/null'], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let quitter: NodeJS.Timeout | undefined;
    child.stdin.on('error', () => {
      /* the pty is gone once the CLI exits */
    });
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('latin1');
      // Pressed until it is read: the terminal goes raw a moment after the guest's first words.
      if (!quitter && out.includes('waiter ready')) quitter = setInterval(() => child.stdin.write('\x1d'), 200);
    });
    const status = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    clearInterval(quitter);
    expect(out).toContain('tshyve: waiter detached (VM stopped by you)');
    expect(out).not.toContain('error (4)');
    expect(status).toBe(0);
  });
});
