// A grub-bhyve guest (the bhyve.tshyve.dev/grub-root annotation, firmware.linux naming the kernel on
// its disk) run by `tshyve run` on the KVM backend: SeaBIOS boots the disk and the guest's own GRUB
// runs its script (the payload's sha256, grubenv), as grub-bhyve would load its kernel on FreeBSD.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { expectGrubDiskScript, grubBootSkipReason, grubDisk, prepareGrubFixtures } from '../support/grub-boot.js';

const skipReason = grubBootSkipReason();

function tshyveRun(file: string, stateDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'tshyve.js'), 'run', file, '--state-dir', stateDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('a grub-bhyve guest on the KVM backend', () => {
  let dir = '';
  beforeAll(() => {
    if (!skipReason) dir = prepareGrubFixtures();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('validate and plan accept the kernel path on the guest disk; run boots the disk and GRUB runs its script', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const disk = grubDisk(dir);
    const file = join(dir, 'guest.yaml');
    writeFileSync(
      file,
      'apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\n' +
        'metadata: { name: grubguest, annotations: { bhyve.tshyve.dev/grub-root: "hd0,msdos1" } }\n' +
        'spec:\n  cpus: 1\n  memory: 128MiB\n  run: Once\n' +
        '  firmware: { linux: { kernel: /boot/vmlinuz-guest, initrd: /boot/initrd-guest, cmdline: console=ttyS0 } }\n' +
        `  disks: [{ path: ${disk} }]\n`,
    );
    const r = await tshyveRun(file, join(dir, 'state'));
    expect(r.stderr).not.toMatch(/does not exist on this host/);
    expect(r.stderr).toContain('tshyve: grubguest exited: poweroff (1)');
    expect(r.stdout).toContain('Booting from Hard Disk');
    expectGrubDiskScript(r.stdout, disk);
  }, 450_000);
});
