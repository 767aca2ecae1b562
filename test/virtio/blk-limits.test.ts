// A disk IOPS limit on a real VM process (KVM): the manifest's `disks[].limits` resolved, mapped to the
// native config and applied by virtio-blk. The micro guest test/guests/virtio_blk_flush.S sends a
// write then a flush; with 4 requests/s and a bucket of one, the flush waits ~250 ms in the ring,
// completes OK, and the disk's throttled counter says so. The same guest without a limit is the baseline.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { virtioDevicesOf } from '../../src/runtime/native-config.js';
import { Vm } from '../../src/runtime/vm.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const skipReason = kvmUnavailableReason();

async function runFlushGuest(disk: string, limits: string): Promise<{ ms: number; out: string; throttled: number }> {
  const text = `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: lim }
spec:
  cpus: 1
  memory: 64MiB
  firmware: { bootrom: { image: ${guest('virtio_blk_flush')} } }
  disks:
    - path: ${disk}
      slot: "4"
${limits}
`;
  const loaded = loadSpecTexts([{ file: 'lim.yaml', text }]);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const devices = virtioDevicesOf(loaded.state.vms[0]!);
  let out = '';
  const t0 = performance.now();
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
      disks: devices.disks!,
    },
    { onConsole: (b) => (out += b.toString('latin1')) },
  );
  const end = Date.now() + 60_000;
  while (!/FLUSHED \d{4}|FAILED/.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  const ms = performance.now() - t0;
  const throttled = vm.stats().disks[0]?.throttled ?? -1;
  vm.forceStop();
  await vm.exited;
  return { ms, out, throttled };
}

describe('virtio-blk limits on a real VM process', () => {
  it('holds the second request back for the refill and completes it', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    prepareNative();
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-blk-limits-'));
    try {
      const [a, b] = [join(dir, 'a.img'), join(dir, 'b.img')]; // each VM locks its disk
      writeFileSync(a, Buffer.alloc(1 << 20));
      writeFileSync(b, Buffer.alloc(1 << 20));
      const free = await runFlushGuest(a, '');
      const limited = await runFlushGuest(b, '      limits: { iops: 4, iopsBurst: 1 }');
      expect(free.out).toMatch(/FLUSHED 0000/);
      expect(free.throttled).toBe(0);
      expect(limited.out).toMatch(/FLUSHED 0000/);
      expect(limited.throttled).toBeGreaterThanOrEqual(1);
      // 250 ms for the second token (less scheduling slack), beyond whatever the unlimited run took.
      expect(limited.ms - free.ms).toBeGreaterThan(200);
      console.log(
        `flush guest: unlimited ${free.ms.toFixed(0)} ms, 4 IOPS (bucket 1) ${limited.ms.toFixed(0)} ms, throttled ${limited.throttled}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
