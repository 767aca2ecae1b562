// SeaBIOS boots a GRUB disk from virtio-blk under tshyve (virtio 1.2 §5.2 through SeaBIOS's virtio
// driver): GRUB prints the sha256 of a file it read from ext2, writes grubenv, and halts (exit 1).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootGrub, expectGrubDiskBoot, grubBootSkipReason, grubDisk, prepareGrubFixtures } from '../support/grub-boot.js';

const skipReason = grubBootSkipReason();

describe('boot from virtio-blk', () => {
  let dir = '';
  beforeAll(() => {
    if (!skipReason) dir = prepareGrubFixtures();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('SeaBIOS -> GRUB reads ext2, prints the sha256, saves grubenv, halts with status 1', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const disk = grubDisk(dir);
    const boot = await bootGrub(dir, { disks: [{ path: disk, slot: 4, serial: 'grub-disk' }] }, 150_000);
    console.log(`grub boot under tshyve: ${boot.seconds.toFixed(1)} s, exit ${boot.status}`);
    expect(boot.log).toMatch(/found virtio-blk at 00:04\.0/);
    expectGrubDiskBoot(boot, disk);
  }, 200_000);
});
