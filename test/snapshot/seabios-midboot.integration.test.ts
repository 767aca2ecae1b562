// A VM snapshot taken while SeaBIOS boots (docs/vm-snapshots.md), through the CLI a user drives:
// `tshyve start` boots the GRUB disk of the grub-boot tests through SeaBIOS on virtio-blk, `tshyve
// snapshot NAME --stop` suspends it as soon as SeaBIOS's banner shows on COM1 (before GRUB runs),
// the process ends, and `tshyve restore NAME` resumes it in a new process: GRUB then prints the
// payload's sha256 read from ext2, saves grubenv and powers off, and the disk ends byte for byte as
// after a cold boot of the same image (run alongside, in this process).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeVms } from '../../src/supervise/observe-vms.js';
import { endCliWork, prepareCli, runTshyve, until } from '../support/cli-vm.js';
import {
  BIOS,
  bootGrub,
  expectGrubDiskBoot,
  flatSerial,
  grubBootSkipReason,
  grubDisk,
  guestCache,
  prepareGrubFixtures,
  sha256File,
} from '../support/grub-boot.js';

const skipReason = grubBootSkipReason();
const BANNER = 'SeaBIOS (version'; // the first text SeaBIOS prints on COM1 (its console mirror, etc/sercon-port)
const PARTITION_OFFSET = 2048 * 512;
let work = '';
let stateDir = '';

const tshyve = (...args: string[]) => runTshyve(...args, '--state-dir', stateDir);
const com1 = () => tshyve('logs', 'grub').stdout;
const firmwareTail = () => tshyve('logs', 'grub', '--firmware').stdout.trimEnd().split('\n').slice(-3);
/** grubenv as read back from the image's ext2 partition with debugfs. */
const grubenv = (disk: string) => {
  writeFileSync(`${disk}.fs`, readFileSync(disk).subarray(PARTITION_OFFSET));
  return execFileSync('debugfs', ['-R', 'cat /grubenv', `${disk}.fs`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
};

describe.skipIf(skipReason !== undefined)('SeaBIOS mid-boot snapshot', () => {
  beforeAll(() => {
    work = prepareGrubFixtures();
    prepareCli();
    stateDir = join(work, 'state');
  });
  afterAll(() => endCliWork(stateDir, work));

  it('suspended at the SeaBIOS banner and restored in a new process, GRUB prints the sha256 and saves grubenv as in a cold boot', async () => {
    const disk = grubDisk(work, 'snap.img');
    const coldDisk = grubDisk(work, 'cold.img');
    const cold = bootGrub(work, { disks: [{ path: coldDisk, slot: 4 }] }, 400_000);

    writeFileSync(
      join(work, 'grub.yaml'),
      `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: grub }
spec:
  cpus: 1
  memory: 256MiB
  firmware: { bootrom: { image: ${BIOS} } }
  disks: [{ path: ${disk}, slot: "4" }]
  stopTimeout: 2s
  autostart: { enabled: false }
`,
    );
    expect(tshyve('apply', join(work, 'grub.yaml')).status).toBe(0);
    const started = tshyve('start', 'grub');
    expect(started.status, started.stderr).toBe(0);
    await until('the SeaBIOS banner on com1', () => com1().includes(BANNER), 200_000);
    const snap = tshyve('snapshot', 'grub', '--stop', '--json');
    expect(snap.status, snap.stderr).toBe(0);
    const taken = JSON.parse(snap.stdout) as { file: string; fileBytes: number; pauseMs: number; refused: string[] };
    await until(
      'the VM process to end',
      async () => (await observeVms(stateDir)).find((v) => v.name === 'grub' && !v.alive && v.status.phase === 'stopped'),
      60_000,
    );
    const before = com1();
    const hash = sha256File(join(guestCache, 'grub-payload.txt'));
    console.log(
      `snapshot at "${BANNER}": ${taken.fileBytes} bytes, paused ${taken.pauseMs} ms, refused ${JSON.stringify(taken.refused)}; ` +
        `com1 then: ${JSON.stringify(before.slice(-160))}; SeaBIOS's debug log ended: ${JSON.stringify(firmwareTail())}`,
    );
    expect(flatSerial(before)).not.toContain(hash); // taken before GRUB printed it
    expect(before).not.toContain('TSHYVE-GRUB-SAVED');

    const restored = tshyve('restore', 'grub');
    expect(restored.status, restored.stderr).toBe(0);
    const ended = await until(
      'the restored guest to power off',
      async () => (await observeVms(stateDir)).find((v) => v.name === 'grub' && !v.alive && v.status.phase === 'stopped'),
      400_000,
    );
    const after = com1();
    console.log(`restored VM ended: ${ended.status.message}`);
    expect(after.startsWith(before)).toBe(true); // the scrollback, then what the resumed guest printed
    const resumed = after.slice(before.length);
    expect(resumed).not.toContain(BANNER); // resumed, not booted again
    expect(flatSerial(after)).toContain(`${hash}(hd0,msdos1)/payload.txt`);
    expect(after).toContain('TSHYVE-GRUB-SAVED');
    expect(grubenv(disk)).toContain('tshyve_marker=grub-was-here');

    const coldBoot = await cold;
    expectGrubDiskBoot(coldBoot, coldDisk);
    expect(sha256File(disk)).toBe(sha256File(coldDisk)); // the disk ends as after a cold boot
  }, 900_000);
});
