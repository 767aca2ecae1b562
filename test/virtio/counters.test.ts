// The VMM's counters on a real guest (native/src/vmm/vcpu_loop.h exit kinds, device_counters.h):
// the micro guest test/guests/virtio_blk_flush.S writes 4 KiB at sector 8, flushes, prints
// "FLUSHED" over COM1 (port I/O) and spins; Vm.stats() must show it, live and after the exit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vm, exitKinds } from '../../src/runtime/vm.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const skipReason = kvmUnavailableReason();

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
        { memoryBytes: 64 * 2 ** 20, vcpus: 1, sockets: 1, cores: 1, threads: 1, boot: 'bootrom', rom: guest('virtio_blk_flush'), debugExit: true, disks: [{ path: disk, slot: 4 }] },
        { onConsole: (b) => (out += b.toString('latin1')) },
      );
      const end = Date.now() + 60_000;
      while (!/FLUSHED \d{4}/.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(out).toMatch(/FLUSHED 0000/);
      const live = vm.stats();
      expect(live.disks).toHaveLength(1);
      expect(live.disks[0]).toMatchObject({ path: disk, slot: 4, function: 0, writeRequests: 1, writeBytes: 4096, flushRequests: 1, readRequests: 0, readBytes: 0, errors: 0 });
      expect(live.nics).toEqual([]);
      // "FLUSHED 0000\n" alone is 13 COM1 writes; the virtio setup is config-space port I/O or MMIO.
      expect(live.exits.io).toBeGreaterThanOrEqual(13);
      expect(live.exits.shutdown).toBe(0);
      const sum = exitKinds.reduce((n, k) => n + live.exits[k], 0);
      expect(sum).toBe(live.userspaceExits);

      vm.forceStop();
      expect(await vm.exited).toBe(4);
      await new Promise((r) => setImmediate(r));  // the handle is destroyed after the exit callback
      const after = vm.stats();
      expect(after.disks[0]).toMatchObject({ writeRequests: 1, writeBytes: 4096, flushRequests: 1 });
      expect(after.exits.io).toBeGreaterThanOrEqual(live.exits.io);
      expect(after.userspaceExits).toBeGreaterThanOrEqual(live.userspaceExits);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
