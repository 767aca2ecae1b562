// Snapshots of a VM with AHCI and NVMe controllers on the real /dev/kvm (docs/vm-snapshots.md):
// SeaBIOS boots GRUB from an AHCI disk, beside a blank NVMe namespace SeaBIOS probed; the VM is
// snapshotted (and ends) as GRUB starts its script, and a new process restored from the file goes
// on: GRUB reads the payload through the restored AHCI controller, prints its sha256, writes
// grubenv through it and halts, without booting again.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatSerial, grubBootSkipReason, grubDisk, guestCache, prepareGrubFixtures, sha256File } from '../support/grub-boot.js';
import { runChild } from './counter-child.js';

const script = join(import.meta.dirname, 'storage-vm.ts');
const skipReason = grubBootSkipReason();
const PARTITION_OFFSET = 2048 * 512; // scripts/build-fixtures.sh puts the ext2 partition at 1 MiB

interface DiskCounters {
  path: string;
  readRequests: number;
  writeRequests: number;
  errors: number;
}

/** The device sections of a snapshot file (docs/vm-snapshots.md, file format version 1), by id. */
function deviceSections(file: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (let at = file.readUInt32LE(12); at + 16 <= file.length;) {
    const type = file.readUInt32LE(at);
    const id = file.readUInt32LE(at + 4);
    const len = Number(file.readBigUInt64LE(at + 8));
    if (type === 0) break;
    if (type === 0x40) out.set(id, file.subarray(at + 16, at + 16 + len));
    at += 16 + len;
  }
  return out;
}

describe('snapshot of a VM with AHCI and NVMe controllers', () => {
  let dir = '';
  beforeAll(() => {
    if (!skipReason) dir = prepareGrubFixtures();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('GRUB, snapshotted as its script starts, reads and writes the AHCI disk after a restore in a new process', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const disk = grubDisk(dir);
    writeFileSync(join(dir, 'nvme.img'), Buffer.alloc(4 << 20));
    const snap = join(dir, 'vm.snapshot');
    // Up to GRUB's script: ~40 s on an idle PVM host, several times that when other guests share the CPUs.
    const first = runChild(['run', snap, dir], {}, script);
    await first.waitFor((c) => c.reports().some((r) => 'exited' in r || 'error' in r), 400_000);
    const error = first.reports().find((r) => r.error);
    expect(error, JSON.stringify(error)).toBeUndefined();
    const taken = first.reports().find((r) => r.snapshot)!.snapshot as { fileBytes: number; pauseMs: number; refused: string[] };
    console.log(`snapshot of SeaBIOS+GRUB with ahci and nvme: ${taken.fileBytes} bytes, paused ${taken.pauseMs.toFixed(1)} ms`);
    expect(first.reports().find((r) => 'exited' in r)!.exited).toBe(1); // the stop
    expect(first.stdout()).toContain('TSHYVE-GRUB-START');
    expect(first.stdout()).not.toContain('TSHYVE-GRUB-SAVED');
    expect(statSync(snap).size).toBe(taken.fileBytes);
    expect(readFileSync(join(dir, 'seabios-run.log'), 'latin1')).toMatch(/AHCI controller at 00:04\.0/);
    // Both controllers were in use when the snapshot was taken (section layouts: docs/vm-snapshots.md).
    const sections = deviceSections(readFileSync(snap));
    const ahci = sections.get(0x200 + 4 * 8)!;
    const configEnd = 12 + ahci.readUInt32LE(8); // version, port count, config size and bytes
    const port0 = configEnd + 9 + 1; // MSI pending, GHC, IS; port 0's ATAPI flag
    expect(ahci.readBigUInt64LE(port0)).not.toBe(0n); // PxCLB
    expect(ahci.readUInt32LE(port0 + 16 + 8) & 1).toBe(1); // PxCMD.ST
    const nvme = sections.get(0x300 + 6 * 8)!;
    const msix = 4 + 18 + 4 + nvme.readUInt32LE(22); // version, limits, config size and bytes
    const controller = msix + 2 + nvme.readUInt16LE(msix) * 17;
    expect(nvme.readUInt32LE(controller + 1) & 1).toBe(1); // CC.EN: SeaBIOS enabled it
    expect(nvme.readUInt32LE(controller + 5) & 1).toBe(1); // CSTS.RDY

    const second = runChild(['restore', snap, dir], {}, script);
    await second.waitFor((c) => c.reports().some((r) => 'exited' in r || 'error' in r), 300_000);
    const refused = second.reports().find((r) => r.error);
    expect(refused, JSON.stringify(refused)).toBeUndefined();
    const restored = second.reports().find((r) => r.restored) as { atMs: number } | undefined;
    expect(restored).toBeDefined();
    const exit = second.reports().find((r) => 'exited' in r) as { exited: number; atMs: number; disks: DiskCounters[] };
    console.log(`restored in ${restored!.atMs} ms; GRUB halted ${exit.atMs} ms after the process started`);
    const serial = second.stdout();
    expect(serial).not.toContain('TSHYVE-GRUB-START'); // went on, did not boot again
    expect(flatSerial(serial)).toContain(`${sha256File(join(guestCache, 'grub-payload.txt'))}(hd0,msdos1)/payload.txt`);
    expect(serial).toContain('TSHYVE-GRUB-SAVED');
    expect(exit.exited).toBe(1);
    // The reads and the grubenv write after the restore went through the restored AHCI port.
    const io = exit.disks.find((d) => d.path === disk)!;
    expect(io.readRequests).toBeGreaterThanOrEqual(1);
    expect(io.writeRequests).toBeGreaterThanOrEqual(1);
    expect(io.errors).toBe(0);
    const fs = `${disk}.fs`;
    writeFileSync(fs, readFileSync(disk).subarray(PARTITION_OFFSET));
    const env = execFileSync('debugfs', ['-R', 'cat /grubenv', fs], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    expect(env).toContain('tshyve_marker=grub-was-here');
  }, 720_000);
});
