// virtio-net over a tap (virtio 1.2 §5.1): a micro guest (test/guests/virtio_net.S) sends a frame
// that a packet socket on the host tap sees, and receives the host's answer. Everything runs in a
// network namespace the test creates and deletes; the VM process runs inside it (ip netns exec).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';
import { addBridgeWithTaps, addNetns, collect, deleteNetns, netnsSkipReason, runGuestInNetns, waitFor } from '../support/netns.js';

const NS = `tshyve-net-${process.pid}`;
const skipReason = kvmUnavailableReason() ?? netnsSkipReason();

describe('virtio-net over tap', () => {
  beforeAll(() => {
    if (skipReason) return;
    prepareNative();
    addNetns(NS, ['tsvnet0'], true);
  });
  afterAll(() => {
    if (!skipReason) deleteNetns(NS);
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
      boot: 'bootrom' as const,
      rom: guest('virtio_net'),
      debugExit: true,
      nics: [{ tap: 'tsvnet0', mac: '52:54:00:ab:cd:01', slot: 3 }],
    };
    const vm = runGuestInNetns(NS, config, 90_000);
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
    addBridgeWithTaps(NS, 'tsvbr0', ['tsvnet1', 'tsvnet2']);
    const run = (tap: string, mac: string) =>
      runGuestInNetns(
        NS,
        {
          memoryBytes: 64 * 2 ** 20,
          vcpus: 1,
          sockets: 1,
          cores: 1,
          threads: 1,
          boot: 'bootrom',
          rom: guest('virtio_net'),
          debugExit: true,
          nics: [{ tap, mac, slot: 3 }],
        },
        90_000,
      );
    const a = run('tsvnet1', '52:54:00:ab:cd:0a');
    const b = run('tsvnet2', '52:54:00:ab:cd:0b');
    await Promise.all([a.state.exited, b.state.exited]);
    for (const vm of [a, b]) {
      expect(vm.state.out).toContain('rx: TSHYVE-NET-TX');
      expect(vm.state.out).toContain('EXIT 1');
    }
  }, 120_000);
});
