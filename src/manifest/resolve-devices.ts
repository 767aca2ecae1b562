// Resolves a VM's devices: disks (volume or path, sector sizes, device options), NICs (tap, or a
// generated tap on a bridge; MAC syntax; rate limits), and PCI placement (explicit slots first, then free ones).
import { existsSync } from 'node:fs';
import type { PciAddress, Placed as PlacedDevice, ResolvedDisk, ResolvedNic, ResolvedTap } from '../model/resolved.js';
import type { Disk, Nic } from '../model/spec-types.generated.js';
import { isMulticastMac, normalizeMac } from './mac-address.js';
import type { SourceDocument } from './parse-yaml.js';
import { formatPci, parsePciPlacement, pciKey, SlotAllocator } from './pci-placement.js';
import type { DocPath } from './reporter.js';
import { reportUnresolved } from './resolve-host-resources.js';
import { resolveDiskLimits, resolveNicLimits } from './resolve-limits.js';
import { generatedTapName } from './tap-names.js';
import type { VmContext } from './resolve-vm.js';

export interface Placed {
  path: DocPath;
  explicit?: string;
  /** Receives the address, and the slot text when the manifest wrote it. */
  assign: (a: PciAddress, slotText?: string) => void;
  /** ahci disks sharing one slot form one controller. */
  shareKey?: string;
}

type ErrorSink = (p: DocPath, c: string, m: string) => void;

export function zeroPci(): PciAddress {
  return { bus: 0, slot: 0, function: 0 };
}

/** Places `target` (if it resolved) at `a`, keeping the slot text as written. */
export function placeInto(target: PlacedDevice | undefined, a: PciAddress, slotText?: string): void {
  if (!target) return;
  target.pci = a;
  if (slotText !== undefined) target.slotText = slotText;
}

export function placeDevices(placed: Placed[], lpc: { pci: PciAddress }, err: ErrorSink): void {
  const allocator = new SlotAllocator();
  const owners = new Map<string, Placed>();
  for (const p of placed) {
    if (p.explicit === undefined) continue;
    const a = parsePciPlacement(p.explicit);
    if (typeof a === 'string') {
      err(p.path, 'pci.range', a);
      continue;
    }
    const key = pciKey(a);
    const owner = owners.get(key);
    if (owner && !(owner.shareKey && owner.shareKey === p.shareKey)) {
      err(
        p.path,
        'pci.slot-collision',
        `PCI slot ${formatPci(a)} is already used by ${owner.path.slice(1, -1).join('.') || 'another device'}`,
      );
      continue;
    }
    owners.set(key, p);
    allocator.reserve(a);
    p.assign(a, p.explicit);
  }
  if (lpc.pci.bus !== 0) err(['spec', 'lpc', 'slot'], 'pci.lpc-bus', 'the lpc bridge must be on bus 0, as bhyve requires');
  for (const p of placed) {
    if (p.explicit !== undefined) continue;
    const a = allocator.next();
    if (!a) {
      err(p.path.slice(0, -1), 'pci.no-free-slot', 'no free PCI slot left on bus 0 (slots 1-30); place devices explicitly with `slot`');
      continue;
    }
    p.assign(a);
  }
}

