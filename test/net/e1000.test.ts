// e1000 (Intel 82545EM, 8254x SDM) over a tap: micro guests (test/guests/e1000_intx.S, e1000_msi.S)
// reset the NIC, read its MAC from the EEPROM, send a frame a packet socket on the host tap sees and
// receive the host's answer, with completions by INTx and by MSI (one delayed by ITR throttling); two VMs on one bridge (e1000 and
// e1000, e1000 and virtio-net) receive each other's frames. Everything runs in a network namespace
// the test creates and deletes; each VM process runs inside it (ip netns exec).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import type { NativeVmConfig } from '../../src/runtime/native.js';
import type { VmStats } from '../../src/runtime/vm.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';
import {
  addBridgeWithTaps,
  addNetns,
  addTap,
  collect,
  deleteNetns,
  ip,
  netnsSkipReason,
  runGuestInNetns,
  waitFor,
} from '../support/netns.js';

const NS = `tshyve-e1k-${process.pid}`;
const skipReason = kvmUnavailableReason() ?? netnsSkipReason();

const base = { memoryBytes: 64 * 2 ** 20, vcpus: 1, sockets: 1, cores: 1, threads: 1, boot: 'bootrom' as const, debugExit: true };
const runVm = (config: Partial<NativeVmConfig>) => runGuestInNetns(NS, { ...base, ...config }, 90_000);
function statsOf(out: string): VmStats {
  return JSON.parse(/^STATS (.*)$/m.exec(out)![1]!) as VmStats;
}

describe('e1000 over tap', () => {
  beforeAll(() => {
    if (skipReason) return;
    prepareNative();
    addNetns(NS, [], true);
  });
  afterAll(() => {
    if (!skipReason) deleteNetns(NS);
  });

  for (const [mode, rom, irqLine] of [
    ['INTx', 'e1000_intx', 'intx irq'],
    ['MSI', 'e1000_msi', 'msi irq'],
  ] as const) {
    it(`a micro guest reads its MAC, sends a frame seen on the host tap and receives one back (${mode})`, async (ctx) => {
      if (skipReason) return ctx.skip(skipReason);
      const tap = `tse1k${mode === 'MSI' ? 1 : 0}`;
      addTap(NS, tap);
      const mac = mode === 'MSI' ? '58:9c:fc:0e:10:01' : '58:9c:fc:0e:10:00';
      const peer = collect('ip', ['netns', 'exec', NS, 'python3', join(repoRoot, 'test', 'virtio', 'tap_peer.py'), tap, '90']);
      expect(await waitFor(() => peer.state.out.includes('READY'), 10_000)).toBe(true);
      const vm = runVm({ rom: guest(rom), e1000: [{ tap, mac, slot: 6 }] });
      await vm.state.exited;
      peer.child.kill();
      await peer.state.exited;
      expect(vm.state.out).toContain(`e1000 mac ${mac}\n`);
      expect(vm.state.out).toContain('phy link up');
      expect(vm.state.out).toContain(`${irqLine}\ntx done`);
      expect(vm.state.out).toContain(`${irqLine}\nthrottled tx irq`);
      expect(peer.state.out).toContain(`GOT ${mac} TSHYVE-NET-TX`);
      expect(vm.state.out).toContain('rx: TSHYVE-NET-RX-OK');
      expect(vm.state.out).toMatch(/\nrx irq\n/);
      expect(vm.state.out).toContain('EXIT 1');
      expect(vm.state.out).not.toContain('FAILED');
      const nic = statsOf(vm.state.out).nics[0]!;
      expect(nic).toMatchObject({ tap, slot: 6, txDropped: 0 });
      expect(nic.txPackets).toBeGreaterThanOrEqual(3);
      expect(nic.txBytes).toBe(60 * nic.txPackets);
      expect(nic.rxPackets).toBeGreaterThanOrEqual(1);
    }, 120_000);
  }

  it("two VMs on one bridge receive each other's frames: e1000 with e1000, e1000 with virtio-net", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    addBridgeWithTaps(NS, 'tse1kbr', ['tse1ka', 'tse1kb', 'tse1kc']);
    const pair = async (second: Partial<NativeVmConfig>) => {
      const a = runVm({ rom: guest('e1000_intx'), e1000: [{ tap: 'tse1ka', mac: '58:9c:fc:0e:10:0a', slot: 6 }] });
      const b = runVm(second);
      await Promise.all([a.state.exited, b.state.exited]);
      return [a, b];
    };
    const e1000Pair = await pair({ rom: guest('e1000_msi'), e1000: [{ tap: 'tse1kb', mac: '58:9c:fc:0e:10:0b', slot: 6 }] });
    for (const vm of e1000Pair) {
      expect(vm.state.out).toContain('rx: TSHYVE-NET-TX');
      expect(vm.state.out).toContain('EXIT 1');
    }
    ip('-n', NS, 'link', 'set', 'tse1kb', 'nomaster');
    const mixed = await pair({ rom: guest('virtio_net'), nics: [{ tap: 'tse1kc', mac: '52:54:00:ab:cd:0c', slot: 3 }] });
    for (const vm of mixed) {
      expect(vm.state.out).toContain('rx: TSHYVE-NET-TX');
      expect(vm.state.out).toContain('EXIT 1');
    }
  }, 240_000);
});
