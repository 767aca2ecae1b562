// iPXE for the e1000 (Debian's pxe-e1000.rom, a third-party driver for Intel NICs) through the
// 82545EM's expansion ROM BAR (PCI 3.0 §6.2.5.2): SeaBIOS maps and runs it (its PCIR IDs rewritten to
// 8086:100F by the VMM, as QEMU does), iPXE prints its banner for 00:06.0 and initialises its
// devices, the intel driver's probe included. It gets no further on a PVM host (environment.md):
// DHCP stays for hardware KVM. The VM runs inside a network namespace the test creates.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E1000_OPTION_ROMS, nicOptionRom } from '../../src/runtime/native-config.js';
import { prepareNative } from '../runtime/kvm-env.js';
import { bootIpxe, ipxeSkipReason } from '../support/ipxe-boot.js';
import { addNetns, deleteNetns } from '../support/netns.js';

const NS = `tshyve-e1krom-${process.pid}`;
const rom = nicOptionRom(E1000_OPTION_ROMS);
const skipReason = ipxeSkipReason(rom, 'e1000');

describe('e1000 option ROM', () => {
  let dir = '';
  beforeAll(() => {
    if (skipReason) return;
    prepareNative();
    dir = mkdtempSync(join(tmpdir(), 'tshyve-e1krom-'));
    addNetns(NS, ['tse1krom']);
  });
  afterAll(() => {
    if (skipReason) return;
    deleteNetns(NS);
    rmSync(dir, { recursive: true, force: true });
  });

  it('SeaBIOS runs iPXE from the expansion ROM BAR and iPXE initialises the 82545EM', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    // Emulated ring-0 code: minutes on a loaded PVM host.
    const { serial, debugLog: text } = await bootIpxe(
      NS,
      dir,
      { e1000: [{ tap: 'tse1krom', mac: '58:9c:fc:0e:10:05', slot: 6, rom }] },
      /iPXE initialising devices\.\.\.ok/,
      180_000,
    );
    expect(text).toMatch(/PCI: init bdf=00:06\.0 id=8086:100f/);
    expect(text).toMatch(/Running option rom at c[0-9a-f]00:0003/);
    expect(serial).toMatch(/iPXE \(http:\/\/ipxe\.org\) 00:06\.0/);
    expect(serial).toMatch(/iPXE \(PCI 00:06\.0\) starting execution/);
    expect(serial).toMatch(/iPXE initialising devices\.\.\.ok/);
  }, 200_000);
});
