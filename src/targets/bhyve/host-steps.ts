// FreeBSD host preparation in the order of the handbook's bhyve chapter: kldload vmm (and nmdm),
// ifconfig tapN create, sysctl net.link.tap.up_on_open=1, ifconfig bridgeN create / addm / up,
// zfs create -V SIZE -o volmode=dev POOL/NAME, truncate -s SIZE FILE; then volume snapshots (zfs
// snapshot, or cp + chmod of a file volume) and the volumes cloned from them (zfs clone, or cp).
import { imageCompression, isImageUrl } from '../../model/image-source.js';
import type { DesiredState } from '../../model/resolved.js';
import { formatBhyveSize } from './notation.js';
import { formatCommandLine } from '../../host/shell-quote.js';
import type { BhyveDiagnostic, HostStep } from './types.js';

/** `ifconfig tap0 create`, or `ifconfig tap create name NAME` when the name is not a cloner unit. */
export function cloneArgv(cloner: 'tap' | 'bridge', ifname: string): string[] {
  return new RegExp(`^${cloner}[0-9]+$`).test(ifname) ? ['ifconfig', ifname, 'create'] : ['ifconfig', cloner, 'create', 'name', ifname];
}

function exists(ifname: string): string[] {
  return ['ifconfig', ifname];
}

/** Host resources in a stable order (by interface or resource name), whatever the manifests' order. */
export function sortHostResources(state: DesiredState): Pick<DesiredState, 'bridges' | 'taps' | 'volumes' | 'snapshots'> {
  return {
    snapshots: [...(state.snapshots ?? [])].sort((a, b) => a.meta.name.localeCompare(b.meta.name)),
    bridges: [...state.bridges].sort((a, b) => a.ifname.localeCompare(b.ifname)),
    taps: [...state.taps].sort((a, b) => a.ifname.localeCompare(b.ifname)),
    volumes: [...state.volumes].sort((a, b) => a.meta.name.localeCompare(b.meta.name)),
  };
}

/** The commands that copy a volume's source image: fetch(1) and sha256(1) for a URL, qemu-img for non-raw formats. */
function sourceFill(volume: DesiredState['volumes'][number], report: (d: BhyveDiagnostic) => void): string[][] {
  const image = volume.sourceImage!;
  const at = `Volume/${volume.meta.name} spec.source`;
  if (imageCompression(image)) {
    report({
      severity: 'error',
      code: 'bhyve.image-compressed',
      path: at,
      message: 'the bhyve target copies raw, qcow2, vmdk, vhdx and vdi images; decompress this one and name the result',
    });
    return [];
  }
  const out: string[][] = [];
  let local = image;
  if (isImageUrl(image)) {
    local = `/var/cache/tshyve/images/${volume.sourceSha256}`;
    out.push(['mkdir', '-p', '-m', '0700', '/var/cache/tshyve/images'], ['fetch', '-o', local, image]);
  }
  if (volume.sourceSha256) out.push(['sha256', '-q', '-c', volume.sourceSha256, local]);
  if (volume.sourceFormat && volume.sourceFormat !== 'raw')
    out.push(['qemu-img', 'convert', '-f', volume.sourceFormat, '-O', 'raw', local, volume.devicePath]);
  else out.push(['dd', `if=${local}`, `of=${volume.devicePath}`, 'bs=1m', 'conv=notrunc,sparse']);
  return out;
}

