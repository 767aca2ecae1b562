// Debian's SeaBIOS drives tshyve's xHCI controller: its debug log (port 0x402) names the controller,
// the USB 2 protocol capability, the reset and enabled port, and initialises the tablet as a USB
// mouse (boot protocol). The expected lines are the ones SeaBIOS prints under QEMU with
// `-device qemu-xhci -device usb-mouse -device isa-debugcon,iobase=0x402`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Vm } from '../../src/runtime/vm.js';
import { kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';
import { BIOS, seabiosVmConfig } from '../support/seabios-vm.js';

const skipReason = kvmUnavailableReason() ?? (existsSync(BIOS) ? undefined : `${BIOS} missing (apt-get install seabios)`);

async function seabiosLog(tablet: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tshyve-xhci-'));
  const log = join(dir, 'debug.log');
  const vm = Vm.start(seabiosVmConfig(dir, { debugLog: log, ...(tablet ? { tablet: { slot: 5, function: 0 } } : {}) }), {});
  const deadline = Date.now() + 60_000;
  let text = '';
  try {
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      text = readFileSync(log, 'latin1');
      if (/Booting from|No bootable device/.test(text)) break;
    }
  } finally {
    vm.forceStop();
    await vm.exited;
    rmSync(dir, { recursive: true, force: true });
  }
  return text;
}

describe('xHCI with a USB tablet under SeaBIOS', () => {
  beforeAll(() => {
    if (!skipReason) prepareNative();
  });

  it('finds the controller, resets the port and initialises the tablet', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const text = await seabiosLog(true);
    expect(text).toMatch(/PCI: XHCI at 00:05\.0 \(mmio 0x[0-9a-f]+\)/);
    expect(text).toMatch(/XHCI init: regs @ 0x[0-9a-f]+, 1 ports, 8 slots, 32 byte contexts/);
    expect(text).toMatch(/XHCI {4}protocol USB {2}2\.00, 1 ports \(offset 1\), def 0/);
    expect(text).toMatch(/XHCI port #1: 0x[0-9a-f]+, powered, enabled, pls 0, speed 3 \[High\]/);
    expect(text).toMatch(/USB mouse initialized/);
    expect(text).not.toMatch(/XHCI no devices found/);
    expect(text).toMatch(/Booting from|No bootable device/);
  });

  it('has no controller when the spec has no tablet', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const text = await seabiosLog(false);
    expect(text).toMatch(/SeaBIOS \(version/);
    expect(text).not.toMatch(/XHCI/);
  });
});
