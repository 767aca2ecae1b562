// A seeded generator of valid manifests (one VirtualMachine with the Bridges, Taps and Volumes it
// uses) within what the bhyve target carries both ways; see property.test.ts for what it leaves out.

export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

type Doc = Record<string, unknown>;
const doc = (kind: string, name: string, spec: Doc): Doc => ({ apiVersion: 'tshyve.dev/v1alpha1', kind, metadata: { name }, spec });

export function generateManifests(seed: number): Doc[] {
  const r = createRandom(seed);
  const docs: Doc[] = [];
  const vmName = r.pick(['web', 'db', 'vm1', 'build-runner', 'guest']);
  const freeSlots = Array.from({ length: 28 }, (_, i) => i + 2).sort(() => r.next() - 0.5);
  const slotText = (n: number) => r.pick([`${n}`, `${n}:0`]);
  const maybeSlot = (): Doc => (r.chance(0.5) ? { slot: slotText(freeSlots.pop()!) } : {});

  const bridges: string[] = [];
  for (let i = 0; i < r.int(0, 2); i++) {
    const ifname = r.pick([`bridge${i}`, `tshbr${i}`]);
    bridges.push(ifname);
    docs.push(
      doc('Bridge', ifname, {
        name: ifname,
        ...(r.chance(0.5) ? { members: [r.pick(['igb0', 'em0', 'vtnet0'])] } : {}),
        ...(r.chance(0.4) ? { addresses: [`10.${i}.0.1/24`] } : {}),
        ...(r.chance(0.2) ? { mtu: 9000 } : {}),
      }),
    );
  }
  const taps: string[] = [];
  for (let i = 0; i < r.int(0, 3); i++) {
    const ifname = `tap${i}`;
    taps.push(ifname);
    docs.push(
      doc('Tap', ifname, {
        name: ifname,
        ...(bridges.length && r.chance(0.5) ? { bridge: r.pick(bridges) } : {}),
        ...(r.chance(0.15) ? { mtu: 1400 } : {}),
      }),
    );
  }
  const volumes: string[] = [];
  for (let i = 0; i < r.int(0, 2); i++) {
    const name = `disk${i}`;
    volumes.push(name);
    const size = r.pick(['16G', '512M', '2GiB', '1T']);
    const source = r.chance(0.2) ? { source: { image: `/images/base${i}.raw` } } : {};
    if (r.chance(0.5)) {
      docs.push(
        doc('Volume', name, {
          size,
          zfs: {
            dataset: `zroot/vms/${name}`,
            ...(r.chance(0.3) ? { volmode: 'geom' } : {}),
            ...(r.chance(0.3) ? { sparse: true } : {}),
            ...(r.chance(0.3) ? { properties: { compression: 'lz4' } } : {}),
          },
          ...source,
        }),
      );
    } else docs.push(doc('Volume', name, { size, file: { path: `/vm/${name}.img` }, ...source }));
  }

  const spec: Doc = {};
  spec.cpus = r.chance(0.6) ? r.int(1, 8) : { sockets: r.int(1, 2), cores: r.int(1, 4), threads: r.int(1, 2) };
  spec.memory = r.pick(['256M', '1G', '1024M', '4GiB', '512MiB', '24G']);
  const grubRoot = r.chance(0.2) ? r.pick(['cd0', 'hd0,msdos1']) : undefined;
  const kind = r.pick(['bootrom', 'linux', 'bhyveload'] as const);
  spec.firmware =
    kind === 'bootrom'
      ? {
          bootrom: {
            image: '/usr/local/share/uefi-firmware/BHYVE_UEFI.fd',
            ...(r.chance(0.4) ? { varsTemplate: '/usr/local/share/uefi-firmware/BHYVE_UEFI_VARS.fd' } : {}),
          },
        }
      : kind === 'bhyveload'
        ? { bhyveload: {} }
        : {
            linux: {
              kernel: '/boot/vmlinuz',
              ...(r.chance(0.5) ? { initrd: '/boot/initrd.img' } : {}),
              ...(r.chance(0.7) ? { cmdline: r.pick(['console=ttyS0', 'console=ttyS0 root=/dev/vda1 ro']) } : {}),
            },
          };
  for (const flag of [
    'acpi',
    'yieldOnHlt',
    'rtcUtc',
    'exitOnPause',
    'x2apic',
    'ignoreUnimplementedMsrs',
    'destroyOnPoweroff',
    'exitOnUnemulatedIo',
    'coreDumpGuestMemory',
    'disableMptable',
    'forceMsi',
    'wiredMemory',
  ]) {
    if (r.chance(0.3)) spec[flag] = r.chance(0.5);
  }
  if (r.chance(0.3)) spec.uuid = '6a1f5f8e-3c2d-4b7a-9e10-2f3a4b5c6d7e';
  if (r.chance(0.2)) {
    const port = r.int(1024, 65535);
    // The bind address follows from the port: no extra draw, so the rest of the stream stays as it was.
    const address = port % 3 === 0 ? '0.0.0.0' : port % 3 === 1 ? '::1' : undefined;
    spec.gdb = { port, ...(r.chance(0.5) ? { waitForAttach: true } : {}), ...(address ? { address } : {}) };
  }
  if (r.chance(0.3)) spec.cpuPinning = [{ vcpu: 0, hostCpu: r.int(0, 63) }];
  if (r.chance(0.3)) spec.hostbridge = { slot: r.pick(['0', '0:0']), ...(r.chance(0.5) ? { amd: true } : {}) };
  if (r.chance(0.3)) spec.lpc = { slot: r.pick(['31', '1', '30:0']) };
  if (spec.lpc) freeSlots.splice(freeSlots.indexOf(Number(String((spec.lpc as Doc).slot).split(':')[0])), 1);

  const disks: Doc[] = [];
  const ahciShared = r.chance(0.3) ? slotText(freeSlots.pop()!) : undefined;
  for (let i = 0; i < r.int(0, 4); i++) {
    const device = r.pick(['virtio-blk', 'virtio-blk', 'ahci-hd', 'ahci-cd', 'nvme', 'virtio-scsi'] as const);
    const source =
      volumes.length && device !== 'ahci-cd' && device !== 'virtio-scsi' && r.chance(0.5)
        ? { volume: volumes.pop()! }
        : { path: device === 'virtio-scsi' ? `/dev/cam/ctl${i}.1` : device === 'ahci-cd' ? `/iso/install${i}.iso` : `/vm/d${i}.img` };
    const options: Doc = {};
    if (device !== 'virtio-scsi') {
      if (device !== 'ahci-cd' && r.chance(0.2)) options.readOnly = true;
      if (r.chance(0.2)) options.nocache = true;
      if (r.chance(0.2)) options.direct = true;
      if (r.chance(0.2)) options.nodelete = true;
      if (r.chance(0.2)) options.sectorSize = device === 'nvme' ? '4096' : r.pick(['4096', '512/4096']);
      if (r.chance(0.2)) options.serial = `SER${i}X`;
      if (device === 'nvme' && r.chance(0.5))
        Object.assign(options, { nvmeMaxQueues: 4, nvmeQueueSize: 512, nvmeIoSlots: 16, nvmeEui64: '0x1234', nvmeDsm: 'enable' });
      if (device.startsWith('ahci') && r.chance(0.5))
        Object.assign(options, { ahciModel: 'TSHYVE DISK', ahciRevision: '1.0', ahciRotation: 1 });
    }
    const slot = device.startsWith('ahci') && ahciShared ? { slot: ahciShared } : maybeSlot();
    disks.push({ ...source, ...(device !== 'virtio-blk' ? { device } : {}), ...slot, ...(Object.keys(options).length ? { options } : {}) });
  }
  if (kind === 'bhyveload') {
    // bhyveload reads a disk: give it one, and sometimes every option bhyveload(8) has.
    if (!disks.length) disks.push({ path: '/vm/freebsd.img', ...maybeSlot() });
    spec.firmware = {
      bhyveload: {
        ...(disks.length > 1 && r.chance(0.5) ? { bootDisk: r.int(1, disks.length - 1) } : r.chance(0.2) ? { bootDisk: 0 } : {}),
        ...(r.chance(0.3)
          ? { loaderEnv: r.pick([{ boot_verbose: 'YES' }, { 'vfs.root.mountfrom': 'ufs:/dev/vtbd0p2', boot_single: 'YES' }]) }
          : {}),
        ...(r.chance(0.3) ? { consoleDevice: r.pick(['stdio', '/dev/nmdm9A']) } : {}),
        ...(r.chance(0.2) ? { hostBase: '/usr/obj/kernel' } : {}),
        ...(r.chance(0.2) ? { osLoader: '/boot/userboot.so' } : {}),
      },
    };
  }
  if (disks.length) spec.disks = disks;
  const nics: Doc[] = [];
  for (let i = 0; i < r.int(0, 3); i++) {
    const attach =
      taps.length && r.chance(0.5)
        ? { tap: r.pick(taps) }
        : bridges.length
          ? { bridge: r.pick(bridges) }
          : taps.length
            ? { tap: r.pick(taps) }
            : undefined;
    if (!attach || nics.some((n) => n.tap !== undefined && n.tap === attach.tap)) continue;
    const device = r.chance(0.3) ? 'e1000' : 'virtio-net';
    nics.push({
      ...attach,
      ...(device === 'e1000' ? { device } : {}),
      ...(r.chance(0.3) ? { mac: `00:be:fa:76:45:0${i}` } : {}),
      ...(device === 'virtio-net' && r.chance(0.2) ? { mtu: 9000 } : {}),
      ...maybeSlot(),
    });
  }
  if (nics.length) spec.nics = nics;

  const serial: Doc = {};
  let stdio = false;
  for (const port of ['com1', 'com2', 'com3', 'com4']) {
    const mode = r.pick(['stdio', 'tty', 'socket', 'off', 'log', undefined]);
    if (mode === undefined) continue;
    if ((mode === 'stdio' || mode === 'log') && stdio) continue;
    if (mode === 'stdio' || mode === 'log') stdio = true;
    serial[port] =
      mode === 'tty' ? { mode, path: `/dev/nmdm${port.slice(3)}A` } : mode === 'log' ? { mode, path: `/var/log/${vmName}.log` } : { mode };
  }
  if (Object.keys(serial).length || r.chance(0.5)) spec.serial = Object.keys(serial).length ? serial : { com1: { mode: 'off' } };
  if (r.chance(0.3)) spec.rng = r.chance(0.5) ? true : maybeSlot();
  if (r.chance(0.2)) {
    spec.consoles = [{ name: 'org.tshyve.0', ...(r.chance(0.5) ? { path: `/var/run/tshyve/${vmName}.sock` } : {}) }];
    if (r.chance(0.5)) spec.consoleSlot = slotText(freeSlots.pop()!);
  }
  if (r.chance(0.2))
    spec.framebuffer = {
      ...(r.chance(0.5) ? { listen: r.pick(['0.0.0.0:5900', '[::]:5901']) } : {}),
      ...(r.chance(0.5) ? { width: 800, height: 600 } : {}),
      ...(r.chance(0.3) ? { vga: 'off' } : {}),
      ...(r.chance(0.3) ? { wait: true } : {}),
      ...maybeSlot(),
    };
  if (r.chance(0.2)) spec.tablet = r.chance(0.5) ? true : maybeSlot();
  if (r.chance(0.2)) {
    // A writable share may not be a system location (validate-paths.ts); a read-only one of /usr may.
    const readOnly = r.chance(0.5);
    spec.shares = [{ name: 'src', path: readOnly ? '/usr/src' : '/srv/src', ...(readOnly ? { readOnly: true } : {}), ...maybeSlot() }];
  }
  if (r.chance(0.1)) {
    spec.passthrough = [{ host: '2/0/0', ...(r.chance(0.5) ? { rom: '/roms/gop.rom' } : {}), ...maybeSlot() }];
    spec.wiredMemory = true;
  }
  if (r.chance(0.15)) spec.sound = { play: '/dev/dsp0', ...(r.chance(0.5) ? { record: '/dev/dsp0' } : {}), ...maybeSlot() };
  if (r.chance(0.1)) spec.testDevice = true;
  if (r.chance(0.3))
    spec.restartPolicy = {
      onReboot: r.pick(['restart', 'stop']),
      ...(r.chance(0.5) ? { onTripleFault: 'stop', backoffInitial: '1500ms', backoffMax: '2m' } : {}),
      ...(r.chance(0.4) ? { crashLoopRestarts: r.int(1, 10), crashLoopWindow: r.pick(['30s', '5m', '1h']) } : {}),
    };
  const vm = doc('VirtualMachine', vmName, spec);
  if (grubRoot && 'linux' in (spec.firmware as Doc)) (vm.metadata as Doc).annotations = { 'bhyve.tshyve.dev/grub-root': grubRoot };
  return [...docs, vm];
}
