// NIC option ROM through the virtio-net function's expansion ROM BAR (PCI 3.0 §6.2.5.2): Debian's
// SeaBIOS sizes and maps it, finds iPXE's image (PCIR 1af4:1041) and runs it; iPXE prints its banner
// on the serial console. No DHCP (iPXE is far too slow under PVM to get a lease: environment.md).
// The VM runs inside a network namespace the test creates, as its tap must exist there.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { nicOptionRom } from '../../src/runtime/native-config.js';
import { kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const BIOS = '/usr/share/seabios/bios-256k.bin';
const NS = `tshyve-rom-${process.pid}`;
const rom = nicOptionRom();
function reason(): string | undefined {
  const kvm = kvmUnavailableReason();
  if (kvm) return kvm;
  if (!existsSync(BIOS)) return `${BIOS} missing (apt-get install seabios)`;
  if (!rom) return 'no iPXE virtio ROM (apt-get install ipxe-qemu)';
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

describe('virtio-net option ROM', () => {
  let dir = '';
  beforeAll(() => {
    if (skipReason) return;
    prepareNative();
    dir = mkdtempSync(join(tmpdir(), 'tshyve-nicrom-'));
    ip('netns', 'add', NS);
    ip('-n', NS, 'tuntap', 'add', 'dev', 'tsrom0', 'mode', 'tap');
    ip('-n', NS, 'link', 'set', 'tsrom0', 'up');
  });
  afterAll(() => {
    if (skipReason) return;
    execFileSync('ip', ['netns', 'delete', NS], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('SeaBIOS finds iPXE in the expansion ROM BAR and runs it', async (ctx) => {
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
      nics: [{ tap: 'tsrom0', mac: '52:54:00:12:34:56', slot: 3, rom }],
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
        '60000',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let serial = '';
    child.stdout.on('data', (b: Buffer) => (serial += b.toString('latin1')));
    child.stderr.on('data', () => {});
    const exited = new Promise((r) => child.on('exit', r));
    const done = () => /iPXE \(PCI 00:03\.0\) starting execution/.test(serial);
    const deadline = Date.now() + 60_000;
    while (!done() && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await exited;
    const text = existsSync(log) ? readFileSync(log, 'latin1') : '';
    expect(text).toMatch(/Scan for option roms/);
    expect(text).toMatch(/Running option rom at c[0-9a-f]00:0003/);
    expect(serial).toMatch(/iPXE \(http:\/\/ipxe\.org\) 00:03\.0/);
    expect(serial).toMatch(/iPXE \(PCI 00:03\.0\) starting execution/);
  }, 90_000);
});
