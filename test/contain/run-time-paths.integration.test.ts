// The run-time half of path confinement in a real VM process: a FIFO as a disk is refused (the open
// does not hang), a regular file at a console port's socket path is left as it was, and a symlink
// that points into a system location by the time the VM starts is refused (src/runtime/run-time-paths.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveForRun } from '../../src/runtime/run-time-paths.js';
import { kvmUnavailableReason } from '../runtime/kvm-env.js';
import { cleanUp, prepare, runToEnd, vmYaml, workDir } from './vm-process.js';

const skipReason = kvmUnavailableReason();

describe.skipIf(skipReason !== undefined)('run-time path checks in a VM process', () => {
  beforeAll(() => prepare('tshyve-paths-'), 120_000);
  afterAll(cleanUp);

  it('refuses a FIFO as a disk', async () => {
    const fifo = join(workDir(), 'disk.fifo');
    execFileSync('mkfifo', [fifo]);
    const log = await runToEnd(
      'fifo-disk',
      vmYaml('fifo-disk', 'hello', `  disks: [{ path: ${fifo} }]\n`),
      {},
      /cannot start the VM|guest exited/,
    );
    expect(log).toMatch(new RegExp(`cannot start the VM: .*disk ${fifo} is a FIFO: only a regular file or a block device can be used`));
  }, 60_000);

  it('leaves a regular file at a console socket path as it was', async () => {
    const victim = join(workDir(), 'authorized_keys');
    writeFileSync(victim, 'ssh-ed25519 AAAA precious\n');
    const yaml = vmYaml('console-victim', 'hello', `  consoles: [{ name: org.tshyve.agent, path: ${victim} }]\n`);
    const log = await runToEnd('console-victim', yaml, {}, /cannot start the VM|guest exited/);
    expect(log).toMatch(new RegExp(`console socket path ${victim} exists and is not a socket: tshyve will not replace it`));
    expect(readFileSync(victim, 'utf8')).toBe('ssh-ed25519 AAAA precious\n');
  }, 60_000);

  it('resolves symlinks again as the VM starts and refuses one that now points into /etc', () => {
    const image = join(workDir(), 'ok.img');
    writeFileSync(image, Buffer.alloc(4096));
    const link = join(workDir(), 'disk-link.img');
    symlinkSync(image, link);
    expect(resolveForRun(link, 'write', 'disk')).toBe(image);
    const bad = join(workDir(), 'bad-link.img');
    symlinkSync('/etc/passwd', bad);
    expect(() => resolveForRun(bad, 'write', 'disk')).toThrow(
      /disk: .*bad-link.img \(a symlink to \/etc\/passwd\) is inside \/etc, a system location tshyve will not write to \(checked again as the VM starts\)/,
    );
  });
});
