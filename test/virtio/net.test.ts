// virtio-net over a tap (virtio 1.2 §5.1): a micro guest (test/guests/virtio_net.S) sends a frame
// that a packet socket on the host tap sees, and receives the host's answer. Everything runs in a
// network namespace the test creates and deletes; the VM process runs inside it (ip netns exec).
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const NS = `tshyve-net-${process.pid}`;
function netnsReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespace tests need root';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'ip netns unavailable';
  }
}
const skipReason = kvmUnavailableReason() ?? netnsReason();
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

function collect(cmd: string, args: string[]) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { out: '', err: '', exited: new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1))) };
  child.stdout.on('data', (b: Buffer) => (state.out += b.toString('latin1')));
  child.stderr.on('data', (b: Buffer) => (state.err += b.toString('latin1')));
  return { child, state };
}
async function waitFor(pred: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return pred();
}

describe('virtio-net over tap', () => {
  beforeAll(() => {
    if (skipReason) return;
    prepareNative();
    ip('netns', 'add', NS);
    ip('-n', NS, 'link', 'set', 'lo', 'up');
    ip('-n', NS, 'tuntap', 'add', 'dev', 'tsvnet0', 'mode', 'tap');
    ip('netns', 'exec', NS, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1');
    ip('-n', NS, 'link', 'set', 'tsvnet0', 'up');
  });
  afterAll(() => {
    if (!skipReason) execFileSync('ip', ['netns', 'delete', NS], { stdio: 'ignore' });
  });

  it('a micro guest sends a frame seen on the host tap and receives one back', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const peer = collect('ip', ['netns', 'exec', NS, 'python3', join(repoRoot, 'test', 'virtio', 'tap_peer.py'), 'tsvnet0', '90']);
    expect(await waitFor(() => peer.state.out.includes('READY'), 10_000)).toBe(true);
    const config = {
      memoryBytes: 64 * 2 ** 20,
      vcpus: 1,
      sockets: 1,
      cores: 1,
      threads: 1,
      boot: 'bootrom',
      rom: guest('virtio_net'),
      debugExit: true,
      nics: [{ tap: 'tsvnet0', mac: '52:54:00:ab:cd:01', slot: 3 }],
    };
    const vm = collect('ip', [
      'netns',
      'exec',
      NS,
      process.execPath,
      '--import',
      'tsx',
      join(repoRoot, 'test', 'virtio', 'run-guest.ts'),
      JSON.stringify(config),
      '90000',
    ]);
    await vm.state.exited;
    peer.child.kill();
    await peer.state.exited;
    expect(vm.state.out).toContain('virtio-net up');
    expect(vm.state.out).toContain('tx done');
    expect(peer.state.out).toContain('GOT 52:54:00:ab:cd:01 TSHYVE-NET-TX');
    expect(vm.state.out).toContain('rx: TSHYVE-NET-RX-OK');
    expect(vm.state.out).toContain('EXIT 1');
    // The device's counters saw the same frames: 60-byte frames out (the header is not counted), one or more in.
    const stats = JSON.parse(/^STATS (.*)$/m.exec(vm.state.out)![1]!) as import('../../src/runtime/vm.js').VmStats;
    expect(stats.nics).toHaveLength(1);
    const nic = stats.nics[0]!;
    expect(nic).toMatchObject({ tap: 'tsvnet0', slot: 3, txDropped: 0 });
    expect(nic.txPackets).toBeGreaterThanOrEqual(1);
    expect(nic.txBytes).toBe(60 * nic.txPackets);
    expect(nic.rxPackets).toBeGreaterThanOrEqual(1);
    expect(nic.rxBytes).toBeGreaterThanOrEqual(14 * nic.rxPackets);
    expect(stats.exits.io).toBeGreaterThan(0);
  }, 120_000);

  it("two VMs on one bridge receive each other's frames", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    ip('-n', NS, 'link', 'add', 'tsvbr0', 'type', 'bridge');
    ip('-n', NS, 'link', 'set', 'tsvbr0', 'up');
    for (const tap of ['tsvnet1', 'tsvnet2']) {
      ip('-n', NS, 'tuntap', 'add', 'dev', tap, 'mode', 'tap');
      ip('-n', NS, 'link', 'set', tap, 'master', 'tsvbr0');
      ip('-n', NS, 'link', 'set', tap, 'up');
    }
    const run = (tap: string, mac: string) =>
      collect('ip', [
        'netns',
        'exec',
        NS,
        process.execPath,
        '--import',
        'tsx',
        join(repoRoot, 'test', 'virtio', 'run-guest.ts'),
        JSON.stringify({
          memoryBytes: 64 * 2 ** 20,
          vcpus: 1,
          sockets: 1,
          cores: 1,
          threads: 1,
          boot: 'bootrom',
          rom: guest('virtio_net'),
          debugExit: true,
          nics: [{ tap, mac, slot: 3 }],
        }),
        '90000',
      ]);
    const a = run('tsvnet1', '52:54:00:ab:cd:0a');
    const b = run('tsvnet2', '52:54:00:ab:cd:0b');
    await Promise.all([a.state.exited, b.state.exited]);
    for (const vm of [a, b]) {
      expect(vm.state.out).toContain('rx: TSHYVE-NET-TX');
      expect(vm.state.out).toContain('EXIT 1');
    }
  }, 120_000);
});
