// Every PCI device of a resolved VM as bhyve(8) `-s slot,emulation[,conf]` and as the
// bhyve_config(5) `pci.B.S.F.*` settings, in one list sorted by PCI address.
import type { PciAddress, ResolvedDisk, ResolvedVm } from '../../model/resolved.js';
import { comparePci, formatSlot } from './notation.js';
import type { BhyveDiagnostic } from './types.js';

export interface DeviceEntry {
  pci: PciAddress;
  slot: string;
  emulation: string;
  conf: string[];
  /** bhyve_config(5) settings below pci.B.S.F, `device` included. */
  settings: [string, string][];
}

const EXTRA_OPTION: Record<string, string> = {
  nvmeMaxQueues: 'maxq',
  nvmeQueueSize: 'qsz',
  nvmeIoSlots: 'ioslots',
  nvmeEui64: 'eui64',
  nvmeDsm: 'dsm',
  ahciRotation: 'nmrr',
  ahciRevision: 'rev',
  ahciModel: 'model',
};

/** Device options as bhyve(8) block-device and device options, in a fixed order. */
export function diskOptions(d: ResolvedDisk): [string, string | true][] {
  const out: [string, string | true][] = [];
  if (d.readOnly && d.device !== 'ahci-cd') out.push(['ro', true]);
  if (d.nocache) out.push(['nocache', true]);
  if (d.direct) out.push(['direct', true]);
  if (d.nodelete) out.push(['nodelete', true]);
  const defaultSector = d.device === 'ahci-cd' ? 2048 : 512;
  if (d.device === 'nvme') {
    if (d.logicalSectorSize !== defaultSector) out.push(['sectsz', String(d.logicalSectorSize)]);
  } else if (d.logicalSectorSize !== defaultSector || d.physicalSectorSize !== d.logicalSectorSize) {
    out.push([
      'sectorsize',
      d.physicalSectorSize === d.logicalSectorSize ? `${d.logicalSectorSize}` : `${d.logicalSectorSize}/${d.physicalSectorSize}`,
    ]);
  }
  if (d.serial !== undefined) out.push(['ser', d.serial]);
  for (const key of Object.keys(EXTRA_OPTION)) if (d.extra[key] !== undefined) out.push([EXTRA_OPTION[key]!, String(d.extra[key])]);
  return out;
}

function optionWords(options: [string, string | true][]): string[] {
  return options.map(([k, v]) => (v === true ? k : `${k}=${v}`));
}

function optionSettings(prefix: string, options: [string, string | true][]): [string, string][] {
  return options.map(([k, v]) => [`${prefix}${k}`, v === true ? 'true' : v]);
}

/** Where run.sh builds a VM's cloud-init seed on the FreeBSD host. */
export function cloudInitSeedIso(stateDir: string, name: string): string {
  return `${stateDir}/${name}/cidata.iso`;
}

