// VM snapshots with a virtio device on the real /dev/kvm (docs/vm-snapshots.md): the
// `virtio_blk_counter` micro guest writes each count to its virtio-blk disk before printing it; it
// is snapshotted while it runs, its process killed, and a new process restored from the file goes on
// counting and writing (the queue's indices came back: a lost index stalls or breaks the device). A
// restore into a VM without the disk is refused by the machine hash. The VM also has a
// virtio-console port (not driven by this guest): it is saved and restored with the rest, and its
// socket takes a client again in the restored process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';
import { counts, runChild } from './counter-child.js';

const skipReason = kvmUnavailableReason();

describe('VM snapshot and restore with virtio-blk on KVM', () => {
  let dir: string;
  let snap: string;
  let disk: string;
  let sock: string;
  beforeAll(() => {
    if (!skipReason) prepareNative();
    dir = mkdtempSync(join(tmpdir(), 'tshyve-vsnap-'));
    snap = join(dir, 'blk.snap');
    disk = join(dir, 'disk.img');
    sock = join(dir, 'port.sock');
    writeFileSync(disk, Buffer.alloc(1 << 20));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a guest mid-way through virtio-blk requests goes on after restore in a new process', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const env = { TSHYVE_TEST_DISK: disk, TSHYVE_TEST_CONSOLE: sock };
    const first = runChild(['run', snap], env);
    await first.waitFor((c) => c.reports().some((r) => r.snapshot || r.error));
    expect(first.reports().find((r) => r.error)).toBeUndefined();
    await first.waitFor((c) => counts(c.stdout()).includes(8));
    await first.kill();
    expect(first.stdout()).not.toContain('FAILED');
    const taken = first.reports().find((r) => r.snapshot)!.snapshot as { fileBytes: number; pauseMs: number; totalMs: number };
    console.log(
      `snapshot with virtio-blk and -console: ${taken.fileBytes} bytes, vCPUs paused ${taken.pauseMs.toFixed(1)} ms, ${taken.totalMs.toFixed(1)} ms in all`,
    );

    const second = runChild(['restore', snap], env);
    await second.waitFor((c) => counts(c.stdout()).length >= 4 || c.stdout().includes('FAILED') || c.reports().some((r) => r.error));
    // The console port's socket, bound again by the restored process, takes a client.
    await new Promise<void>((resolve, reject) => {
      const client = connect(sock, () => {
        client.destroy();
        resolve();
      });
      client.on('error', reject);
    });
    await second.kill();
    expect(second.reports().find((r) => r.error)).toBeUndefined();
    expect(second.stdout()).not.toContain('FAILED');
    expect(second.stdout()).not.toContain('counter start');
    const after = counts(second.stdout());
    // Snapshot taken just after `count 0005`: the guest may have started the next request and line.
    expect(after[0]).toBeGreaterThanOrEqual(6);
    expect(after[0]).toBeLessThanOrEqual(7);
    for (let i = 1; i < after.length; ++i) expect(after[i]).toBe(after[i - 1]! + 1);
    // Each count reaches the disk before its line: sector 0 holds the last printed one or the next.
    const onDisk = readFileSync(disk).readUInt16LE(0);
    expect(onDisk - after.at(-1)!).toBeGreaterThanOrEqual(0);
    expect(onDisk - after.at(-1)!).toBeLessThanOrEqual(1);
  }, 90_000);

  it('refuses to restore it into a VM without the disk (another device set)', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const child = runChild(['restore', snap], { TSHYVE_TEST_CONSOLE: sock });
    expect(await child.exited).toBe(2);
    const r = child.reports().find((x) => x.error)!;
    expect(r.code).toBe('TSHYVE_RESTORE_REFUSED');
    expect(r.error).toMatch(/different machine/);
  }, 30_000);
});
