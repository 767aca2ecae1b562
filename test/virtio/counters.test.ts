// The VMM's counters (vcpu_loop.h exit kinds, device_counters.h) on a real guest: virtio_blk_flush.S
// writes 4 KiB at sector 8, flushes, prints "FLUSHED" over COM1 and spins; Vm.stats() shows it live
// and after the exit, and a scrape of the metrics endpoint shows the same figures.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { Vm, exitKinds } from '../../src/runtime/vm.js';
import { AgentMetricsRecorder } from '../../src/watch/metrics.js';
import { startMetricsServer } from '../../src/watch/metrics-server.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const skipReason = kvmUnavailableReason();
const parse = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => { name: string; metrics: { value?: string; labels?: Record<string, string> }[] }[];

describe('VMM counters', () => {
  it('count exits by kind and virtio-blk requests and bytes, and keep them after the exit', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    prepareNative();
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-counters-'));
    try {
      const disk = join(dir, 'disk.img');
      writeFileSync(disk, Buffer.alloc(1 << 20));
      let out = '';
      const vm = Vm.start(
        {
          memoryBytes: 64 * 2 ** 20,
          vcpus: 1,
          sockets: 1,
          cores: 1,
          threads: 1,
          boot: 'bootrom',
          rom: guest('virtio_blk_flush'),
          debugExit: true,
          disks: [{ path: disk, slot: 4 }],
        },
        { onConsole: (b) => (out += b.toString('latin1')) },
      );
      const end = Date.now() + 60_000;
      while (!/FLUSHED \d{4}/.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(out).toMatch(/FLUSHED 0000/);
      const live = vm.stats();
      expect(live.disks).toHaveLength(1);
      expect(live.disks[0]).toMatchObject({
        path: disk,
        slot: 4,
        function: 0,
        writeRequests: 1,
        writeBytes: 4096,
        flushRequests: 1,
        readRequests: 0,
        readBytes: 0,
        errors: 0,
      });
      expect(live.nics).toEqual([]);
      // "FLUSHED 0000\n" alone is 13 COM1 writes; the virtio setup is config-space port I/O or MMIO.
      expect(live.exits.io).toBeGreaterThanOrEqual(13);
      expect(live.exits.shutdown).toBe(0);
      const sum = exitKinds.reduce((n, k) => n + live.exits[k], 0);
      expect(sum).toBe(live.userspaceExits);

      vm.forceStop();
      expect(await vm.exited).toBe(4);
      await new Promise((r) => setImmediate(r)); // the handle is destroyed after the exit callback
      const after = vm.stats();
      expect(after.disks[0]).toMatchObject({ writeRequests: 1, writeBytes: 4096, flushRequests: 1 });
      expect(after.exits.io).toBeGreaterThanOrEqual(live.exits.io);
      expect(after.userspaceExits).toBeGreaterThanOrEqual(live.userspaceExits);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('VMM counters through the metrics endpoint', () => {
  it("a scrape shows the running guest's exits and disk requests", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    prepareNative();
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-counters-'));
    const disk = join(dir, 'disk.img');
    writeFileSync(disk, Buffer.alloc(1 << 20));
    let out = '';
    const vm = Vm.start(
      {
        memoryBytes: 64 * 2 ** 20,
        vcpus: 1,
        sockets: 1,
        cores: 1,
        threads: 1,
        boot: 'bootrom',
        rom: guest('virtio_blk_flush'),
        debugExit: true,
        disks: [{ path: disk, slot: 4 }],
      },
      { onConsole: (b) => (out += b.toString('latin1')) },
    );
    const server = await startMetricsServer('127.0.0.1:0', async () => ({
      vms: [
        { name: 'flush', phase: vm.running ? 'running' : 'stopped', restarts: 0, vcpus: 1, memoryBytes: 64 * 2 ** 20, stats: vm.stats() },
      ],
      agent: new AgentMetricsRecorder().snapshot(),
    }));
    try {
      const end = Date.now() + 60_000;
      while (!/FLUSHED \d{4}/.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      const families = parse(await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text());
      const sample = (name: string, labels: Record<string, string>) =>
        Number(
          families.find((f) => f.name === name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value,
        );
      expect(sample('tshyve_virtio_blk_write_bytes_total', { vm: 'flush', disk })).toBe(4096);
      expect(sample('tshyve_virtio_blk_flush_requests_total', { vm: 'flush', disk })).toBe(1);
      expect(sample('tshyve_vm_exits_total', { vm: 'flush', kind: 'io' })).toBeGreaterThanOrEqual(13);
      expect(sample('tshyve_vm_state', { vm: 'flush', state: 'running' })).toBe(1);
    } finally {
      vm.forceStop();
      await vm.exited;
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
