// SeaBIOS boots GRUB through tshyve's AHCI HBA (AHCI 1.3.1, SeaBIOS's ahci driver): from an ahci-hd
// disk (GRUB prints a file's sha256 read from ext2, writes grubenv through AHCI, halts) and from an
// El Torito ISO made by grub-mkrescue on ahci-cd (GRUB prints the sha256 of a file on the ISO).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { Vm } from '../../src/runtime/vm.js';
import { kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const BIOS = '/usr/share/seabios/bios-256k.bin';
const cache = join(repoRoot, '.cache', 'guests');
const skipReason =
  kvmUnavailableReason() ??
  (existsSync(BIOS) ? undefined : `${BIOS} missing (apt-get install seabios)`) ??
  (existsSync('/usr/lib/grub/i386-pc/boot.img') ? undefined : 'grub-pc-bin missing (apt-get install grub-pc-bin)');
const cdSkipReason =
  skipReason ?? (existsSync('/usr/bin/xorriso') && existsSync('/usr/bin/mformat') ? undefined : 'xorriso or mtools missing');
const PARTITION_OFFSET = 2048 * 512; // scripts/build-fixtures.sh puts the ext2 partition at 1 MiB

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
// GRUB wraps its 80-column serial terminal: compare without escape sequences and whitespace.
const flat = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\s+/g, '');

async function boot(dir: string, ports: { kind: 'hd' | 'cd'; path: string; readOnly?: boolean }[]) {
  let serial = '';
  const started = Date.now();
  const vm = Vm.start(
    {
      memoryBytes: 256 * 2 ** 20,
      vcpus: 1,
      sockets: 1,
      cores: 1,
      threads: 1,
      boot: 'bootrom',
      rom: BIOS,
      debugLog: join(dir, 'seabios.log'),
      ahci: [{ slot: 4, ports: ports.map((p) => ({ ...p, serial: 'tshyve-ahci', model: 'TSHYVE AHCI TEST' })) }],
    },
    { onConsole: (b) => (serial += b.toString('latin1')) },
  );
  // ~40 s on an idle PVM host; several times that when other emulated guests share the CPUs.
  const timer = setTimeout(() => vm.forceStop(), 420_000);
  const status = await vm.exited;
  clearTimeout(timer);
  return { serial, status, seconds: (Date.now() - started) / 1000, log: readFileSync(join(dir, 'seabios.log'), 'latin1') };
}

describe('boot from AHCI', () => {
  let dir = '';
  beforeAll(() => {
    if (skipReason) return;
    prepareNative();
    execFileSync(join(repoRoot, 'scripts', 'build-fixtures.sh'), { stdio: 'inherit' });
    if (!cdSkipReason) execFileSync(join(repoRoot, 'scripts', 'build-grub-iso.sh'), { stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'tshyve-ahci-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('SeaBIOS -> GRUB from ahci-hd reads ext2, prints the sha256, saves grubenv, halts with status 1', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const disk = join(dir, 'disk.img');
    copyFileSync(join(cache, 'grub-disk.img'), disk);
    const { serial, status, seconds, log } = await boot(dir, [{ kind: 'hd', path: disk }]);
    console.log(`grub boot from ahci-hd under tshyve: ${seconds.toFixed(1)} s, exit ${status}`);
    expect(log).toMatch(/AHCI controller at 00:04\.0/);
    expect(log).toMatch(/AHCI\/0: registering: "AHCI\/0: TSHYVE AHCI TEST ATA-\d+ Hard-Disk/);
    expect(serial).toContain('TSHYVE-GRUB-START');
    expect(flat(serial)).toContain(`${sha256(join(cache, 'grub-payload.txt'))}(hd0,msdos1)/payload.txt`);
    expect(serial).toContain('TSHYVE-GRUB-SAVED');
    expect(status).toBe(1);
    const fs = join(dir, 'fs.img');
    writeFileSync(fs, readFileSync(disk).subarray(PARTITION_OFFSET));
    const env = execFileSync('debugfs', ['-R', 'cat /grubenv', fs], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    expect(env).toContain('tshyve_marker=grub-was-here');
  }, 450_000);

  it('SeaBIOS -> El Torito ISO (grub-mkrescue) on ahci-cd: GRUB prints the sha256 of a file on the ISO', async (ctx) => {
    if (cdSkipReason) return ctx.skip(cdSkipReason);
    const iso = join(cache, 'grub-cd.iso');
    const before = sha256(iso);
    // Two ports on one controller, as for an install: a blank disk on port 0 (SeaBIOS tries hard disks
    // first, finds no boot sector, falls through) and the ISO on port 1.
    const blank = join(dir, 'blank.img');
    writeFileSync(blank, Buffer.alloc(4 << 20));
    const { serial, status, seconds, log } = await boot(dir, [
      { kind: 'hd', path: blank },
      { kind: 'cd', path: iso, readOnly: true },
    ]);
    console.log(`grub boot from ahci-cd under tshyve: ${seconds.toFixed(1)} s, exit ${status}`);
    expect(log).toMatch(/AHCI\/0: registering: "AHCI\/0: TSHYVE AHCI TEST ATA-\d+ Hard-Disk/);
    expect(log).toMatch(/AHCI\/1: registering: "DVD\/CD \[AHCI\/1: TSHYVE AHCI TEST ATAPI-\d+ DVD\/CD\]/);
    expect(serial).toMatch(/Booting from Hard Disk[\s\S]*Boot failed[\s\S]*Booting from DVD\/CD/);
    expect(serial).toContain('TSHYVE-GRUB-CD-START');
    expect(flat(serial)).toContain(sha256(join(cache, 'grub-cd-payload.txt')));
    expect(serial).toContain('TSHYVE-GRUB-CD-DONE');
    expect(status).toBe(1);
    expect(sha256(iso)).toBe(before);
  }, 450_000);
});
