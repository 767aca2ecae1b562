// virtio-9p on the real VMM (KVM): the micro guest test/guests/virtio_9p.S speaks 9P2000.L over the
// device's virtqueue (as Linux's trans_virtio does) to a share of a host directory this test makes:
// it creates and writes guest.txt, reads the host's host.txt; on a read-only share every change fails.
// The 9P worker thread runs under its seccomp allow-list (seccomp is on by default). On hardware
// KVM only, Debian's cloud kernel mounts the share with v9fs and writes through it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vm } from '../../src/runtime/vm.js';
import { kvmUnavailableReason, prepareNative, runGuest } from '../runtime/kvm-env.js';
import { initramfsWith, linuxGuestCache, moduleBytes, unpackKernelModules } from '../support/initramfs.js';

const skipReason = kvmUnavailableReason();
const HOST_DATA = 'HOST-FILE-16-BYT';

// Reply types the guest prints: Rversion 101, Rattach 105, Rwalk 111, Rlcreate 15, Rwrite 119,
// Rclunk 121, Rwalk, Rlopen 13, Rread 117; Rlerror is 7.
const hex = (types: number[]) => types.map((t) => t.toString(16).padStart(4, '0')).join(' ');

describe('virtio-9p share (micro guest)', () => {
  let dir: string;
  beforeAll(() => {
    if (!skipReason) prepareNative();
    dir = mkdtempSync(join(tmpdir(), 'tshyve-9p-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a guest creates and writes a file in the share and reads a host file', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const share = join(dir, 'rw');
    rmSync(share, { recursive: true, force: true });
    mkdirSync(share);
    writeFileSync(join(share, 'host.txt'), HOST_DATA);
    const { status, output } = await runGuest('virtio_9p', { shares: [{ tag: 'hostshare', path: share, slot: 4 }] });
    expect(output).toContain(`9P ${hex([101, 105, 111, 15, 119, 121, 111, 13, 117])}`);
    expect(output).toContain(`DATA ${HOST_DATA}`);
    expect(status).toBe(1);
    expect(readFileSync(join(share, 'guest.txt'), 'latin1')).toBe('TSHYVE-9P-GUEST-WRITE');
  });

  it('a read-only share refuses the create and the write and still serves reads', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const share = join(dir, 'ro');
    rmSync(share, { recursive: true, force: true });
    mkdirSync(share);
    writeFileSync(join(share, 'host.txt'), HOST_DATA);
    const { status, output } = await runGuest('virtio_9p', { shares: [{ tag: 'ro', path: share, readOnly: true, slot: 4 }] });
    // Tlcreate -> Rlerror(EROFS); Twrite on the never-opened fid -> Rlerror(EBADF); Tclunk still works.
    expect(output).toContain(`9P ${hex([101, 105, 111, 7, 7, 121, 111, 13, 117])}`);
    expect(output).toContain(`DATA ${HOST_DATA}`);
    expect(status).toBe(1);
    expect(existsSync(join(share, 'guest.txt'))).toBe(false);
  });
});

const cache = linuxGuestCache;
const isPvm = existsSync('/sys/module/kvm_pvm');

// The kernel package's 9p modules (9pnet, 9pnet_virtio, netfs, 9p) as an uncompressed cpio archive,
// appended to the cached initramfs (the kernel unpacks concatenated archives in order).
function initrdWith9p(work: string): string {
  const moddir = unpackKernelModules(join(cache, 'kernel.deb'), join(work, 'pkg'));
  const img = join(work, 'img');
  mkdirSync(join(img, 'lib', 'modules', '9p'), { recursive: true });
  const mods = ['netfs', '9pnet', '9pnet_virtio', '9p'];
  const found = execFileSync('find', [moddir, '-name', '*.ko*'], { encoding: 'utf8' }).split('\n');
  for (const m of mods) {
    const src = found.find((f) => new RegExp(`/${m}\\.ko(\\.xz)?$`).test(f));
    if (!src) continue;
    writeFileSync(join(img, 'lib', 'modules', '9p', `${m}.ko`), moduleBytes(src));
  }
  return initramfsWith(img, join(work, 'initrd-9p.cpio'));
}

describe('virtio-9p share (Linux guest)', () => {
  it('the Debian cloud kernel mounts the share with v9fs, reads and writes through it', { timeout: 600_000 }, async (ctx) => {
    const reason =
      kvmUnavailableReason() ??
      (isPvm
        ? 'needs hardware KVM; this host has kvm_pvm, where an unmodified kernel stops in early init before it can mount anything'
        : undefined) ??
      (existsSync(join(cache, 'initramfs.cpio.gz')) && existsSync(join(cache, 'kernel.deb'))
        ? undefined
        : `${cache}/initramfs.cpio.gz or kernel.deb absent: run scripts/build-initramfs.sh`);
    if (reason) return ctx.skip(reason);
    prepareNative();
    const work = mkdtempSync(join(tmpdir(), 'tshyve-9p-linux-'));
    try {
      const share = join(work, 'share');
      mkdirSync(share);
      writeFileSync(join(share, 'host.txt'), HOST_DATA);
      let out = '';
      const vm = Vm.start(
        {
          memoryBytes: 512 * 2 ** 20,
          vcpus: 1,
          sockets: 1,
          cores: 1,
          threads: 1,
          boot: 'linux',
          kernel: join(cache, 'vmlinux'),
          initrd: initrdWith9p(work),
          cmdline: 'console=ttyS0 rdinit=/init',
          shares: [{ tag: 'hostshare', path: share, slot: 6 }],
        },
        { onConsole: (b) => (out += b.toString('latin1')) },
      );
      const until = async (re: RegExp, ms: number) => {
        const end = Date.now() + ms;
        while (Date.now() < end && !re.test(out) && vm.running) await new Promise((r) => setTimeout(r, 100));
        return re.test(out);
      };
      try {
        expect(await until(/TSHYVE-INITRAMFS-OK/, 300_000)).toBe(true);
        const script =
          'for m in netfs 9pnet 9pnet_virtio 9p; do insmod /lib/modules/9p/$m.ko 2>/dev/null; done; mkdir -p /mnt; ' +
          'mount -t 9p -o trans=virtio,version=9P2000.L hostshare /mnt && cat /mnt/host.txt && echo from-guest > /mnt/guest.txt && ' +
          'ls /mnt | tr "\\n" " " && echo && echo TSHYVE-9P-MOUNTED\n';
        vm.consoleInput(Buffer.from(script));
        expect(await until(/TSHYVE-9P-MOUNTED/, 120_000)).toBe(true);
        expect(out).toContain(HOST_DATA);
        expect(readFileSync(join(share, 'guest.txt'), 'latin1')).toBe('from-guest\n');
      } finally {
        vm.forceStop();
        await vm.exited;
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
