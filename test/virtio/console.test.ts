// virtio-console multiport on a running VM (virtio 1.2 §5.3): every configured port gets its own
// unix socket (0600) that accepts a client while the VM runs and disappears when the VM is gone.
// The control protocol itself is covered natively (native/test/test_virtio_console.cc).
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, beforeAll, expect, it } from 'vitest';
import { Vm } from '../../src/runtime/vm.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const skipReason = kvmUnavailableReason();

describe('virtio-console ports on a running VM', () => {
  beforeAll(() => {
    if (!skipReason) prepareNative();
  });

  it('puts each named port on its own 0600 socket', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-vcon-'));
    const paths = ['org.tshyve.agent', 'log'].map((n) => join(dir, `console-${n}.sock`));
    const vm = Vm.start(
      { memoryBytes: 32 * 2 ** 20, vcpus: 1, sockets: 1, cores: 1, threads: 1, boot: 'bootrom', rom: guest('waiter'), debugExit: true,
        consoles: [{ slot: 6, ports: [{ name: 'org.tshyve.agent', path: paths[0]! }, { name: 'log', path: paths[1]! }, { name: 'unconnected' }] }] },
    );
    try {
      for (const p of paths) expect(statSync(p).mode & 0o777).toBe(0o600);
      for (const p of paths) {
        await new Promise<void>((resolve, reject) => {
          const s = connect(p, () => { s.end(); resolve(); });
          s.on('error', reject);
        });
      }
    } finally {
      vm.forceStop();
      await vm.exited;
    }
    await new Promise((r) => setTimeout(r, 50)); // the handle is destroyed after the exit callback
    for (const p of paths) expect(existsSync(p)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);
});
