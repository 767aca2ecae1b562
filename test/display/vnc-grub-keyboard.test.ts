// Keyboard and screen through GRUB: SeaBIOS boots a grub-mkrescue CD (scripts/build-grub-vnc-iso.sh)
// from AHCI; GRUB prints a line on the VGA BIOS console that vncsnapshot + tesseract read off the
// framebuffer; key events from an RFB client reach GRUB's `read` through the i8042 (set 2 translated
// to set 1, IRQ1) and SeaBIOS's PS/2 driver, and GRUB echoes the line on com1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { Vm } from '../../src/runtime/vm.js';
import { prepareNative } from '../runtime/kvm-env.js';
import { grubBootSkipReason, seabiosVmConfig } from '../support/grub-boot.js';
import { RfbClient } from './rfb-client.js';
import { VGA_BIOS, freePort, ocr, snapshot, vncToolsMissing } from './vnc-tools.js';

const skipReason = grubBootSkipReason(true) ?? vncToolsMissing();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GRUB on the framebuffer, typed at over VNC', () => {
  let dir = '';
  beforeAll(() => {
    if (skipReason) return;
    prepareNative();
    execFileSync(join(repoRoot, 'scripts', 'build-grub-vnc-iso.sh'), { stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'tshyve-vnc-grub-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('GRUB prints on the screen (OCR) and echoes on com1 what the RFB client typed', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const port = await freePort();
    const iso = realpathSync(join(repoRoot, '.cache', 'guests', 'grub-vnc.iso'));
    let serial = '';
    const started = Date.now();
    const vm = Vm.start(
      seabiosVmConfig(dir, {
        ahci: [{ slot: 4, ports: [{ kind: 'cd', path: iso, readOnly: true }] }],
        framebuffer: { width: 1024, height: 768, slot: 0, address: '127.0.0.1', port, rom: VGA_BIOS },
      }),
      { onConsole: (b) => (serial += b.toString('latin1')) },
    );
    try {
      while (!serial.includes('TSHYVE GRUB READY')) {
        if (Date.now() - started > 280_000) throw new Error(`GRUB not ready; serial so far: ${serial.slice(-300)}`);
        await sleep(500);
      }
      console.log(`GRUB waiting at read after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await sleep(3000); // the console line is drawn character by character by the VGA BIOS
      const jpeg = join(dir, 'grub.jpg');
      expect(snapshot(port, jpeg).ok).toBe(true);
      const text = ocr(jpeg);
      console.log(`OCR of GRUB's screen: ${JSON.stringify(text.trim())}`);
      expect(text).toMatch(/TSHYVE GRUB READY/);
      const client = await RfbClient.open(port);
      // One shifted letter and Enter: each key costs GRUB real-mode BIOS calls, ~25 s a character
      // under this host's emulation; a capital still proves modifiers reach GRUB with the key.
      await client.type('Q\n');
      client.close();
      while (!/TSHYVE-TYPED\[[^\]]*\]/.test(serial)) {
        if (Date.now() - started > 560_000) throw new Error(`no echo; serial so far: ${serial.slice(-300)}`);
        await sleep(250);
      }
      expect(serial).toContain('TSHYVE-TYPED[Q]');
      expect(readFileSync(join(dir, 'seabios.log'), 'latin1')).toMatch(/PS2 keyboard initialized/);
    } finally {
      vm.forceStop();
      await vm.exited;
    }
  }, 600_000);
});