export function resolveDisk(d: Disk, i: number, ctx: VmContext, source: SourceDocument, err: ErrorSink): ResolvedDisk | undefined {
  const at: DocPath = ['spec', 'disks', i];
  if (Boolean(d.volume) === Boolean(d.path)) {
    err(at, 'disk.source', 'a disk needs exactly one of `volume` or `path`');
    return undefined;
  }
  let path = d.path;
  // A volume's file is made by apply; a plain path must already be on the host that runs the VM.
  if (d.path && !existsSync(d.path))
    ctx.reporter.hostFact(source, [...at, 'path'], 'file.missing', `disk image ${d.path} does not exist on this host`);
  if (d.volume) {
    const volume = ctx.volumes.get(d.volume);
    if (!volume) {
      reportUnresolved(ctx.reporter, source, [...at, 'volume'], 'Volume', d.volume, ctx.volumes.keys());
      return undefined;
    }
    path = volume.devicePath;
  }
  const device = d.device ?? 'virtio-blk';
  const o = d.options ?? {};
  let logical = device === 'ahci-cd' ? 2048 : 512;
  let physical = logical;
  if (o.sectorSize !== undefined) {
    const [l, p] = String(o.sectorSize).split('/').map(Number) as [number, number | undefined];
    logical = l;
    physical = p ?? l;
    const pow2 = (n: number) => n >= 512 && n <= 32768 && (n & (n - 1)) === 0;
    if (!pow2(logical) || !pow2(physical))
      err([...at, 'options', 'sectorSize'], 'disk.sector-size', 'sector sizes must be powers of two from 512 to 32768');
    else if (physical < logical)
      err([...at, 'options', 'sectorSize'], 'disk.sector-size', 'the physical sector size must not be smaller than the logical one');
  }
  const extra: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (key.startsWith('nvme') || key.startsWith('ahci')) {
      const family = key.startsWith('nvme') ? 'nvme' : 'ahci';
      if (!device.startsWith(family))
        err([...at, 'options', key], 'disk.option-device', `option \`${key}\` applies to ${family} disks, not ${device}`);
      extra[key] = value as string | number;
    }
  }
  if (o.queues !== undefined && device !== 'virtio-blk')
    err([...at, 'options', 'queues'], 'disk.option-device', `option \`queues\` applies to virtio-blk disks, not ${device}`);
  const limits = resolveDiskLimits(d.limits, [...at, 'limits'], err);
  return {
    device,
    ...(d.volume ? { volume: d.volume } : {}),
    path: path!,
    pci: zeroPci(),
    readOnly: o.readOnly ?? device === 'ahci-cd',
    nocache: o.nocache ?? false,
    direct: o.direct ?? false,
    logicalSectorSize: logical,
    physicalSectorSize: physical,
    nodelete: o.nodelete ?? false,
    ...(o.serial ? { serial: o.serial } : {}),
    queues: o.queues ?? 1,
    extra,
    ...(limits ? { limits } : {}),
  };
}

export function resolveNic(
  n: Nic,
  i: number,
  vmName: string,
  ctx: VmContext,
  source: SourceDocument,
  generated: ResolvedTap[],
  err: ErrorSink,
): ResolvedNic | undefined {
  const at: DocPath = ['spec', 'nics', i];
  if (Boolean(n.tap) === Boolean(n.bridge)) {
    err(at, 'nic.attachment', 'a NIC needs exactly one of `tap` or `bridge`');
    return undefined;
  }
  if (n.mac && isMulticastMac(n.mac))
    err([...at, 'mac'], 'mac.multicast', `MAC ${n.mac} has the multicast bit set; a NIC needs a unicast address (first byte even)`);
  let tap: ResolvedTap | undefined;
  let bridge: string | undefined;
  if (n.tap) {
    tap = ctx.taps.get(n.tap);
    if (!tap) {
      reportUnresolved(ctx.reporter, source, [...at, 'tap'], 'Tap', n.tap, ctx.taps.keys());
      return undefined;
    }
    bridge = tap.bridge;
  } else {
    const b = ctx.bridges.get(n.bridge!);
    if (!b) {
      reportUnresolved(ctx.reporter, source, [...at, 'bridge'], 'Bridge', n.bridge!, ctx.bridges.keys());
      return undefined;
    }
    bridge = n.bridge;
    const ifname = generatedTapName(vmName, i);
    tap = {
      kind: 'Tap',
      meta: { name: `${vmName}-nic${i}`, labels: {}, annotations: {}, source: { file: source.file, line: 0, column: 0 } },
      ifname,
      bridge: n.bridge!,
      bridgeIfname: b.ifname,
      mtu: n.mtu ?? b.mtu,
      vnetHeader: true,
      multiQueue: false,
      adopt: false,
      generatedFor: { vm: vmName, nic: i },
    };
    generated.push(tap);
  }
  const limits = resolveNicLimits(n.limits, [...at, 'limits'], err);
  return {
    device: n.device ?? 'virtio-net',
    tap: tap.meta.name,
    tapIfname: tap.ifname,
    ...(bridge ? { bridge } : {}),
    mac: n.mac ? normalizeMac(n.mac) : '',
    macGenerated: !n.mac,
    ...(n.mtu ? { mtu: n.mtu } : {}),
    bootRom: n.bootRom ?? false,
    pci: zeroPci(),
    ...(limits ? { limits } : {}),
  };
}
