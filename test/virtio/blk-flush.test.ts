// Data safety (virtio 1.2 §5.2.6.2 VIRTIO_BLK_T_FLUSH): once the guest's FLUSH completed, kill -9 of
// the VM process loses none of the flushed data. The micro guest test/guests/virtio_blk_flush.S
// writes 4 KiB at sector 8, flushes, prints "FLUSHED", and spins until the test kills the process.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const skipReason = kvmUnavailableReason();

describe('virtio-blk data safety', () => {
  it('flushed data survives kill -9 of the VMM', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    prepareNative();
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-flush-'));
    try {
      const disk = join(dir, 'disk.img');
      writeFileSync(disk, Buffer.alloc(1 << 20));
      const config = {
        memoryBytes: 64 * 2 ** 20,
        vcpus: 1,
        sockets: 1,
        cores: 1,
        threads: 1,
        boot: 'bootrom',
        rom: guest('virtio_blk_flush'),
        debugExit: true,
        disks: [{ path: disk, slot: 4 }],
      };
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(repoRoot, 'test', 'virtio', 'run-guest.ts'), JSON.stringify(config), '60000'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
      const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, sig) => r(sig)));
      const end = Date.now() + 60_000;
      while (!out.includes('FLUSHED') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50)); // the status line
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(out).toMatch(/FLUSHED 0000/); // both requests completed with VIRTIO_BLK_S_OK
      const data = readFileSync(disk).subarray(8 * 512, 8 * 512 + 4096);
      expect(data.subarray(0, 19).toString('latin1')).toBe('TSHYVE-FLUSHED-DATA');
      expect(data.subarray(19).every((b) => b === 0x5a)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
