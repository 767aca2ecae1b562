// The GitOps loop without root or KVM: a fake host backend, host-only manifests, short timers.
// Debounce coalesces bursts, transient failures retry with doubling delays, an invalid edit is held
// at its last good version (nothing deleted), the resync repairs drift by itself.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWatchStatus } from '../../src/watch/watch-status.js';
import { WatchLoop, type WatchOptions } from '../../src/watch/watch-loop.js';
import { FakeHost } from './fake-host.js';

const bridge = (name: string, mtu = 1500) =>
  `apiVersion: tshyve.dev/v1alpha1\nkind: Bridge\nmetadata: { name: ${name} }\nspec: { name: ${name}, mtu: ${mtu}, addresses: [10.77.0.1/24] }\n`;

let work: string;
let loop: WatchLoop | undefined;
let running: Promise<void> | undefined;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tshyve-loop-'));
  mkdirSync(join(work, 'vms'));
});
afterEach(async () => {
  await loop?.stop();
  await running;
  loop = undefined;
  rmSync(work, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function start(host: FakeHost, extra: Partial<WatchOptions> = {}) {
  const log: string[] = [];
  loop = new WatchLoop({
    dir: join(work, 'vms'),
    stateDir: join(work, 'state'),
    host: { name: 'test', labels: {} },
    resyncMs: 600_000,
    debounceMs: 30,
    backend: host,
    retryBaseMs: 20,
    log: (l) => log.push(l),
    ...extra,
  });
  running = loop.start();
  return log;
}

describe('WatchLoop', () => {
  it('applies the manifests on start and coalesces a burst of changes into one pass', async () => {
    const host = new FakeHost();
    writeFileSync(join(work, 'vms', 'lan.yaml'), bridge('tshlp0'));
    const log = start(host);
    await until('the bridge', () => host.links.get('tshlp0')?.addresses.includes('10.77.0.1/24'));
    const before = host.observations;
    for (let i = 0; i < 5; i++) loop!.markDirty(`burst ${i}`);
    await until('the burst pass', () => host.observations > before);
    await new Promise((r) => setTimeout(r, 150));
    expect(host.observations - before).toBe(1);
    expect(log.some((l) => l.startsWith('start: applying'))).toBe(true);
  });

  it('retries a transient host failure with doubling delays, then converges', async () => {
    const host = new FakeHost();
    host.failures = 3;
    writeFileSync(join(work, 'vms', 'lan.yaml'), bridge('tshlp1'));
    const log = start(host);
    await until('the bridge after the retries', () => host.links.has('tshlp1'));
    expect(log.filter((l) => l.startsWith('retrying in'))).toEqual(['retrying in 20 ms', 'retrying in 40 ms', 'retrying in 80 ms']);
    const status = await until('a clean status', async () => {
      const s = await readWatchStatus(join(work, 'state'));
      return s?.lastSync?.ok && s.errors.length === 0 && s;
    });
    expect(status.nextRetryAt).toBeUndefined();
  });

  it('holds an invalid edit at its last good version: nothing is deleted, status names the file', async () => {
    const host = new FakeHost();
    const file = join(work, 'vms', 'lan.yaml');
    writeFileSync(file, bridge('tshlp2'));
    start(host);
    await until('the bridge', () => host.links.has('tshlp2'));
    writeFileSync(file, bridge('tshlp2').replace('mtu: 1500', 'mtu: lots'));
    const status = await until('the held-back file in status', async () => {
      const s = await readWatchStatus(join(work, 'state'));
      return s?.heldBack.includes(file) && s;
    });
    expect(status.diagnostics.some((d) => d.path === 'spec.mtu')).toBe(true);
    expect(host.links.has('tshlp2')).toBe(true);
    expect(host.ran.some((op) => op.op === 'link.delete')).toBe(false);
  });

  it('the resync repairs drift with no file change', async () => {
    const host = new FakeHost();
    writeFileSync(join(work, 'vms', 'lan.yaml'), bridge('tshlp3'));
    const log = start(host, { resyncMs: 100 });
    await until('the bridge', () => host.links.has('tshlp3'));
    host.links.delete('tshlp3'); // removed by hand
    await until('the bridge back by resync', () => host.links.has('tshlp3'));
    expect(log.some((l) => l.startsWith('resync: applying'))).toBe(true);
  });
});
