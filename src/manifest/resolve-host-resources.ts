// Resolves Bridge, Tap, Volume and Firmware documents (VolumeSnapshots: resolve-volume-snapshots.ts): defaults, sizes in bytes, references.
import { existsSync } from 'node:fs';
import type { Meta, ResolvedBridge, ResolvedFirmware, ResolvedFirmwareBody, ResolvedTap, ResolvedVolume } from '../model/resolved.js';
import { isImageUrl } from '../model/image-source.js';
import type { BhyveloadFirmware, BootromFirmware, LinuxFirmware, ObjectMeta } from '../model/spec-types.generated.js';
import type { DocumentIndex } from './documents.js';
import type { SourceDocument } from './parse-yaml.js';
import { locate } from './parse-yaml.js';
import type { DocPath, Reporter } from './reporter.js';
import { closestMatch } from './suggest.js';
import { parseSize } from './units.js';

export const DEFAULT_MTU = 1500;

export function metaOf(metadata: ObjectMeta, source: SourceDocument, placement?: Meta['placement']): Meta {
  const pos = locate(source, ['metadata', 'name']);
  return {
    name: metadata.name,
    labels: { ...(metadata.labels as Record<string, string> | undefined) },
    annotations: { ...(metadata.annotations as Record<string, string> | undefined) },
    source: { file: source.file, line: pos.line, column: pos.column },
    ...(placement ? { placement } : {}),
  };
}

/** Reports a reference to a missing resource, suggesting the closest existing name. */
export function reportUnresolved(
  reporter: Reporter,
  source: SourceDocument,
  path: DocPath,
  kind: string,
  name: string,
  known: Iterable<string>,
): void {
  const guess = closestMatch(name, [...known]);
  reporter.error(source, path, 'ref.unresolved', `${kind} \`${name}\` is not defined` + (guess ? `; did you mean \`${guess}\`?` : ''));
}

export function resolveBridges(index: DocumentIndex): ResolvedBridge[] {
  return [...index.Bridge.values()].map(({ doc, source }) => ({
    kind: 'Bridge',
    meta: metaOf(doc.metadata, source, doc.spec.placement),
    ifname: doc.spec.name,
    members: doc.spec.members ?? [],
    addresses: doc.spec.addresses ?? [],
    mtu: doc.spec.mtu ?? DEFAULT_MTU,
    adopt: doc.spec.adopt ?? false,
  }));
}

export function resolveTaps(index: DocumentIndex, bridges: ResolvedBridge[], reporter: Reporter): ResolvedTap[] {
  const taps: ResolvedTap[] = [];
  for (const { doc, source } of index.Tap.values()) {
    let bridge: ResolvedBridge | undefined;
    if (doc.spec.bridge) {
      bridge = bridges.find((b) => b.meta.name === doc.spec.bridge);
      if (!bridge) reportUnresolved(reporter, source, ['spec', 'bridge'], 'Bridge', doc.spec.bridge, index.Bridge.keys());
    }
    taps.push({
      kind: 'Tap',
      meta: metaOf(doc.metadata, source, doc.spec.placement),
      ifname: doc.spec.name,
      ...(bridge ? { bridge: bridge.meta.name, bridgeIfname: bridge.ifname } : {}),
      mtu: doc.spec.mtu ?? bridge?.mtu ?? DEFAULT_MTU,
      vnetHeader: doc.spec.vnetHeader ?? true,
      multiQueue: doc.spec.multiQueue ?? false,
      adopt: doc.spec.adopt ?? false,
    });
  }
  return taps;
}

