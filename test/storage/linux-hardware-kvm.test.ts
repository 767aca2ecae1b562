// Hardware-KVM checks of the bhyve-peripheral devices with real guests (issue: AHCI, NVMe, e1000 on
// tshyve's VMM): the Debian cloud kernel (PVH vmlinux) with the busybox initramfs and the kernel
// package's own drivers finds and mounts its root filesystem on an AHCI disk and on an NVMe namespace,
// and brings up an e1000 that answers pings from the host's tap; an installer ISO boots from ahci-cd
// through SeaBIOS. The cloud kernel has NVMe built in but no AHCI or e1000 driver (CONFIG_SATA_AHCI,
// CONFIG_E1000 unset): those tests take TSHYVE_HW_KERNEL_DEB, a generic linux-image-*-amd64 .deb, and
// boot its bzImage. On a PVM host (kvm_pvm) an unmodified kernel stops in early init: each test skips
// there with that reason. README "Hardware-KVM checks" says how to run them.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NativeVmConfig } from '../../src/runtime/native.js';
import { repoRoot } from '../../src/runtime/native.js';
import { Vm, type VmStats } from '../../src/runtime/vm.js';
import { kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';
import { BIOS } from '../support/grub-boot.js';
import { initramfsWith, linuxGuestCache, moduleBytes, unpackKernelModules } from '../support/initramfs.js';

const cache = linuxGuestCache;
const isPvm = existsSync('/sys/module/kvm_pvm');
const linuxReason = () =>
  kvmUnavailableReason() ??
  (isPvm
    ? 'needs hardware KVM; this host has kvm_pvm, where an unmodified kernel stops in early init (lock cmpxchg16b/xrstor/int3 are not emulated)'
    : undefined) ??
  (['vmlinux', 'kernel.deb', 'initramfs.cpio.gz'].every((f) => existsSync(join(cache, f)))
    ? undefined
    : `${cache}/vmlinux, kernel.deb or initramfs.cpio.gz absent: run scripts/fetch-guest-kernel.sh and scripts/build-initramfs.sh`);
const MARKER = 'tshyve-root-on-the-device';

// A file of a kernel package (dpkg-deb's tar stream, members as `./boot/...`).
const debMember = (deb: string, glob: string) =>
  execFileSync('sh', ['-c', 'dpkg-deb --fsys-tarfile "$1" | tar -xO --wildcards "$2"', 'sh', deb, glob], { maxBuffer: 64 << 20 });

interface Kernel {
  deb: string; // its modules
  kernel: string; // what tshyve boots: the cloud kernel's PVH vmlinux, or another package's bzImage
}
// The cloud kernel when its config has `option` (=y or =m), else TSHYVE_HW_KERNEL_DEB's; a reason if neither.
function kernelWith(option: string, work: string): Kernel | string {
  const has = (deb: string) => new RegExp(`^${option}=[ym]$`, 'm').test(debMember(deb, './boot/config-*').toString('latin1'));
  const cloud = join(cache, 'kernel.deb');
  if (has(cloud)) return { deb: cloud, kernel: join(cache, 'vmlinux') };
  const other = process.env.TSHYVE_HW_KERNEL_DEB;
  if (!other || !existsSync(other))
    return `the Debian cloud kernel lacks ${option}: set TSHYVE_HW_KERNEL_DEB to a linux-image-*-amd64 .deb that has it`;
  if (!has(other)) return `${other} lacks ${option}`;
  const kernel = join(work, 'bzImage');
  writeFileSync(kernel, debMember(other, './boot/vmlinuz-*'));
  return { deb: other, kernel };
}

// The modules `wanted` and what they depend on (each module's own `depends=` in .modinfo), in load
// order; a built-in one is not there and needs nothing.
function moduleClosure(moddir: string, wanted: string[]): string[] {
  const paths = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.includes('.ko')) paths.set(e.name.split('.ko')[0]!.replace(/-/g, '_'), join(d, e.name));
  };
  walk(moddir);
  const text = (p: string) => moduleBytes(p).toString('latin1');
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !paths.has(name)) return;
    seen.add(name);
    const m = /depends=([^\0]*)/.exec(text(paths.get(name)!));
    for (const d of m?.[1]?.split(',').filter(Boolean) ?? []) visit(d.replace(/-/g, '_'));
    order.push(paths.get(name)!);
  };
  wanted.forEach(visit);
  return order;
}

