// Reads one bhyve(8) `-s slot,emulation[,conf]` back into spec fields: disks with their
// block-device options, NICs, and the other PCI devices, keeping the slot as written.
import type { Disk, DiskOptions } from '../../model/spec-types.generated.js';
import { parseSlot } from './notation.js';

/** What the importer builds up for one VM, field by field, before it becomes a manifest. */
export interface ImportedDevices {
  hostbridge?: { slot: string; amd?: true };
  lpc?: { slot: string };
  disks: Disk[];
  nics: { ifname: string; device?: 'e1000'; mac?: string; mtu?: number; slot: string }[];
  rng?: { slot: string };
  consoles?: { name: string; path: string }[];
  consoleSlot?: string;
  framebuffer?: Record<string, unknown>;
  tablet?: { slot: string };
  shares: { name: string; path: string; readOnly?: true; slot: string }[];
  passthrough: { host: string; rom?: string; slot: string }[];
  sound?: Record<string, string>;
}

export function emptyDevices(): ImportedDevices {
  return { disks: [], nics: [], shares: [], passthrough: [] };
}

function keyValue(token: string): [string, string | undefined] {
  const eq = token.indexOf('=');
  return eq < 0 ? [token, undefined] : [token.slice(0, eq), token.slice(eq + 1)];
}

/** bhyve block-device and device options → DiskOptions, in the order the compiler writes them. */
function readDiskOptions(tokens: string[], device: Disk['device'], warn: (m: string) => void): DiskOptions | undefined {
  const o: DiskOptions = {};
  for (const token of tokens) {
    const [key, value] = keyValue(token);
    switch (key) {
      case 'ro':
        if (device !== 'ahci-cd') o.readOnly = true;
        break;
      case 'nocache':
        o.nocache = true;
        break;
      case 'direct':
      case 'sync':
        o.direct = true;
        break;
      case 'nodelete':
        o.nodelete = true;
        break;
      case 'sectorsize':
      case 'sectsz':
        if (value) o.sectorSize = value;
        break;
      case 'ser':
        if (value !== undefined) o.serial = value;
        break;
      case 'maxq':
        o.nvmeMaxQueues = Number(value);
        break;
      case 'qsz':
        o.nvmeQueueSize = Number(value);
        break;
      case 'ioslots':
        o.nvmeIoSlots = Number(value);
        break;
      case 'eui64':
        if (value) o.nvmeEui64 = value;
        break;
      case 'dsm':
        if (value === 'auto' || value === 'enable' || value === 'disable') o.nvmeDsm = value;
        break;
      case 'nmrr':
        o.ahciRotation = Number(value);
        break;
      case 'rev':
        if (value !== undefined) o.ahciRevision = value;
        break;
      case 'model':
        if (value !== undefined) o.ahciModel = value;
        break;
      default:
        warn(`block option \`${token}\` has no tshyve equivalent; dropped`);
    }
  }
  return Object.keys(o).length ? o : undefined;
}

function addDisk(
  out: ImportedDevices,
  slot: string,
  device: Disk['device'],
  path: string | undefined,
  options: string[],
  warn: (m: string) => void,
): void {
  if (!path) return warn(`${device} at ${slot} has no backing path; dropped`);
  const opts = readDiskOptions(options, device, warn);
  out.disks.push({ path, ...(device !== 'virtio-blk' ? { device } : {}), slot, ...(opts ? { options: opts } : {}) });
}

