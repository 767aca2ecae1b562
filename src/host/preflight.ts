// Checks before touching the host, over the operations a plan will run: privileges, /dev/net/tun,
// modprobe, zfs and its pools, uplinks, dnsmasq, source images and free space. Each problem says what to do.
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HostFacts } from './backend.js';
import type { HostObservation } from './observation.js';
import type { HostOperation } from './operations.js';
import { poolOf } from '../model/volume-identity.js';

export interface PreflightProblem {
  check: string;
  message: string;
}

async function sizeOf(path: string): Promise<{ size: number; allocated: number } | undefined> {
  try {
    const s = await stat(path);
    return { size: s.size, allocated: s.blocks * 512 };
  } catch {
    return undefined;
  }
}

export async function checkPreflight(ops: HostOperation[], observed: HostObservation, facts: HostFacts): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  const add = (check: string, message: string) => problems.push({ check, message });
  const linkOps = ops.filter(
    (o) =>
      o.op.startsWith('link.') ||
      o.op.startsWith('addr.') ||
      o.op.startsWith('nft.') ||
      o.op === 'sysctl.set' ||
      o.op === 'dnsmasq.start' ||
      o.op === 'bridge.create' ||
      o.op === 'tap.create',
  );
  if (linkOps.length && !facts.isRoot && !facts.capNetAdmin)
    add('privileges', 'changing network interfaces needs root or CAP_NET_ADMIN: run as root (sudo tshyve apply …)');
  if (ops.some((o) => o.op === 'dnsmasq.start') && observed.network?.dnsmasqInstalled === false)
    add('dnsmasq', 'a DHCP bridge needs dnsmasq, which is not installed: install the Debian package dnsmasq-base');
  if (ops.some((o) => o.op === 'tap.create') && !observed.devices.netTun)
    add('tun', '/dev/net/tun is missing: load the tun module (modprobe tun) or create the node (mknod /dev/net/tun c 10 200)');
  for (const o of ops)
    if (o.op === 'module.load' && !observed.tools.modprobe)
      add('modprobe', `kernel module ${o.name} is not loaded and modprobe is not installed: install kmod or load the module by hand`);
  const links = observed.links.ok ? observed.links.value : new Map();
  const creating = new Set(ops.flatMap((o) => (o.op === 'bridge.create' || o.op === 'tap.create' ? [o.ifname] : [])));
  for (const o of ops) {
    if (o.op !== 'link.set' || creating.has(o.ifname) || links.has(o.ifname)) continue;
    add(
      'uplink',
      `interface ${o.ifname} does not exist${o.master ? ` (an uplink of bridge ${o.master})` : ''}: create it or remove it from the bridge's members`,
    );
  }
  const zvolOps = ops.filter((o) => o.op.startsWith('zvol.'));
  if (zvolOps.length && !observed.tools.zfs)
    add(
      'zfs',
      `${zvolOps.length} ZFS volume operation${zvolOps.length === 1 ? '' : 's'} requested but the ` +
        `zfs command is not installed: install OpenZFS (zfsutils-linux) or use \`file:\` volumes`,
    );
  else if (observed.zfs.ok) {
    for (const o of ops)
      if (o.op === 'zvol.create' && !observed.zfs.value.has(poolOf(o.dataset)))
        add(
          'zfs-pool',
          `ZFS pool ${poolOf(o.dataset)} for volume ${o.dataset} does not exist: create or import it (zpool import), or fix the dataset`,
        );
  }
  // Free space: full size for preallocated files, the source image's allocation for sparse copies.
  const needByDir = new Map<string, number>();
  for (const o of ops) {
    if (o.op !== 'file.create' && o.op !== 'file.grow') continue;
    let need = 0;
    // A prepared image does not exist before its own step runs, which checks its size.
    if (o.op === 'file.create' && o.prepare) continue;
    if (o.op === 'file.create' && o.sourceImage) {
      const src = await sizeOf(o.sourceImage);
      if (!src) {
        add('source-image', `source image ${o.sourceImage} for ${o.path} does not exist`);
        continue;
      }
      if (src.size > o.sizeBytes) {
        add(
          'source-image',
          `source image ${o.sourceImage} (${src.size} bytes) is larger than volume ${o.path} (${o.sizeBytes} bytes): raise the volume size`,
        );
        continue;
      }
      need = o.sparse ? src.allocated : o.sizeBytes;
    } else if (!o.sparse) {
      const current = o.op === 'file.grow' ? ((await sizeOf(o.path))?.size ?? 0) : 0;
      need = o.sizeBytes - current;
    }
    needByDir.set(dirname(o.path), (needByDir.get(dirname(o.path)) ?? 0) + need);
  }
  for (const [dir, need] of needByDir) {
    if (need <= 0) continue;
    const free = await facts.freeBytes(dir);
    if (free !== undefined && free < need)
      add(
        'free-space',
        `not enough free space for volumes in ${dir}: need ${need} bytes, ${free} available; free space or make the volumes sparse`,
      );
  }
  for (const o of ops)
    if (o.op === 'zvol.create' && o.sourceImage && !o.prepare && !(await sizeOf(o.sourceImage)))
      add('source-image', `source image ${o.sourceImage} for ${o.dataset} does not exist`);
  return problems;
}
