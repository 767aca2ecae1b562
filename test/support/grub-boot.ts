// The SeaBIOS -> GRUB boot every disk-device test shares (virtio-blk, AHCI, NVMe): the fixtures of
// scripts/build-fixtures.sh, a VM booting Debian's SeaBIOS with the test's disk devices, and the
// checks of what GRUB did (the payload's sha256 on COM1, grubenv written, the ACPI halt's status 1).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { NativeVmConfig } from '../../src/runtime/native.js';
import { repoRoot } from '../../src/runtime/native.js';
import { Vm, type VmStats } from '../../src/runtime/vm.js';
import { kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

export { BIOS, seabiosVmConfig } from './seabios-vm.js';
import { BIOS, seabiosVmConfig } from './seabios-vm.js';
export const guestCache = join(repoRoot, '.cache', 'guests');
const PARTITION_OFFSET = 2048 * 512; // scripts/build-fixtures.sh puts the ext2 partition at 1 MiB

/** Why the boot tests cannot run here, or undefined. `iso`: the grub-mkrescue CD is needed too. */
export function grubBootSkipReason(iso = false): string | undefined {
  return (
    kvmUnavailableReason() ??
    (existsSync(BIOS) ? undefined : `${BIOS} missing (apt-get install seabios)`) ??
    (existsSync('/usr/lib/grub/i386-pc/boot.img') ? undefined : 'grub-pc-bin missing (apt-get install grub-pc-bin)') ??
    (!iso || (existsSync('/usr/bin/xorriso') && existsSync('/usr/bin/mformat')) ? undefined : 'xorriso or mtools missing')
  );
}

/** Builds the guests and fixtures (the ISO too when asked); returns a fresh temporary directory. */
export function prepareGrubFixtures(iso = false): string {
  prepareNative();
  execFileSync(join(repoRoot, 'scripts', 'build-fixtures.sh'), { stdio: 'inherit' });
  if (iso) execFileSync(join(repoRoot, 'scripts', 'build-grub-iso.sh'), { stdio: 'inherit' });
  return mkdtempSync(join(tmpdir(), 'tshyve-grub-'));
}

/** A private copy of the GRUB disk image in `dir`. */
export function grubDisk(dir: string, name = 'disk.img'): string {
  const disk = join(dir, name);
  copyFileSync(join(guestCache, 'grub-disk.img'), disk);
  return disk;
}

export interface GrubBoot {
  serial: string;
  status: number;
  seconds: number;
  log: string; // SeaBIOS's debug log (port 0x402)
  stats: VmStats; // the counters at the guest's exit
}

export type DiskDevices = Pick<NativeVmConfig, 'disks' | 'nvme' | 'ahci'>;

/** SeaBIOS with `devices`, until the guest halts or `timeoutMs` passes (then the VM is stopped). */
export async function bootGrub(dir: string, devices: DiskDevices, timeoutMs: number): Promise<GrubBoot> {
  let serial = '';
  const started = Date.now();
  const vm = Vm.start(seabiosVmConfig(dir, devices), { onConsole: (b) => (serial += b.toString('latin1')) });
  const timer = setTimeout(() => vm.forceStop(), timeoutMs);
  const status = await vm.exited;
  clearTimeout(timer);
  await new Promise((r) => setImmediate(r)); // the handle is destroyed after the exit callback
  return {
    serial,
    status,
    seconds: (Date.now() - started) / 1000,
    log: readFileSync(join(dir, 'seabios.log'), 'latin1'),
    stats: vm.stats(),
  };
}

export const sha256File = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** GRUB wraps its 80-column serial terminal: its output without escape sequences and whitespace. */
export const flatSerial = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\s+/g, '');

/** The GRUB disk's script ran: com1 shows the payload's sha256 read from ext2, and grubenv (read back from the image with debugfs) holds its marker. */
export function expectGrubDiskScript(serial: string, disk: string): void {
  expect(serial).toContain('TSHYVE-GRUB-START');
  expect(flatSerial(serial)).toContain(`${sha256File(join(guestCache, 'grub-payload.txt'))}(hd0,msdos1)/payload.txt`);
  expect(serial).toContain('TSHYVE-GRUB-SAVED');
  const fs = `${disk}.fs`;
  writeFileSync(fs, readFileSync(disk).subarray(PARTITION_OFFSET));
  const env = execFileSync('debugfs', ['-R', 'cat /grubenv', fs], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  expect(env).toContain('tshyve_marker=grub-was-here');
}

/**
 * What the GRUB disk's script does, checked: it printed the payload's sha256 read from ext2, saved
 * grubenv (read back here from the image with debugfs) and halted (status 1); and the disk's counters
 * saw those reads and that write.
 */
export function expectGrubDiskBoot(boot: GrubBoot, disk: string): void {
  expectGrubDiskScript(boot.serial, disk);
  expect(boot.status).toBe(1);
  const io = boot.stats.disks.find((d) => d.path === disk);
  expect(io, `no counters for ${disk}`).toBeDefined();
  // boot.img, core.img, the ext2 metadata and the payload: how many requests that takes depends on
  // how the firmware's driver splits transfers (SeaBIOS's AHCI and NVMe drivers here: 10 reads).
  expect(io!.readRequests).toBeGreaterThanOrEqual(4);
  expect(io!.readBytes).toBeGreaterThan(64 * 1024); // at least core.img and the ext2 metadata
  expect(io!.writeRequests).toBeGreaterThanOrEqual(1); // grubenv
  expect(io!.writeBytes).toBeGreaterThanOrEqual(1024);
  expect(io!.errors).toBe(0);
}