export function buildDeviceEntries(vm: ResolvedVm, stateDir: string, report: (d: BhyveDiagnostic) => void): DeviceEntry[] {
  const at = `VirtualMachine/${vm.meta.name}`;
  const entries: DeviceEntry[] = [];
  const add = (pci: PciAddress, written: string | undefined, emulation: string, conf: string[], settings: [string, string][]) =>
    entries.push({ pci, slot: formatSlot(pci, written), emulation, conf, settings: [['device', emulation], ...settings] });
  const noComma = (value: string, where: string) => {
    if (value.includes(','))
      report({
        severity: 'error',
        code: 'bhyve.comma',
        path: `${at} ${where}`,
        message: `\`${value}\` contains a comma, which bhyve(8) -s cannot carry`,
      });
  };

  const hb = vm.hostbridge.amd ? 'amd_hostbridge' : 'hostbridge';
  add(vm.hostbridge.pci, vm.hostbridge.slotText, hb, [], []);
  add(vm.lpc.pci, vm.lpc.slotText, 'lpc', [], []);

  // Disks: ahci disks sharing a slot are the ports of one controller.
  const ahciGroups = new Map<string, number[]>();
  vm.disks.forEach((d, i) => {
    if (!d.device.startsWith('ahci')) return;
    const key = `${d.pci.bus}:${d.pci.slot}:${d.pci.function}`;
    ahciGroups.set(key, [...(ahciGroups.get(key) ?? []), i]);
  });
  const done = new Set<number>();
  vm.disks.forEach((d, i) => {
    if (done.has(i)) return;
    const written = d.slotText;
    const opts = diskOptions(d);
    for (const [, v] of opts) if (typeof v === 'string') noComma(v, `spec.disks[${i}].options`);
    noComma(d.path, `spec.disks[${i}]`);
    if (d.device === 'virtio-blk') {
      if (d.queues > 1)
        report({
          severity: 'warning',
          code: 'bhyve.unsupported-option',
          path: `${at} spec.disks[${i}].options.queues`,
          message: 'bhyve virtio-blk has one request queue; `queues` is ignored',
        });
      add(d.pci, written, 'virtio-blk', [d.path, ...optionWords(opts)], [['path', d.path], ...optionSettings('', opts)]);
    } else if (d.device === 'nvme') {
      add(d.pci, written, 'nvme', [d.path, ...optionWords(opts)], [['path', d.path], ...optionSettings('', opts)]);
    } else if (d.device === 'virtio-scsi') {
      if (opts.length)
        report({
          severity: 'warning',
          code: 'bhyve.unsupported-option',
          path: `${at} spec.disks[${i}].options`,
          message: 'bhyve virtio-scsi takes no block options; they are ignored',
        });
      add(d.pci, written, 'virtio-scsi', [d.path], [['dev', d.path]]);
    } else {
      const group = ahciGroups.get(`${d.pci.bus}:${d.pci.slot}:${d.pci.function}`)!;
      group.forEach((j) => done.add(j));
      if (group.length === 1) {
        const type = d.device === 'ahci-cd' ? 'cd' : 'hd';
        add(
          d.pci,
          written,
          d.device,
          [d.path, ...optionWords(opts)],
          [['port.0.type', type], ['port.0.path', d.path], ...optionSettings('port.0.', opts)],
        );
      } else {
        const conf: string[] = [];
        const settings: [string, string][] = [];
        group.forEach((j, port) => {
          const disk = vm.disks[j]!;
          const type = disk.device === 'ahci-cd' ? 'cd' : 'hd';
          const o = diskOptions(disk);
          conf.push(`${type}:${disk.path}`, ...optionWords(o));
          settings.push([`port.${port}.type`, type], [`port.${port}.path`, disk.path], ...optionSettings(`port.${port}.`, o));
        });
        add(d.pci, written, 'ahci', conf, settings);
      }
    }
  });

  vm.nics.forEach((n, i) => {
    const conf = [n.tapIfname];
    const settings: [string, string][] = [['backend', n.tapIfname]];
    if (!n.macGenerated) {
      conf.push(`mac=${n.mac}`);
      settings.push(['mac', n.mac]);
    }
    if (n.mtu !== undefined) {
      if (n.device === 'virtio-net') {
        conf.push(`mtu=${n.mtu}`);
        settings.push(['mtu', String(n.mtu)]);
      } else
        report({
          severity: 'warning',
          code: 'bhyve.unsupported-option',
          path: `${at} spec.nics[${i}].mtu`,
          message: 'bhyve(8) takes mtu= for virtio-net only; ignored for e1000',
        });
    }
    add(n.pci, n.slotText, n.device, conf, settings);
  });

  if (vm.rng) add(vm.rng.pci, vm.rng.slotText, 'virtio-rnd', [], []);
  // The cloud-init seed on a CD, as vm-bhyve attaches it (run.sh builds it with makefs).
  if (vm.cloudInit) {
    const iso = cloudInitSeedIso(stateDir, vm.meta.name);
    add(
      vm.cloudInit.pci,
      vm.cloudInit.slotText,
      'ahci-cd',
      [iso],
      [
        ['port.0.type', 'cd'],
        ['port.0.path', iso],
      ],
    );
  }
  if (vm.consoles) {
    const ports = vm.consoles.ports.map((p) => ({ name: p.name, path: p.path ?? `${stateDir}/${vm.meta.name}/console-${p.name}.sock` }));
    ports.forEach((p) => noComma(p.path, 'spec.consoles'));
    add(
      vm.consoles.pci,
      vm.consoles.slotText,
      'virtio-console',
      ports.map((p) => `${p.name}=${p.path}`),
      ports.flatMap((p, k): [string, string][] => [
        [`port.${k}.name`, p.name],
        [`port.${k}.path`, p.path],
      ]),
    );
  }
  vm.shares.forEach((s, i) => {
    noComma(s.path, `spec.shares[${i}].path`);
    const conf = [`${s.name}=${s.path}`, ...(s.readOnly ? ['ro'] : [])];
    add(s.pci, s.slotText, 'virtio-9p', conf, [
      ['sharename', s.name],
      ['path', s.path],
      ...(s.readOnly ? [['ro', 'true'] as [string, string]] : []),
    ]);
  });
  if (vm.framebuffer) {
    const f = vm.framebuffer;
    const conf: string[] = [];
    const settings: [string, string][] = [];
    if (f.listen !== '127.0.0.1:5900') {
      conf.push(`tcp=${f.listen}`);
      settings.push(['rfb', f.listen]);
    }
    if (f.width !== 1024) {
      conf.push(`w=${f.width}`);
      settings.push(['w', String(f.width)]);
    }
    if (f.height !== 768) {
      conf.push(`h=${f.height}`);
      settings.push(['h', String(f.height)]);
    }
    if (f.vga) {
      conf.push(`vga=${f.vga}`);
      settings.push(['vga', f.vga]);
    }
    if (f.wait) {
      conf.push('wait');
      settings.push(['wait', 'true']);
    }
    if (f.passwordFile)
      report({
        severity: 'error',
        code: 'bhyve.fbuf-password',
        path: `${at} spec.framebuffer.passwordFile`,
        message: 'bhyve(8) takes the VNC password inline (password=); tshyve does not copy secrets into generated scripts',
      });
    add(f.pci, f.slotText, 'fbuf', conf, settings);
  }
  if (vm.tablet) add(vm.tablet.pci, vm.tablet.slotText, 'xhci', ['tablet'], [['slot.1.device', 'tablet']]);
  vm.passthrough.forEach((p) => {
    const [bus, slot, func] = p.host.split('/');
    add(
      p.pci,
      p.slotText,
      'passthru',
      [p.host, ...(p.rom ? [`rom=${p.rom}`] : [])],
      [['bus', bus!], ['slot', slot!], ['func', func!], ...(p.rom ? [['rom', p.rom] as [string, string]] : [])],
    );
  });
  if (vm.passthrough.length && !vm.wiredMemory)
    report({
      severity: 'error',
      code: 'bhyve.passthru-wired',
      path: `${at} spec.wiredMemory`,
      message: 'PCI passthrough needs wired guest memory (bhyve(8) -S): set `wiredMemory: true`',
    });
  if (vm.sound) {
    const s = vm.sound;
    add(
      s.pci,
      s.slotText,
      'hda',
      [...(s.play ? [`play=${s.play}`] : []), ...(s.record ? [`rec=${s.record}`] : [])],
      [...(s.play ? [['play', s.play] as [string, string]] : []), ...(s.record ? [['rec', s.record] as [string, string]] : [])],
    );
  }
  return entries.sort((a, b) => comparePci(a.pci, b.pci));
}

/** The `-s` argument of one entry. */
export function formatDeviceArg(e: DeviceEntry): string {
  return [e.slot, e.emulation, ...e.conf].join(',');
}
