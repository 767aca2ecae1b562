// A VM snapshot taken while SeaBIOS boots (docs/vm-snapshots.md), through the CLI a user drives:
// `tshyve start` boots the GRUB disk of the grub-boot tests through SeaBIOS on virtio-blk, `tshyve
// snapshot NAME --stop` suspends it as soon as SeaBIOS's banner shows on COM1 (before GRUB runs),
// the process ends, and `tshyve restore NAME` resumes it in a new process: GRUB then prints the
// payload's sha256 read from ext2, saves grubenv and powers off, and the disk ends byte for byte as
// after a cold boot of the same image (run alongside, in this process). A second VM is suspended
// earlier, at the first line of SeaBIOS's debug log (in POST, before anything on COM1).
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
let coldImage = '';

const tshyve = (...args: string[]) => runTshyve(...args, '--state-dir', stateDir);
const com1 = (name: string) => tshyve('logs', name).stdout;
const firmwareTail = (name: string) => tshyve('logs', name, '--firmware').stdout.trimEnd().split('\n').slice(-3);
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
    const coldDisk = grubDisk(work, 'cold.img');
    const cold = bootGrub(work, { disks: [{ path: coldDisk, slot: 4 }] }, 400_000);
    const disk = await snapshotMidBoot('grub', `"${BANNER}" on com1`, () => com1('grub').includes(BANNER));
    const coldBoot = await cold;
    expectGrubDiskBoot(coldBoot, coldDisk);
    expect(sha256File(disk)).toBe(sha256File(coldDisk)); // the disk ends as after a cold boot
    coldImage = coldDisk;
  }, 900_000);

  it('suspended earlier, at the first line of the SeaBIOS debug log (its POST under way), the same', async () => {
    expect(coldImage, 'the cold boot of the first test').not.toBe('');
    const early = 'grub-early';
    const disk = await snapshotMidBoot(early, 'the first line of the firmware log', () => firmwareTail(early).join('').length > 0);
    expect(sha256File(disk)).toBe(sha256File(coldImage));
  }, 900_000);
});

/** Boots VM `name` from a fresh GRUB disk, suspends it once `marker` holds, restores it; checks GRUB's run and returns the disk. */
async function snapshotMidBoot(name: string, marker: string, seen: () => boolean): Promise<string> {
  const disk = grubDisk(work, `${name}.img`);

  writeFileSync(
    join(work, `${name}.yaml`),
    `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: ${name} }
spec:
  cpus: 1
  memory: 256MiB
  firmware: { bootrom: { image: ${BIOS} } }
  disks: [{ path: ${disk}, slot: "4" }]
  stopTimeout: 2s
  autostart: { enabled: false }
`,
  );
  expect(tshyve('apply', join(work, `${name}.yaml`)).status).toBe(0);
  const started = tshyve('start', name);
  expect(started.status, started.stderr).toBe(0);
  await until(marker, seen, 200_000);
  const snap = tshyve('snapshot', name, '--stop', '--json');
  expect(snap.status, snap.stderr).toBe(0);
  const taken = JSON.parse(snap.stdout) as { file: string; fileBytes: number; pauseMs: number; refused: string[] };
  await until(
    'the VM process to end',
    async () => (await observeVms(stateDir)).find((v) => v.name === name && !v.alive && v.status.phase === 'stopped'),
    60_000,
  );
  const before = com1(name);
  const hash = sha256File(join(guestCache, 'grub-payload.txt'));
  console.log(
    `${name}: snapshot at ${marker}: ${taken.fileBytes} bytes, paused ${taken.pauseMs} ms, refused ${JSON.stringify(taken.refused)}; ` +
      `com1 then: ${JSON.stringify(before.slice(-160))}; SeaBIOS's debug log ended: ${JSON.stringify(firmwareTail(name))}`,
  );
  expect(flatSerial(before)).not.toContain(hash); // taken before GRUB printed it
  expect(before).not.toContain('TSHYVE-GRUB-SAVED');

  const restored = tshyve('restore', name);
  expect(restored.status, restored.stderr).toBe(0);
  const ended = await until(
    'the restored guest to power off',
    async () => (await observeVms(stateDir)).find((v) => v.name === name && !v.alive && v.status.phase === 'stopped'),
    400_000,
  );
  const after = com1(name);
  console.log(`restored VM ended: ${ended.status.message}`);
  expect(after.startsWith(before)).toBe(true); // the scrollback, then what the resumed guest printed
  const resumed = after.slice(before.length);
  // Resumed, not booted again: the banner once in all (before the snapshot or after it, by where it was taken).
  expect(after.split(BANNER).length - 1).toBe(1);
  expect(resumed.length).toBeGreaterThan(0);
  expect(ended.status.message).toContain('restored from the snapshot'); // no cold-boot fallback
  expect(flatSerial(after)).toContain(`${hash}(hd0,msdos1)/payload.txt`);
  expect(after).toContain('TSHYVE-GRUB-SAVED');
  expect(grubenv(disk)).toContain('tshyve_marker=grub-was-here');

  return disk;
}