export function resolveVolumes(index: DocumentIndex, reporter: Reporter): ResolvedVolume[] {
  const volumes: ResolvedVolume[] = [];
  for (const { doc, source } of index.Volume.values()) {
    const spec = doc.spec;
    const sizeBytes = parseSize(spec.size) ?? 0;
    if (sizeBytes <= 0) reporter.error(source, ['spec', 'size'], 'size.zero', 'volume size must be above zero');
    const image = spec.source?.image;
    if (spec.source && Boolean(image) === Boolean(spec.source.snapshot))
      reporter.error(
        source,
        ['spec', 'source'],
        'volume.source-kind',
        'a volume source needs exactly one of `image` (a file or URL to copy) or `snapshot` (a VolumeSnapshot to clone)',
      );
    if (image && isImageUrl(image) && !spec.source!.sha256)
      reporter.error(
        source,
        ['spec', 'source', 'image'],
        'volume.source-digest',
        'an image downloaded from a URL needs `sha256` (the digest of the file as published), so a changed or corrupted download is refused',
      );
    if (Boolean(spec.zfs) === Boolean(spec.file)) {
      reporter.error(source, ['spec'], 'volume.backend', 'a Volume needs exactly one backend: `zfs` or `file`');
      continue;
    }
    if (image && !isImageUrl(image) && !existsSync(image))
      reporter.warning(source, ['spec', 'source', 'image'], 'file.missing', `source image ${image} does not exist on this host`);
    const backend: ResolvedVolume['backend'] = spec.zfs
      ? {
          type: 'zfs',
          dataset: spec.zfs.dataset,
          volmode: spec.zfs.volmode ?? 'dev',
          sparse: spec.zfs.sparse ?? false,
          properties: { ...(spec.zfs.properties as Record<string, string> | undefined) },
        }
      : { type: 'file', path: spec.file!.path, sparse: spec.file!.sparse ?? true };
    volumes.push({
      kind: 'Volume',
      meta: metaOf(doc.metadata, source, spec.placement),
      sizeBytes,
      sizeText: spec.size,
      backend,
      devicePath: backend.type === 'zfs' ? `/dev/zvol/${backend.dataset}` : backend.path,
      ...(image ? { sourceImage: image } : {}),
      ...(image && spec.source?.sha256 ? { sourceSha256: spec.source.sha256 } : {}),
      ...(image && spec.source?.format ? { sourceFormat: spec.source.format } : {}),
      reclaimPolicy: spec.reclaimPolicy ?? 'Retain',
      adopt: spec.adopt ?? false,
    });
  }
  return volumes;
}

/** Resolves a `{ linux } | { bootrom } | { bhyveload }` body, reporting a missing or doubled choice and missing files. */
export function resolveFirmwareBody(
  body: { linux?: LinuxFirmware; bootrom?: BootromFirmware; bhyveload?: BhyveloadFirmware },
  source: SourceDocument,
  path: DocPath,
  reporter: Reporter,
  kernelOnGuestDisk = false,
): ResolvedFirmwareBody | undefined {
  if ([body.linux, body.bootrom, body.bhyveload].filter(Boolean).length !== 1) {
    reporter.error(source, path, 'firmware.kind', 'firmware needs exactly one of `linux`, `bootrom` or `bhyveload`');
    return undefined;
  }
  if (body.bhyveload) {
    // FreeBSD host paths (the loader runs there only): not checked on this host.
    const b = body.bhyveload;
    return {
      type: 'bhyveload',
      bootDisk: b.bootDisk ?? 0,
      loaderEnv: Object.fromEntries(Object.entries(b.loaderEnv ?? {}).sort(([x], [y]) => (x < y ? -1 : 1))) as Record<string, string>,
      ...(b.consoleDevice ? { consoleDevice: b.consoleDevice } : {}),
      ...(b.hostBase ? { hostBase: b.hostBase } : {}),
      ...(b.osLoader ? { osLoader: b.osLoader } : {}),
    };
  }
  const missing = (p: string, at: DocPath, what: string) => {
    if (!existsSync(p)) reporter.hostFact(source, at, 'file.missing', `${what} ${p} does not exist on this host`);
  };
  if (body.linux) {
    const l = body.linux;
    if (!kernelOnGuestDisk) {
      missing(l.kernel, [...path, 'linux', 'kernel'], 'kernel');
      if (l.initrd) missing(l.initrd, [...path, 'linux', 'initrd'], 'initrd');
    }
    return { type: 'linux', kernel: l.kernel, ...(l.initrd ? { initrd: l.initrd } : {}), cmdline: l.cmdline ?? '' };
  }
  const b = body.bootrom!;
  missing(b.image, [...path, 'bootrom', 'image'], 'bootrom image');
  if (b.varsTemplate) missing(b.varsTemplate, [...path, 'bootrom', 'varsTemplate'], 'variables template');
  return { type: 'bootrom', image: b.image, ...(b.varsTemplate ? { varsTemplate: b.varsTemplate } : {}) };
}

export function resolveFirmware(index: DocumentIndex, reporter: Reporter): ResolvedFirmware[] {
  const out: ResolvedFirmware[] = [];
  for (const { doc, source } of index.Firmware.values()) {
    const body = resolveFirmwareBody(doc.spec, source, ['spec'], reporter);
    if (body) out.push({ kind: 'Firmware', meta: metaOf(doc.metadata, source, doc.spec.placement), body });
  }
  return out;
}
