// SeaBIOS boots a GRUB disk from an NVMe namespace under tshyve (NVM Express 1.4 through SeaBIOS's
// nvme driver): GRUB prints the sha256 of a file it read from ext2, writes grubenv, and halts (exit 1).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
const PARTITION_OFFSET = 2048 * 512; // scripts/build-fixtures.sh puts the ext2 partition at 1 MiB

describe('boot from nvme', () => {
  let dir = '';
  beforeAll(() => {
    if (skipReason) return;
    prepareNative();
    execFileSync(join(repoRoot, 'scripts', 'build-fixtures.sh'), { stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'tshyve-nvme-grub-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('SeaBIOS -> GRUB reads ext2 from the NVMe namespace, prints the sha256, saves grubenv, halts with status 1', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const disk = join(dir, 'disk.img');
    copyFileSync(join(cache, 'grub-disk.img'), disk);
    const expected = createHash('sha256')
      .update(readFileSync(join(cache, 'grub-payload.txt')))
      .digest('hex');
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
        nvme: [{ path: disk, slot: 4, serial: 'grub-nvme', maxQueues: 4, queueSize: 64, ioSlots: 4 }],
      },
      { onConsole: (b) => (serial += b.toString('latin1')) },
    );
    const timer = setTimeout(() => vm.forceStop(), 400_000); // GRUB under PVM slows down a lot on a loaded host
    const status = await vm.exited;
    clearTimeout(timer);
    console.log(`grub boot from nvme under tshyve: ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${status}`);
    const log = readFileSync(join(dir, 'seabios.log'), 'latin1');
    // SeaBIOS found the controller (bhyve's PCI IDs) and made a drive of its namespace's size.
    expect(log).toMatch(/PCI: init bdf=00:04\.0 id=fb5d:0a0a/);
    expect(log).toContain(`s=${statSync(disk).size / 512}\n`);
    expect(serial).toContain('TSHYVE-GRUB-START');
    // GRUB wraps its 80-column serial terminal: compare without escape sequences and whitespace.
    const flat = serial.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\s+/g, '');
    expect(flat).toContain(`${expected}(hd0,msdos1)/payload.txt`);
    expect(serial).toContain('TSHYVE-GRUB-SAVED');
    expect(status).toBe(1);
    // grubenv, read back on the host from the ext2 partition after the VM ended.
    const image = readFileSync(disk);
    const fs = join(dir, 'fs.img');
    writeFileSync(fs, image.subarray(PARTITION_OFFSET));
    const env = execFileSync('debugfs', ['-R', 'cat /grubenv', fs], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    expect(env).toContain('tshyve_marker=grub-was-here');
  }, 450_000);
});