// The cached initramfs with an appended cpio archive: `modules` (and dependencies) and an /init that
// loads them, runs `script`, prints TSHYVE-HW-END and powers off (later archive entries replace earlier ones).
function initrdWith(work: string, deb: string, modules: string[], script: string): string {
  const moddir = unpackKernelModules(deb, join(work, 'pkg'));
  const img = join(work, 'img');
  mkdirSync(join(img, 'lib', 'modules', 'hw'), { recursive: true });
  mkdirSync(join(img, 'bin'), { recursive: true });
  mkdirSync(join(img, 'mnt'), { recursive: true });
  for (const applet of ['ping', 'dd', 'md5sum', 'grep', 'cut', 'cat']) symlinkSync('busybox', join(img, 'bin', applet));
  const insmods = moduleClosure(moddir, modules).map((src) => {
    const name = src.split('/').pop()!.replace(/\.xz$/, '');
    writeFileSync(join(img, 'lib', 'modules', 'hw', name), moduleBytes(src));
    return `insmod /lib/modules/hw/${name}`;
  });
  const init = [
    '#!/bin/sh',
    'mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev',
    ...insmods,
    'sleep 2',
    'echo TSHYVE-HW-START',
    script,
    'echo TSHYVE-HW-END',
    'poweroff -f',
  ];
  writeFileSync(join(img, 'init'), init.join('\n') + '\n', { mode: 0o755 });
  return initramfsWith(img, join(work, 'initrd-hw.cpio'));
}

// An ext2 filesystem image holding /marker.
function rootImage(work: string): string {
  const tree = join(work, 'tree');
  mkdirSync(tree, { recursive: true });
  writeFileSync(join(tree, 'marker'), `${MARKER}\n`);
  const out = join(work, 'root.img');
  execFileSync('mke2fs', ['-q', '-t', 'ext2', '-d', tree, '-F', out, '16M'], { stdio: 'ignore' });
  return out;
}

const linuxBase = (k: Kernel, initrd: string): NativeVmConfig => ({
  memoryBytes: 512 * 2 ** 20,
  vcpus: 1,
  sockets: 1,
  cores: 1,
  threads: 1,
  boot: 'linux',
  kernel: k.kernel,
  initrd,
  cmdline: 'console=ttyS0 rdinit=/init',
});

async function runLinux(config: NativeVmConfig, ms: number): Promise<{ out: string; stats: VmStats }> {
  let out = '';
  const vm = Vm.start(config, { onConsole: (b) => (out += b.toString('latin1')) });
  const timer = setTimeout(() => vm.forceStop(), ms);
  await vm.exited;
  clearTimeout(timer);
  await new Promise((r) => setImmediate(r));
  return { out, stats: vm.stats() };
}

const mountScript = (dev: string) =>
  `for i in 1 2 3 4 5; do [ -b ${dev} ] && break; sleep 1; done; ls /sys/block | tr "\\n" " "; echo; ` +
  `mount -t ext4 -o ro ${dev} /mnt && echo "ROOT: $(cat /mnt/marker)"`;

