// SeaBIOS boots a GRUB disk from an NVMe namespace under tshyve (NVM Express 1.4 through SeaBIOS's
// nvme driver): GRUB prints the sha256 of a file it read from ext2, writes grubenv, and halts (exit 1).
import { rmSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootGrub, expectGrubDiskBoot, grubBootSkipReason, grubDisk, prepareGrubFixtures } from '../support/grub-boot.js';

const skipReason = grubBootSkipReason();

describe('boot from nvme', () => {
  let dir = '';
  beforeAll(() => {
    if (!skipReason) dir = prepareGrubFixtures();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('SeaBIOS -> GRUB reads ext2 from the NVMe namespace, prints the sha256, saves grubenv, halts with status 1', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const disk = grubDisk(dir);
    const nvme = [{ path: disk, slot: 4, serial: 'grub-nvme', maxQueues: 4, queueSize: 64, ioSlots: 4 }];
    // GRUB under PVM slows down a lot on a loaded host.
    const boot = await bootGrub(dir, { nvme }, 400_000);
    console.log(`grub boot from nvme under tshyve: ${boot.seconds.toFixed(1)} s, exit ${boot.status}`);
    // SeaBIOS found the controller (bhyve's PCI IDs) and made a drive of its namespace's size.
    expect(boot.log).toMatch(/PCI: init bdf=00:04\.0 id=fb5d:0a0a/);
    expect(boot.log).toContain(`s=${statSync(disk).size / 512}\n`);
    expectGrubDiskBoot(boot, disk);
  }, 450_000);
});
