// iPXE for the e1000 (Debian's pxe-e1000.rom, a third-party driver for Intel NICs) through the
// 82545EM's expansion ROM BAR (PCI 3.0 §6.2.5.2): SeaBIOS maps and runs it (its PCIR IDs rewritten to
// 8086:100F by the VMM, as QEMU does), iPXE prints its banner for 00:06.0 and initialises its
// devices, the intel driver's probe included. It gets no further on a PVM host (environment.md):
// DHCP stays for hardware KVM. The VM runs inside a network namespace the test creates.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { E1000_OPTION_ROMS, nicOptionRom } from '../../src/runtime/native-config.js';
import { kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const BIOS = '/usr/share/seabios/bios-256k.bin';
const NS = `tshyve-e1krom-${process.pid}`;
const rom = nicOptionRom(E1000_OPTION_ROMS);
function reason(): string | undefined {
  const kvm = kvmUnavailableReason();
  if (kvm) return kvm;
  if (!existsSync(BIOS)) return `${BIOS} missing (apt-get install seabios)`;
  if (!rom) return 'no iPXE e1000 ROM (apt-get install ipxe-qemu)';
  if (process.getuid?.() !== 0) return 'network namespace tests need root';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
  } catch {
    return 'ip netns unavailable';
  }
  return undefined;
}
const skipReason = reason();
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

describe('e1000 option ROM', () => {
  let dir = '';
  beforeAll(() => {
    if (skipReason) return;
    prepareNative();
    dir = mkdtempSync(join(tmpdir(), 'tshyve-e1krom-'));
    ip('netns', 'add', NS);
    ip('-n', NS, 'tuntap', 'add', 'dev', 'tse1krom', 'mode', 'tap');
    ip('-n', NS, 'link', 'set', 'tse1krom', 'up');
  });
  afterAll(() => {
    if (skipReason) return;
    execFileSync('ip', ['netns', 'delete', NS], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('SeaBIOS runs iPXE from the expansion ROM BAR and iPXE initialises the 82545EM', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const log = join(dir, 'debug.log');
    const config = {
      memoryBytes: 128 * 2 ** 20,
      vcpus: 1,
      sockets: 1,
      cores: 1,
      threads: 1,
      boot: 'bootrom',
      rom: BIOS,
      comPorts: [1],
      debugLog: log,
      e1000: [{ tap: 'tse1krom', mac: '58:9c:fc:0e:10:05', slot: 6, rom }],
    };
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        NS,
        process.execPath,
        '--import',
        'tsx',
        join(repoRoot, 'test', 'virtio', 'run-guest.ts'),
        JSON.stringify(config),
        '180000',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let serial = '';
    child.stdout.on('data', (b: Buffer) => (serial += b.toString('latin1')));
    child.stderr.on('data', () => {});
    const exited = new Promise((r) => child.on('exit', r));
    const done = () => /iPXE initialising devices\.\.\.ok/.test(serial);
    const deadline = Date.now() + 180_000; // emulated ring-0 code: minutes on a loaded PVM host
    while (!done() && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await exited;
    const text = existsSync(log) ? readFileSync(log, 'latin1') : '';
    expect(text).toMatch(/PCI: init bdf=00:06\.0 id=8086:100f/);
    expect(text).toMatch(/Running option rom at c[0-9a-f]00:0003/);
    expect(serial).toMatch(/iPXE \(http:\/\/ipxe\.org\) 00:06\.0/);
    expect(serial).toMatch(/iPXE \(PCI 00:06\.0\) starting execution/);
    expect(serial).toMatch(/iPXE initialising devices\.\.\.ok/);
  }, 200_000);
});
