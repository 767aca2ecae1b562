// virtio-console multiport on a running VM (virtio 1.2 §5.3): every configured port gets its own
// unix socket (0600) that accepts a client while the VM runs and disappears when the VM is gone.
// A micro guest (test/guests/virtio_console_mp.S) runs the multiport control protocol and talks to
// the host over port 1's socket; malformed control traffic is covered natively (test_virtio_console.cc).
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
    const vm = Vm.start({
      memoryBytes: 32 * 2 ** 20,
      vcpus: 1,
      sockets: 1,
      cores: 1,
      threads: 1,
      boot: 'bootrom',
      rom: guest('waiter'),
      debugExit: true,
      consoles: [
        { slot: 6, ports: [{ name: 'org.tshyve.agent', path: paths[0]! }, { name: 'log', path: paths[1]! }, { name: 'unconnected' }] },
      ],
    });
    try {
      for (const p of paths) expect(statSync(p).mode & 0o777).toBe(0o600);
      for (const p of paths) {
        await new Promise<void>((resolve, reject) => {
          const s = connect(p, () => {
            s.end();
            resolve();
          });
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

  it('a guest driver learns the port names over the control queues and talks over port 1', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-vcon-'));
    const [a, b] = [join(dir, 'a.sock'), join(dir, 'b.sock')];
    let out = '';
    const vm = Vm.start(
      {
        memoryBytes: 32 * 2 ** 20,
        vcpus: 1,
        sockets: 1,
        cores: 1,
        threads: 1,
        boot: 'bootrom',
        rom: guest('virtio_console_mp'),
        debugExit: true,
        consoles: [
          {
            slot: 6,
            ports: [
              { name: 'org.tshyve.a', path: a },
              { name: 'org.tshyve.b', path: b },
            ],
          },
        ],
      },
      { onConsole: (d) => (out += d.toString('latin1')) },
    );
    const timer = setTimeout(() => vm.forceStop(), 30_000);
    let fromGuest = '';
    const sock = connect(b);
    sock.on('error', () => {});
    sock.on('data', (d: Buffer) => {
      fromGuest += d.toString('latin1');
      if (fromGuest.includes('\n')) sock.write('ping');
    });
    const status = await vm.exited;
    clearTimeout(timer);
    sock.destroy();
    rmSync(dir, { recursive: true, force: true });
    expect(out).toContain('port 1 name: org.tshyve.b\n');
    expect(out).toContain('host connected\n');
    expect(fromGuest).toBe('hello from port 1\n');
    expect(out).toContain('port 1 got: ping\n');
    expect(status).toBe(1);
  }, 60_000);
});
