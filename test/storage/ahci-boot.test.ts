// SeaBIOS boots GRUB through tshyve's AHCI HBA (AHCI 1.3.1, SeaBIOS's ahci driver): from an ahci-hd
// disk (GRUB prints a file's sha256 read from ext2, writes grubenv through AHCI, halts) and from an
// El Torito ISO made by grub-mkrescue on ahci-cd (GRUB prints the sha256 of a file on the ISO).
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NativeAhciConfig } from '../../src/runtime/native.js';
import {
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
const cdSkipReason = grubBootSkipReason(true);

// ~40 s on an idle PVM host; several times that when other emulated guests share the CPUs.
const boot = (dir: string, ports: NativeAhciConfig['ports']) =>
  bootGrub(dir, { ahci: [{ slot: 4, ports: ports.map((p) => ({ ...p, serial: 'tshyve-ahci', model: 'TSHYVE AHCI TEST' })) }] }, 420_000);

describe('boot from AHCI', () => {
  let dir = '';
  beforeAll(() => {
    if (!skipReason) dir = prepareGrubFixtures(!cdSkipReason);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('SeaBIOS -> GRUB from ahci-hd reads ext2, prints the sha256, saves grubenv, halts with status 1', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const disk = grubDisk(dir);
    const b = await boot(dir, [{ kind: 'hd', path: disk }]);
    console.log(`grub boot from ahci-hd under tshyve: ${b.seconds.toFixed(1)} s, exit ${b.status}`);
    expect(b.log).toMatch(/AHCI controller at 00:04\.0/);
    expect(b.log).toMatch(/AHCI\/0: registering: "AHCI\/0: TSHYVE AHCI TEST ATA-\d+ Hard-Disk/);
    expectGrubDiskBoot(b, disk);
  }, 450_000);

  it('SeaBIOS -> El Torito ISO (grub-mkrescue) on ahci-cd: GRUB prints the sha256 of a file on the ISO', async (ctx) => {
    if (cdSkipReason) return ctx.skip(cdSkipReason);
    // A copy: the VMM opens no path with a symlink in it, and the cache may be one.
    const iso = join(dir, 'grub-cd.iso');
    copyFileSync(join(guestCache, 'grub-cd.iso'), iso);
    const before = sha256File(iso);
    // Two ports on one controller, as for an install: a blank disk on port 0 (SeaBIOS tries hard disks
    // first, finds no boot sector, falls through) and the ISO on port 1.
    const blank = join(dir, 'blank.img');
    writeFileSync(blank, Buffer.alloc(4 << 20));
    const { serial, status, seconds, log, stats } = await boot(dir, [
      { kind: 'hd', path: blank },
      { kind: 'cd', path: iso, readOnly: true },
    ]);
    console.log(`grub boot from ahci-cd under tshyve: ${seconds.toFixed(1)} s, exit ${status}`);
    expect(log).toMatch(/AHCI\/0: registering: "AHCI\/0: TSHYVE AHCI TEST ATA-\d+ Hard-Disk/);
    expect(log).toMatch(/AHCI\/1: registering: "DVD\/CD \[AHCI\/1: TSHYVE AHCI TEST ATAPI-\d+ DVD\/CD\]/);
    expect(serial).toMatch(/Booting from Hard Disk[\s\S]*Boot failed[\s\S]*Booting from DVD\/CD/);
    expect(serial).toContain('TSHYVE-GRUB-CD-START');
    expect(flatSerial(serial)).toContain(sha256File(join(guestCache, 'grub-cd-payload.txt')));
    expect(serial).toContain('TSHYVE-GRUB-CD-DONE');
    expect(status).toBe(1);
    expect(sha256File(iso)).toBe(before);
    // The CD-ROM's counters saw GRUB's reads; the blank disk only SeaBIOS's boot-sector read.
    expect(stats.disks.find((d) => d.path === iso)?.readBytes).toBeGreaterThan(64 * 1024);
    expect(stats.disks.find((d) => d.path === blank)?.writeRequests).toBe(0);
  }, 450_000);
});
