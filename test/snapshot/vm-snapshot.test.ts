// VM snapshots end to end on the real /dev/kvm (docs/vm-snapshots.md): the `counter` micro guest is
// snapshotted while it runs, its process killed, and a new process restored from the file goes on
// counting where it was; a restore into another memory size, or from a truncated file, is refused.
// Prints what this host's KVM refused to save or restore (nothing, on the PVM host measured).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';
import { counts, runChild } from './counter-child.js';

const skipReason = kvmUnavailableReason();
describe('VM snapshot and restore on KVM', () => {
  let dir: string;
  let snap: string;
  beforeAll(() => {
    if (!skipReason) prepareNative();
    dir = mkdtempSync(join(tmpdir(), 'tshyve-snap-'));
    snap = join(dir, 'counter.snap');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('snapshots a counting guest, and a new process restored from it counts on from there', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const first = runChild(['run', snap]);
    await first.waitFor((c) => c.reports().some((r) => r.snapshot));
    // The guest goes on after the snapshot (resume), then its process dies without notice.
    await first.waitFor((c) => counts(c.stdout()).includes(8));
    await first.kill();
    const taken = first.reports().find((r) => r.snapshot)!.snapshot as { fileBytes: number; memoryBytes: number; refused: string[] };
    console.log(
      `snapshot: ${taken.fileBytes} bytes, ${taken.memoryBytes} bytes of RAM; KVM refused to save: ${JSON.stringify(taken.refused)}`,
    );
    expect(statSync(snap).mode & 0o777).toBe(0o600);
    expect(taken.fileBytes).toBe(statSync(snap).size);
    expect(taken.memoryBytes).toBeLessThan(1 << 20); // sparse: a 64 MiB guest that touched a few pages

    const second = runChild(['restore', snap]);
    await second.waitFor((c) => counts(c.stdout()).length >= 4);
    await second.kill();
    const restored = second.reports().find((r) => r.restored) as { refused: string[] } | undefined;
    console.log(`restore: KVM refused to take back: ${JSON.stringify(restored?.refused)}`);
    expect(restored).toBeDefined();
    const after = counts(second.stdout());
    expect(second.stdout()).not.toContain('counter start');
    // Snapshot taken just after `count 0005`: the guest may have started the next line.
    expect(after[0]).toBeGreaterThanOrEqual(6);
    expect(after[0]).toBeLessThanOrEqual(7);
    for (let i = 1; i < after.length; ++i) expect(after[i]).toBe(after[i - 1]! + 1);
  }, 90_000);

  it('snapshot --stop ends the VM with status 1 (poweroff) after writing the file', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const stopped = join(dir, 'stopped.snap');
    const child = runChild(['run-stop', stopped]);
    await child.waitFor((c) => c.reports().some((r) => 'exited' in r));
    expect(child.reports().find((r) => 'exited' in r)!.exited).toBe(1);
    expect(statSync(stopped).size).toBeGreaterThan(0);
    expect(counts(child.stdout()).at(-1)).toBeLessThanOrEqual(6);
  }, 60_000);

  it('refuses a restore into another memory size, naming both', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const child = runChild(['restore', snap, '128']);
    expect(await child.exited).toBe(2);
    const r = child.reports().find((x) => x.error)!;
    expect(r.code).toBe('TSHYVE_RESTORE_REFUSED');
    expect(r.error).toMatch(/64 MiB of memory, this VM has 128 MiB/);
  }, 30_000);

  it('refuses a truncated or garbled snapshot with a message', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const bytes = readFileSync(snap);
    const cut = join(dir, 'cut.snap');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100), { mode: 0o600 });
    const truncated = runChild(['restore', cut]);
    expect(await truncated.exited).toBe(2);
    expect(truncated.reports().find((x) => x.error)!.error).toMatch(/truncated/);
    const garbled = Buffer.from(bytes);
    garbled[0] = garbled[0]! ^ 0xff;
    writeFileSync(cut, garbled, { mode: 0o600 });
    const bad = runChild(['restore', cut]);
    expect(await bad.exited).toBe(2);
    expect(bad.reports().find((x) => x.error)!.error).toMatch(/bad magic/);
  }, 30_000);
});
