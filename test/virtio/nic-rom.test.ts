// NIC option ROM through the virtio-net function's expansion ROM BAR (PCI 3.0 §6.2.5.2): Debian's
// SeaBIOS sizes and maps it, finds iPXE's image (PCIR 1af4:1041) and runs it; iPXE prints its banner
// on the serial console. No DHCP (iPXE is far too slow under PVM to get a lease: environment.md).
// The VM runs inside a network namespace the test creates, as its tap must exist there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nicOptionRom } from '../../src/runtime/native-config.js';
import { prepareNative } from '../runtime/kvm-env.js';
import { bootIpxe, ipxeSkipReason } from '../support/ipxe-boot.js';
import { addNetns, deleteNetns } from '../support/netns.js';

const NS = `tshyve-rom-${process.pid}`;
const rom = nicOptionRom();
const skipReason = ipxeSkipReason(rom, 'virtio');

describe('virtio-net option ROM', () => {
  let dir = '';
  beforeAll(() => {
    if (skipReason) return;
    prepareNative();
    dir = mkdtempSync(join(tmpdir(), 'tshyve-nicrom-'));
    addNetns(NS, ['tsrom0']);
  });
  afterAll(() => {
    if (skipReason) return;
    deleteNetns(NS);
    rmSync(dir, { recursive: true, force: true });
  });

  it('SeaBIOS finds iPXE in the expansion ROM BAR and runs it', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const { serial, debugLog: text } = await bootIpxe(
      NS,
      dir,
      { nics: [{ tap: 'tsrom0', mac: '52:54:00:12:34:56', slot: 3, rom }] },
      /iPXE \(PCI 00:03\.0\) starting execution/,
      60_000,
    );
    expect(text).toMatch(/Scan for option roms/);
    expect(text).toMatch(/Running option rom at c[0-9a-f]00:0003/);
    expect(serial).toMatch(/iPXE \(http:\/\/ipxe\.org\) 00:03\.0/);
    expect(serial).toMatch(/iPXE \(PCI 00:03\.0\) starting execution/);
  }, 90_000);
});