export function planHostSteps(desired: DesiredState, usesNmdm: boolean, report: (d: BhyveDiagnostic) => void): HostStep[] {
  const state = sortHostResources(desired);
  const steps: HostStep[] = [];
  steps.push({ argv: ['kldload', 'vmm'], unless: ['kldstat', '-q', '-m', 'vmm'], why: 'the bhyve kernel module' });
  if (usesNmdm)
    steps.push({ argv: ['kldload', 'nmdm'], unless: ['kldstat', '-q', '-m', 'nmdm'], why: 'null-modem devices for the serial consoles' });
  for (const tap of state.taps) {
    if (tap.multiQueue)
      report({
        severity: 'warning',
        code: 'bhyve.tap-multiqueue',
        path: `Tap/${tap.meta.name} spec.multiQueue`,
        message: 'FreeBSD taps have no multi-queue mode; ignored',
      });
    if (!tap.adopt) steps.push({ argv: cloneArgv('tap', tap.ifname), unless: exists(tap.ifname), why: `tap ${tap.meta.name}` });
    if (tap.mtu !== 1500) steps.push({ argv: ['ifconfig', tap.ifname, 'mtu', String(tap.mtu)], why: `tap ${tap.meta.name} MTU` });
  }
  if (state.taps.length) steps.push({ argv: ['sysctl', 'net.link.tap.up_on_open=1'], why: 'taps come up when bhyve opens them' });
  for (const bridge of state.bridges) {
    if (!bridge.adopt)
      steps.push({ argv: cloneArgv('bridge', bridge.ifname), unless: exists(bridge.ifname), why: `bridge ${bridge.meta.name}` });
    if (bridge.mtu !== 1500)
      steps.push({ argv: ['ifconfig', bridge.ifname, 'mtu', String(bridge.mtu)], why: `bridge ${bridge.meta.name} MTU` });
    const members = [...bridge.members, ...state.taps.filter((t) => t.bridge === bridge.meta.name).map((t) => t.ifname)];
    if (members.length)
      steps.push({
        argv: ['ifconfig', bridge.ifname, ...members.flatMap((m) => ['addm', m])],
        mayFail: true,
        why: `members of bridge ${bridge.meta.name}`,
      });
    for (const address of bridge.addresses) {
      steps.push({
        argv: ['ifconfig', bridge.ifname, address.includes(':') ? 'inet6' : 'inet', address, 'alias'],
        mayFail: true,
        why: `address of bridge ${bridge.meta.name}`,
      });
    }
    steps.push({ argv: ['ifconfig', bridge.ifname, 'up'], why: `bridge ${bridge.meta.name} up` });
  }
  const clones = state.volumes.filter((v) => v.cloneOf && !v.adopt);
  for (const volume of state.volumes) {
    if (volume.cloneOf) continue;
    const size = formatBhyveSize(volume.sizeBytes, volume.sizeText);
    const fill = volume.sourceImage ? sourceFill(volume, report) : [];
    if (volume.adopt) continue;
    if (volume.backend.type === 'zfs') {
      const b = volume.backend;
      const props = Object.keys(b.properties)
        .sort()
        .flatMap((k) => ['-o', `${k}=${b.properties[k]}`]);
      steps.push({
        argv: ['zfs', 'create', ...(b.sparse ? ['-s'] : []), `-V${size}`, '-o', `volmode=${b.volmode}`, ...props, b.dataset],
        unless: ['zfs', 'list', '-H', '-o', 'name', b.dataset],
        ...(fill.length ? { then: fill } : {}),
        why: `volume ${volume.meta.name}`,
      });
    } else {
      if (!volume.backend.sparse)
        report({
          severity: 'warning',
          code: 'bhyve.volume-sparse',
          path: `Volume/${volume.meta.name} spec.file.sparse`,
          message: 'FreeBSD has no fallocate(1); the file is created sparse with truncate',
        });
      steps.push({
        argv: ['truncate', '-s', size, volume.backend.path],
        unless: ['test', '-e', volume.backend.path],
        ...(fill.length ? { then: fill } : {}),
        why: `volume ${volume.meta.name}`,
      });
    }
  }
  for (const snapshot of state.snapshots ?? []) steps.push(snapshotStep(snapshot));
  for (const volume of clones) {
    const backend = volume.cloneOf!.backend;
    if (backend) steps.push(cloneStep(volume, backend));
    else
      report({
        severity: 'warning',
        code: 'bhyve.clone-source',
        path: `Volume/${volume.meta.name} spec.source.snapshot`,
        message: `VolumeSnapshot ${volume.cloneOf!.snapshot} is not declared: the script does not make this volume`,
      });
  }
  return steps;
}

type Snapshot = NonNullable<DesiredState['snapshots']>[number];

function snapshotStep(snapshot: Snapshot): HostStep {
  const why = `snapshot ${snapshot.meta.name} of volume ${snapshot.volume}`;
  const b = snapshot.backend;
  if (b.type === 'zfs')
    return { argv: ['zfs', 'snapshot', b.snapshot], unless: ['zfs', 'list', '-H', '-t', 'snapshot', '-o', 'name', b.snapshot], why };
  // FreeBSD's cp(1) uses copy_file_range(2): blocks are shared where the filesystem clones them (ZFS block cloning).
  return { argv: ['cp', b.sourcePath, b.path], unless: ['test', '-e', b.path], then: [['chmod', '0400', b.path]], why };
}

function cloneStep(volume: DesiredState['volumes'][number], source: Snapshot['backend']): HostStep {
  const why = `volume ${volume.meta.name}, cloned from snapshot ${volume.cloneOf!.snapshot}`;
  if (source.type === 'zfs' && volume.backend.type === 'zfs') {
    const b = volume.backend;
    const props = Object.keys(b.properties)
      .sort()
      .flatMap((k) => ['-o', `${k}=${b.properties[k]}`]);
    return {
      argv: ['zfs', 'clone', '-o', `volmode=${b.volmode}`, ...props, source.snapshot, b.dataset],
      unless: ['zfs', 'list', '-H', '-o', 'name', b.dataset],
      then: [['zfs', 'set', `volsize=${formatBhyveSize(volume.sizeBytes, volume.sizeText)}`, b.dataset]],
      why,
    };
  }
  const path = volume.backend.type === 'file' ? volume.backend.path : volume.devicePath;
  return {
    argv: ['cp', source.type === 'file' ? source.path : source.snapshot, path],
    unless: ['test', '-e', path],
    then: [['truncate', '-s', formatBhyveSize(volume.sizeBytes, volume.sizeText), path]],
    why,
  };
}

export function formatHostScript(steps: HostStep[]): string {
  const lines = [
    '#!/bin/sh',
    "# FreeBSD host setup for bhyve, in the handbook's order; safe to run again.",
    '# Generated by `tshyve compile --target bhyve`.',
    'set -e',
    '',
  ];
  for (const step of steps) {
    lines.push(`# ${step.why}`);
    const main = formatCommandLine(step.argv);
    const body = step.then?.length ? `{ ${[main, ...step.then.map(formatCommandLine)].join(' && ')}; }` : main;
    if (step.unless) lines.push(`${formatCommandLine(step.unless)} >/dev/null 2>&1 || ${body}`);
    else if (step.mayFail) lines.push(`${body} || true`);
    else lines.push(body);
  }
  return lines.join('\n') + '\n';
}