/** Applies one `-s` argument to `out`; unknown or unsupported parts become warnings. */
export function importDeviceArg(arg: string, out: ImportedDevices, warn: (m: string) => void): void {
  const [slot = '', emulation = '', ...conf] = arg.split(',');
  if (!parseSlot(slot)) return warn(`-s ${arg}: \`${slot}\` is not a PCI slot`);
  switch (emulation) {
    case 'hostbridge':
      out.hostbridge = { slot };
      return;
    case 'amd_hostbridge':
      out.hostbridge = { slot, amd: true };
      return;
    case 'lpc':
      out.lpc = { slot };
      return;
    case 'virtio-blk':
    case 'ahci-hd':
    case 'ahci-cd':
    case 'nvme': {
      const [first, ...rest] = conf;
      const path = first?.startsWith('path=') ? first.slice(5) : first;
      if (path?.startsWith('ram=')) return warn(`-s ${arg}: nvme memory disks have no tshyve equivalent; dropped`);
      return addDisk(out, slot, emulation, path, rest, warn);
    }
    case 'ahci': {
      let port: { device: Disk['device']; path: string; options: string[] } | undefined;
      const flush = () => port && addDisk(out, slot, port.device, port.path, port.options, warn);
      for (const token of conf) {
        const m = /^(hd|cd):(.*)$/.exec(token);
        if (m) {
          flush();
          port = { device: m[1] === 'cd' ? 'ahci-cd' : 'ahci-hd', path: m[2]!, options: [] };
        } else if (port) port.options.push(token);
        else warn(`-s ${arg}: \`${token}\` before the first hd:/cd: port; dropped`);
      }
      flush();
      return;
    }
    case 'virtio-scsi': {
      const [first, ...rest] = conf;
      const path = first?.startsWith('dev=') ? first.slice(4) : first;
      if (rest.length) warn(`-s ${arg}: virtio-scsi options ${rest.join(',')} have no tshyve equivalent; dropped`);
      return addDisk(out, slot, 'virtio-scsi', path, [], warn);
    }
    case 'virtio-net':
    case 'e1000': {
      const [backend, ...rest] = conf;
      if (!backend || /^(netgraph|netmap:|vale)/.test(backend)) return warn(`-s ${arg}: only tap backends are supported; NIC dropped`);
      const nic: ImportedDevices['nics'][number] = {
        ifname: backend.startsWith('backend=') ? backend.slice(8) : backend,
        ...(emulation === 'e1000' ? { device: 'e1000' as const } : {}),
        slot,
      };
      for (const token of rest) {
        const [key, value] = keyValue(token);
        if (key === 'mac' && value) nic.mac = value.toLowerCase();
        else if (key === 'mtu' && value) nic.mtu = Number(value);
        else warn(`-s ${arg}: NIC option \`${token}\` dropped`);
      }
      out.nics.push(nic);
      return;
    }
    case 'virtio-rnd':
      out.rng = { slot };
      return;
    case 'virtio-console':
      out.consoleSlot = slot;
      out.consoles = conf
        .map(keyValue)
        .filter(([, v]) => v !== undefined)
        .map(([name, path]) => ({ name, path: path! }));
      return;
    case 'virtio-9p': {
      const [first = '', ...rest] = conf;
      const [name, path] = keyValue(first);
      if (!path) return warn(`-s ${arg}: expected sharename=/path`);
      out.shares.push({ name, path, ...(rest.includes('ro') ? { readOnly: true as const } : {}), slot });
      return;
    }
    case 'fbuf': {
      const fb: Record<string, unknown> = {};
      for (const token of conf) {
        const [key, value] = keyValue(token);
        if ((key === 'tcp' || key === 'rfb') && value) fb.listen = /^[0-9]+$/.test(value) ? `127.0.0.1:${value}` : value;
        else if (key === 'w') fb.width = Number(value);
        else if (key === 'h') fb.height = Number(value);
        else if (key === 'vga') fb.vga = value;
        else if (key === 'wait') fb.wait = true;
        else if (key === 'password') warn('fbuf password= is not copied into the manifest; use framebuffer.passwordFile on other targets');
        else warn(`-s ${arg}: fbuf option \`${token}\` dropped`);
      }
      out.framebuffer = { ...fb, slot };
      return;
    }
    case 'xhci':
      if (conf.some((t) => t !== 'tablet')) warn(`-s ${arg}: only the xhci tablet is supported`);
      out.tablet = { slot };
      return;
    case 'passthru': {
      const [host = '', ...rest] = conf;
      if (!/^[0-9]{1,3}\/[0-9]{1,2}\/[0-9]$/.test(host)) return warn(`-s ${arg}: expected bus/slot/function`);
      const rom = rest.map(keyValue).find(([k]) => k === 'rom')?.[1];
      out.passthrough.push({ host, ...(rom ? { rom } : {}), slot });
      return;
    }
    case 'hda': {
      const sound: Record<string, string> = {};
      for (const [key, value] of conf.map(keyValue)) {
        if (key === 'play' && value) sound.play = value;
        else if (key === 'rec' && value) sound.record = value;
      }
      out.sound = { ...sound, slot };
      return;
    }
    default:
      warn(`-s ${arg}: emulation \`${emulation}\` has no tshyve equivalent; dropped`);
  }
}
