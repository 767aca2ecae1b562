// The framebuffer as real clients see it: SeaBIOS's VGA BIOS (vgabios-bochs-display.bin) draws its
// banner on tshyve's bochs-display, Debian's vncsnapshot captures it over RFB and tesseract reads
// "SeaBIOS" (hextile, and again with vncsnapshot asking for zlib); with a password file a capture
// needs the password (VNC Authentication) and fails without it; with `wait` the VM's serial output starts only after the first viewer got in.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vm } from '../../src/runtime/vm.js';
import { kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';
import { RfbClient } from './rfb-client.js';
import { VGA_BIOS, freePort, ocr, snapshot, vncToolsMissing, writeVncPasswdFile } from './vnc-tools.js';

const BIOS = '/usr/share/seabios/bios-256k.bin';
const skipReason = kvmUnavailableReason() ?? vncToolsMissing();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean, ms: number, detail: () => string = () => ''): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} ${detail()}`);
    await sleep(250);
  }
}

function startVm(dir: string, port: number, extra: Record<string, unknown>, onSerial: (s: string) => void): Vm {
  return Vm.start(
    {
      memoryBytes: 128 * 2 ** 20,
      vcpus: 1,
      sockets: 1,
      cores: 1,
      threads: 1,
      boot: 'bootrom',
      rom: BIOS,
      debugLog: join(dir, 'seabios.log'),
      framebuffer: { width: 1024, height: 768, slot: 0, address: '127.0.0.1', port, rom: VGA_BIOS, ...extra },
    },
    { onConsole: (b) => onSerial(b.toString('latin1')) },
  );
}

describe('framebuffer + VNC with SeaBIOS', () => {
  let dir = '';
  beforeAll(() => {
    if (skipReason) return;
    prepareNative();
    dir = mkdtempSync(join(tmpdir(), 'tshyve-vnc-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('vncsnapshot + tesseract read the SeaBIOS banner off the screen', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const port = await freePort();
    let serial = '';
    const vm = startVm(dir, port, {}, (s) => (serial += s));
    try {
      await until(
        'SeaBIOS to give up booting',
        () => /No bootable device/.test(readFileSync(join(dir, 'seabios.log'), 'latin1')),
        90_000,
        () => `(its log ends: ${JSON.stringify(readFileSync(join(dir, 'seabios.log'), 'latin1').slice(-300))})`,
      );
      expect(readFileSync(join(dir, 'seabios.log'), 'latin1')).toMatch(/bochs-display: using 1024x768, 32 bpp/);
      const jpeg = join(dir, 'banner.jpg');
      const snap = snapshot(port, jpeg);
      expect(snap.output).toMatch(/1024x768 screen/);
      expect(snap.ok).toBe(true);
      const text = ocr(jpeg);
      console.log(`OCR of the SeaBIOS screen: ${JSON.stringify(text.trim().split('\n')[0])}`);
      expect(text).toMatch(/SeaBI[O0]S \(version/); // tesseract sometimes reads the O as a zero
      expect(serial).toContain('SeaBIOS');
      // The same screen through the Zlib encoding, inflated by vncsnapshot's own decoder.
      const zjpeg = join(dir, 'banner-zlib.jpg');
      expect(snapshot(port, zjpeg, undefined, 'zlib').ok).toBe(true);
      expect(ocr(zjpeg)).toMatch(/SeaBI[O0]S \(version/);
    } finally {
      vm.forceStop();
      await vm.exited;
    }
  }, 180_000);

  it('with a password file and wait: no viewer, no boot; a wrong or missing password gets nothing; the right one starts the VM', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const port = await freePort();
    const pwFile = join(dir, 'vnc-password');
    writeFileSync(pwFile, 'tshyve-pw\n', { mode: 0o600 });
    const right = join(dir, 'right.passwd'),
      wrong = join(dir, 'wrong.passwd');
    writeVncPasswdFile(right, 'tshyve-pw');
    writeVncPasswdFile(wrong, 'not-it');
    let serial = '';
    writeFileSync(join(dir, 'seabios.log'), '');
    const vm = startVm(dir, port, { passwordFile: pwFile, wait: true }, (s) => (serial += s));
    try {
      await sleep(4000);
      expect(serial).toBe(''); // wait: the vCPUs have not run
      const noPw = snapshot(port, join(dir, 'nopw.jpg'));
      expect(noPw.ok).toBe(false);
      const bad = snapshot(port, join(dir, 'bad.jpg'), wrong);
      expect(bad.ok).toBe(false);
      expect(bad.output).toMatch(/[Aa]uthentication failed/);
      await sleep(2000);
      expect(serial).toBe(''); // failed viewers do not release the VM
      await expect(RfbClient.open(port)).rejects.toThrow(/security types 2/); // None is not offered
      const t0 = Date.now();
      const good = snapshot(port, join(dir, 'good.jpg'), right);
      expect(good.ok).toBe(true);
      await until('serial output after the first viewer', () => serial.includes('SeaBIOS'), 30_000);
      console.log(`first serial byte ${Date.now() - t0} ms after the first viewer authenticated`);
      await until(
        'SeaBIOS to give up booting',
        () => /No bootable device/.test(readFileSync(join(dir, 'seabios.log'), 'latin1')),
        90_000,
        () => `(its log ends: ${JSON.stringify(readFileSync(join(dir, 'seabios.log'), 'latin1').slice(-300))})`,
      );
      const jpeg = join(dir, 'after.jpg');
      expect(snapshot(port, jpeg, right).ok).toBe(true);
      expect(ocr(jpeg)).toMatch(/SeaBI[O0]S/);
    } finally {
      vm.forceStop();
      await vm.exited;
    }
  }, 200_000);

  it('a port already in use fails the VM setup with a message naming it', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const port = await freePort();
    const first = startVm(dir, port, {}, () => undefined);
    try {
      expect(() => startVm(dir, port, {}, () => undefined)).toThrow(new RegExp(`127\\.0\\.0\\.1:${port}: the port is already in use`));
    } finally {
      first.forceStop();
      await first.exited;
    }
  }, 60_000);
});