describe('Linux on the bhyve peripherals (hardware KVM)', () => {
  it('the Debian cloud kernel finds and mounts its root filesystem on an AHCI disk', { timeout: 600_000 }, async (ctx) => {
    const early = linuxReason();
    if (early) return ctx.skip(early);
    const work = mkdtempSync(join(tmpdir(), 'tshyve-hw-ahci-'));
    try {
      const k = kernelWith('CONFIG_SATA_AHCI', work);
      if (typeof k === 'string') return ctx.skip(k);
      prepareNative();
      const root = rootImage(work);
      const initrd = initrdWith(work, k.deb, ['ahci', 'sd_mod', 'ext4'], mountScript('/dev/sda'));
      const { out, stats } = await runLinux({ ...linuxBase(k, initrd), ahci: [{ slot: 4, ports: [{ kind: 'hd', path: root }] }] }, 300_000);
      expect(out).toMatch(/ahci 0000:00:04\.0: AHCI/);
      expect(out).toContain(`ROOT: ${MARKER}`);
      expect(out).toContain('TSHYVE-HW-END');
      expect(stats.disks.find((d) => d.path === root)?.readRequests).toBeGreaterThan(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('the Debian cloud kernel finds and mounts its root filesystem on an NVMe namespace', { timeout: 600_000 }, async (ctx) => {
    const early = linuxReason();
    if (early) return ctx.skip(early);
    const work = mkdtempSync(join(tmpdir(), 'tshyve-hw-nvme-'));
    try {
      const k = kernelWith('CONFIG_BLK_DEV_NVME', work);
      if (typeof k === 'string') return ctx.skip(k);
      prepareNative();
      const root = rootImage(work);
      const initrd = initrdWith(work, k.deb, ['nvme', 'ext4'], mountScript('/dev/nvme0n1'));
      const { out, stats } = await runLinux({ ...linuxBase(k, initrd), nvme: [{ path: root, slot: 4, serial: 'hw-nvme' }] }, 300_000);
      expect(out).toMatch(/nvme nvme0: \d+\/\d+\/\d+ default\/read\/poll queues/);
      expect(out).toContain(`ROOT: ${MARKER}`);
      expect(out).toContain('TSHYVE-HW-END');
      expect(stats.disks.find((d) => d.path === root)?.readRequests).toBeGreaterThan(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('the Debian cloud kernel brings up an e1000 that answers pings from the host tap', { timeout: 600_000 }, async (ctx) => {
    const early = linuxReason() ?? (process.getuid?.() === 0 ? undefined : 'needs root for a network namespace');
    if (early) return ctx.skip(early);
    const work = mkdtempSync(join(tmpdir(), 'tshyve-hw-e1000-'));
    const k = kernelWith('CONFIG_E1000', work);
    if (typeof k === 'string') {
      rmSync(work, { recursive: true, force: true });
      return ctx.skip(k);
    }
    prepareNative();
    const ns = `tshyve-hw-${process.pid}`;
    execFileSync('ip', ['netns', 'add', ns]);
    try {
      execFileSync('ip', ['-n', ns, 'tuntap', 'add', 'dev', 'tshw0', 'mode', 'tap']);
      execFileSync('ip', ['-n', ns, 'addr', 'add', '10.99.0.1/24', 'dev', 'tshw0']);
      execFileSync('ip', ['-n', ns, 'link', 'set', 'tshw0', 'up']);
      const mac = '58:9c:fc:0e:20:01';
      const script =
        'ip link set eth0 up && ip addr add 10.99.0.2/24 dev eth0 && echo "MAC: $(cat /sys/class/net/eth0/address)"; ' +
        'ping -c 3 -W 2 10.99.0.1';
      const config = { ...linuxBase(k, initrdWith(work, k.deb, ['e1000'], script)), e1000: [{ tap: 'tshw0', mac, slot: 6 }] };
      const child = spawn(
        'ip',
        [
          'netns',
          'exec',
          ns,
          process.execPath,
          '--import',
          'tsx',
          join(repoRoot, 'test', 'virtio', 'run-guest.ts'),
          JSON.stringify(config),
          '300000',
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
      await new Promise((r) => child.on('exit', r));
      expect(out).toMatch(/e1000 0000:00:06\.0 eth0: Intel\(R\) PRO\/1000 Network Connection/);
      expect(out).toContain(`MAC: ${mac}`);
      expect(out).toMatch(/3 packets transmitted, 3 packets received/);
      const stats = JSON.parse(/^STATS (.*)$/m.exec(out)![1]!) as VmStats;
      expect(stats.nics.find((n) => n.tap === 'tshw0')?.rxPackets).toBeGreaterThanOrEqual(3);
    } finally {
      execFileSync('ip', ['netns', 'delete', ns]);
      rmSync(work, { recursive: true, force: true });
    }
  });

  // TSHYVE_INSTALLER_ISO: a FreeBSD, Debian or Windows installer ISO. Its loader reading its kernel
  // (many MiB) off the CD within the time is the check; TSHYVE_INSTALLER_EXPECT (a regex) adds one on COM1.
  it('an installer ISO boots from ahci-cd through SeaBIOS', { timeout: 600_000 }, async (ctx) => {
    const iso = process.env.TSHYVE_INSTALLER_ISO;
    const reason =
      kvmUnavailableReason() ??
      (isPvm ? 'needs hardware KVM; this host has kvm_pvm, where installer loaders and kernels run emulated and stop early' : undefined) ??
      (iso && existsSync(iso) ? undefined : 'TSHYVE_INSTALLER_ISO is not set to an installer ISO') ??
      (existsSync(BIOS) ? undefined : `${BIOS} missing (apt-get install seabios)`);
    if (reason) return ctx.skip(reason);
    prepareNative();
    const work = mkdtempSync(join(tmpdir(), 'tshyve-hw-iso-'));
    try {
      const blank = join(work, 'disk.img');
      execFileSync('truncate', ['-s', '4G', blank]);
      let out = '';
      const vm = Vm.start(
        {
          memoryBytes: 2048 * 2 ** 20,
          vcpus: 2,
          sockets: 1,
          cores: 2,
          threads: 1,
          boot: 'bootrom',
          rom: BIOS,
          ahci: [
            {
              slot: 4,
              ports: [
                { kind: 'hd', path: blank },
                { kind: 'cd', path: iso!, readOnly: true },
              ],
            },
          ],
        },
        { onConsole: (b) => (out += b.toString('latin1')) },
      );
      const cdBytes = () => vm.stats().disks.find((d) => d.path === iso)?.readBytes ?? 0;
      const expectRe = process.env.TSHYVE_INSTALLER_EXPECT ? new RegExp(process.env.TSHYVE_INSTALLER_EXPECT) : undefined;
      const end = Date.now() + 300_000;
      while (Date.now() < end && vm.running && (cdBytes() < 32 * 2 ** 20 || (expectRe && !expectRe.test(out))))
        await new Promise((r) => setTimeout(r, 500));
      const read = cdBytes();
      vm.forceStop();
      await vm.exited;
      expect(read).toBeGreaterThanOrEqual(32 * 2 ** 20);
      if (expectRe) expect(out).toMatch(expectRe);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
