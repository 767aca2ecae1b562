// Debian's SeaBIOS (/usr/share/seabios/bios-256k.bin) under tshyve: its debug log (port 0x402)
// shows the configured RAM and CPU count and reaches a boot attempt.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Vm } from '../../src/runtime/vm.js';
import { kvmUnavailableReason, prepareNative } from './kvm-env.js';

const BIOS = '/usr/share/seabios/bios-256k.bin';
const skipReason = kvmUnavailableReason() ?? (existsSync(BIOS) ? undefined : `${BIOS} missing (apt-get install seabios)`);

describe('SeaBIOS', () => {
  beforeAll(() => {
    if (!skipReason) prepareNative();
  });

  it('reports the configured RAM and CPUs and attempts to boot', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const log = join(mkdtempSync(join(tmpdir(), 'tshyve-seabios-')), 'debug.log');
    let serial = '';
    const vm = Vm.start(
      { memoryBytes: 512 * 2 ** 20, vcpus: 2, sockets: 2, cores: 1, threads: 1, boot: 'bootrom', rom: BIOS, debugLog: log },
      { onConsole: (b) => (serial += b.toString('latin1')) },
    );
    const deadline = Date.now() + 50_000;
    let text = '';
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      text = readFileSync(log, 'latin1');
      if (/Booting from|No bootable device/.test(text)) break;
    }
    vm.forceStop();
    await vm.exited;
    expect(text).toMatch(/SeaBIOS \(version/);
    expect(text).toMatch(/qemu\/e820: addr 0x0000000000000000 len 0x0000000020000000 \[RAM\]/);
    expect(text).toMatch(/Found 2 cpu\(s\) max supported 2 cpu\(s\)/);
    expect(text).toMatch(/Booting from/);
    expect(serial).toMatch(/SeaBIOS/);
  });
});
