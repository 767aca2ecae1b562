// Resolves one VirtualMachine: firmware, devices with PCI placement (explicit first, then the free
// slots in spec order), MACs, generated taps and flags; topology and memory (resolve-vm-shape.ts)
// and serial ports and lifecycle (resolve-vm-lifecycle.ts) in their own files.
import { hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { kernelOnGuestDisk } from '../model/annotations.js';
import type { ResolvedDisk, ResolvedFirmware, ResolvedNic, ResolvedTap, ResolvedVm, ResolvedVolume } from '../model/resolved.js';
import type { VirtualMachineDocument } from '../model/spec-types.generated.js';
import type { Entry } from './documents.js';
import { placeDevices, placeInto, resolveDisk, resolveNic, zeroPci, type Placed } from './resolve-devices.js';
import type { DocPath, Reporter } from './reporter.js';
import { metaOf, reportUnresolved, resolveFirmwareBody } from './resolve-host-resources.js';
import { resolveLifecycle, resolveSerial } from './resolve-vm-lifecycle.js';
import { resolveCpus, resolveMemory } from './resolve-vm-shape.js';
import { resolveCloudInit } from './resolve-cloud-init.js';

export interface VmContext {
  reporter: Reporter;
  firmware: Map<string, ResolvedFirmware | undefined>;
  volumes: Map<string, ResolvedVolume>;
  taps: Map<string, ResolvedTap>;
  bridges: Map<string, { ifname: string; mtu: number }>;
  vmNames: Set<string>;
  /** Host memory in bytes, when known: a VM larger than the host is a host fact (see Diagnostic). */
  hostMemoryBytes?: number;
}

/** A resolved VM before its spec hash, which is taken once MACs are final across all VMs. */
export type UnhashedVm = Omit<ResolvedVm, 'specHash'>;

export function resolveVm(entry: Entry<VirtualMachineDocument>, ctx: VmContext): { vm?: UnhashedVm; generatedTaps: ResolvedTap[] } {
  const { doc, source } = entry;
  const { reporter } = ctx;
  const spec = doc.spec;
  const name = doc.metadata.name;
  const err = (path: DocPath, code: string, message: string) => reporter.error(source, path, code, message);
  const errorsBefore = reporter.errorCount;

  const cpus = resolveCpus(spec, err);
  const memoryBytes = resolveMemory(spec, ctx.hostMemoryBytes, err, (path, code, message) =>
    reporter.hostFact(source, path, code, message),
  );

  let firmware: ResolvedVm['firmware'] | undefined;
  let firmwareRef: string | undefined;
  if (typeof spec.firmware === 'string') {
    firmwareRef = spec.firmware;
    firmware = ctx.firmware.get(spec.firmware)?.body;
    if (!firmware && !ctx.firmware.has(spec.firmware))
      reportUnresolved(reporter, source, ['spec', 'firmware'], 'Firmware', spec.firmware, ctx.firmware.keys());
  } else {
    firmware = resolveFirmwareBody(spec.firmware, source, ['spec', 'firmware'], reporter, kernelOnGuestDisk(doc.metadata.annotations));
  }

  // PCI placement: hostbridge and lpc first, then every device that asked for a slot, then the rest.
  const placed: Placed[] = [];
  const hostbridge: ResolvedVm['hostbridge'] = { pci: { bus: 0, slot: 0, function: 0 }, amd: spec.hostbridge?.amd ?? false };
  const lpc: ResolvedVm['lpc'] = { pci: { bus: 0, slot: 31, function: 0 } };
  // Always placed explicitly (0:0 and 31:0 by default); slot text only when the manifest wrote one.
  placed.push({
    path: ['spec', 'hostbridge', 'slot'],
    explicit: spec.hostbridge?.slot ?? '0:0',
    assign: (a) => placeInto(hostbridge, a, spec.hostbridge?.slot),
  });
  placed.push({ path: ['spec', 'lpc', 'slot'], explicit: spec.lpc?.slot ?? '31:0', assign: (a) => placeInto(lpc, a, spec.lpc?.slot) });

  const disks = (spec.disks ?? []).map((d, i) => resolveDisk(d, i, ctx, source, (p, c, m) => err(p, c, m)));
  (spec.disks ?? []).forEach((d, i) => {
    const device = d.device ?? 'virtio-blk';
    placed.push({
      path: ['spec', 'disks', i, 'slot'],
      explicit: d.slot,
      assign: (a, t) => placeInto(disks[i], a, t),
      ...(device.startsWith('ahci') && d.slot ? { shareKey: `ahci@${d.slot}` } : {}),
    });
  });

  if (firmware?.type === 'bhyveload' && firmware.bootDisk >= disks.length) {
    const inline = typeof spec.firmware === 'object' ? spec.firmware.bhyveload : undefined;
    const at: DocPath = !inline
      ? ['spec', 'firmware']
      : inline.bootDisk !== undefined
        ? ['spec', 'firmware', 'bhyveload', 'bootDisk']
        : ['spec', 'firmware', 'bhyveload'];
    err(
      at,
      'firmware.boot-disk',
      disks.length === 0
        ? 'bhyveload reads the FreeBSD loader and kernel from a disk, but the VM has no `disks`'
        : `bhyveload boots from disks[${firmware.bootDisk}], but the VM has ${disks.length} disk${disks.length === 1 ? '' : 's'}; ` +
            `\`bootDisk\` is an index from 0 to ${disks.length - 1}`,
    );
  }

  const generatedTaps: ResolvedTap[] = [];
  const nics: (ResolvedNic | undefined)[] = (spec.nics ?? []).map((n, i) =>
    resolveNic(n, i, name, ctx, source, generatedTaps, (p, c, m) => err(p, c, m)),
  );
  (spec.nics ?? []).forEach((n, i) =>
    placed.push({ path: ['spec', 'nics', i, 'slot'], explicit: n.slot, assign: (a, t) => placeInto(nics[i], a, t) }),
  );

  const optionalSlot = (v: unknown): string | undefined =>
    v && typeof v === 'object' && 'slot' in v ? (v as { slot?: string }).slot : undefined;
  const rng: ResolvedVm['rng'] = spec.rng ? { pci: zeroPci() } : undefined;
  if (rng) placed.push({ path: ['spec', 'rng', 'slot'], explicit: optionalSlot(spec.rng), assign: (a, t) => placeInto(rng, a, t) });
  const consoles: ResolvedVm['consoles'] = spec.consoles?.length
    ? { pci: zeroPci(), ports: spec.consoles.map((c) => ({ name: c.name, ...(c.path ? { path: c.path } : {}) })) }
    : undefined;
  if (consoles) placed.push({ path: ['spec', 'consoleSlot'], explicit: spec.consoleSlot, assign: (a, t) => placeInto(consoles, a, t) });
  const consoleNames = new Set<string>();
  (spec.consoles ?? []).forEach((c, i) => {
    if (consoleNames.has(c.name)) err(['spec', 'consoles', i, 'name'], 'console.duplicate', `console port \`${c.name}\` is defined twice`);
    consoleNames.add(c.name);
  });
  const shares = (spec.shares ?? []).map((s, i) => {
    const share: ResolvedVm['shares'][number] = { name: s.name, path: s.path, readOnly: s.readOnly ?? false, pci: zeroPci() };
    placed.push({ path: ['spec', 'shares', i, 'slot'], explicit: s.slot, assign: (a, t) => placeInto(share, a, t) });
    return share;
  });
  const fb = spec.framebuffer;
  const framebuffer: ResolvedVm['framebuffer'] = fb
    ? {
        pci: zeroPci(),
        listen: fb.listen ?? '127.0.0.1:5900',
        width: fb.width ?? 1024,
        height: fb.height ?? 768,
        ...(fb.vga ? { vga: fb.vga } : {}),
        wait: fb.wait ?? false,
        ...(fb.passwordFile ? { passwordFile: fb.passwordFile } : {}),
      }
    : undefined;
  if (framebuffer)
    placed.push({ path: ['spec', 'framebuffer', 'slot'], explicit: fb!.slot, assign: (a, t) => placeInto(framebuffer, a, t) });
  const tablet: ResolvedVm['tablet'] = spec.tablet ? { pci: zeroPci() } : undefined;
  if (tablet)
    placed.push({ path: ['spec', 'tablet', 'slot'], explicit: optionalSlot(spec.tablet), assign: (a, t) => placeInto(tablet, a, t) });
  const passthrough = (spec.passthrough ?? []).map((p, i) => {
    const dev: ResolvedVm['passthrough'][number] = { host: p.host, ...(p.rom ? { rom: p.rom } : {}), pci: zeroPci() };
    placed.push({ path: ['spec', 'passthrough', i, 'slot'], explicit: p.slot, assign: (a, t) => placeInto(dev, a, t) });
    return dev;
  });
  const sound: ResolvedVm['sound'] = spec.sound
    ? { pci: zeroPci(), ...(spec.sound.play ? { play: spec.sound.play } : {}), ...(spec.sound.record ? { record: spec.sound.record } : {}) }
    : undefined;
  if (sound) placed.push({ path: ['spec', 'sound', 'slot'], explicit: spec.sound!.slot, assign: (a, t) => placeInto(sound, a, t) });

  const cloudInit = spec.cloudInit ? resolveCloudInit(spec.cloudInit, name, err) : undefined;
  if (cloudInit)
    placed.push({ path: ['spec', 'cloudInit', 'slot'], explicit: spec.cloudInit!.slot, assign: (a, t) => placeInto(cloudInit, a, t) });

  // Derived MACs come from the final placement, as bhyve's do (uniquifyDerivedMacs, across all VMs).
  placeDevices(placed, lpc, (p, c, m) => err(p, c, m));

  const serial = resolveSerial(spec, err);
  const { run, restartPolicy, autostart, stopTimeoutMs, restoreFrom } = resolveLifecycle(spec, name, ctx.vmNames, err, (path, dep) =>
    reportUnresolved(reporter, source, path, 'VirtualMachine', dep, ctx.vmNames),
  );
  // A warning, not an error: once the VM has started from it, the snapshot is no longer needed.
  if (restoreFrom && !existsSync(restoreFrom))
    reporter.warning(
      source,
      ['spec', 'restoreFrom'],
      'file.missing',
      `snapshot ${restoreFrom} does not exist on this host: a first start from it fails (later starts boot normally)`,
    );

  if (reporter.errorCount > errorsBefore || !firmware) return { generatedTaps };
  const vm: UnhashedVm = {
    kind: 'VirtualMachine',
    meta: metaOf(doc.metadata, source, spec.placement),
    cpus,
    cpuPinning: spec.cpuPinning ?? [],
    memoryBytes,
    memoryText: spec.memory,
    wiredMemory: spec.wiredMemory ?? false,
    ...(firmwareRef ? { firmwareRef } : {}),
    firmware,
    hostbridge,
    lpc,
    disks: disks as ResolvedDisk[],
    nics: nics as ResolvedNic[],
    serial,
    ...(rng ? { rng } : {}),
    ...(consoles ? { consoles } : {}),
    ...(framebuffer ? { framebuffer } : {}),
    ...(tablet ? { tablet } : {}),
    shares,
    passthrough,
    ...(sound ? { sound } : {}),
    ...(cloudInit ? { cloudInit } : {}),
    testDevice: spec.testDevice ?? false,
    flags: {
      acpi: spec.acpi ?? true,
      hpet: spec.hpet ?? true,
      x2apic: spec.x2apic ?? false,
      yieldOnHlt: spec.yieldOnHlt ?? true,
      exitOnPause: spec.exitOnPause ?? false,
      rtcUtc: spec.rtcUtc ?? true,
      ignoreUnimplementedMsrs: spec.ignoreUnimplementedMsrs ?? false,
      destroyOnPoweroff: spec.destroyOnPoweroff ?? false,
      exitOnUnemulatedIo: spec.exitOnUnemulatedIo ?? false,
      coreDumpGuestMemory: spec.coreDumpGuestMemory ?? false,
      disableMptable: spec.disableMptable ?? false,
      forceMsi: spec.forceMsi ?? false,
    },
    ...(spec.uuid ? { uuid: spec.uuid.toLowerCase() } : {}),
    ...(spec.gdb
      ? { gdb: { port: spec.gdb.port, address: spec.gdb.address ?? '127.0.0.1', waitForAttach: spec.gdb.waitForAttach ?? false } }
      : {}),
    run,
    restartPolicy,
    autostart,
    stopTimeoutMs,
    ...(restoreFrom ? { restoreFrom } : {}),
  };
  return { vm, generatedTaps };
}

/**
 * Hash of what the running machine depends on; lifecycle settings, metadata and display text
 * (`memoryText`, `slotText`: `1024M` vs `1G`, slot `2` vs `2:0`) are left out. The resolver builds
 * every object in a fixed key order (free-form maps sorted), so the order keys were written in never changes it.
 */
const DISPLAY_TEXT = new Set(['memoryText', 'slotText']);

export function machineHash(vm: UnhashedVm): string {
  const { meta, run, restartPolicy, autostart, stopTimeoutMs, restoreFrom, ...machine } = vm;
  void meta;
  void restoreFrom;
  void run;
  void restartPolicy;
  void autostart;
  void stopTimeoutMs;
  return hash(
    'sha256',
    JSON.stringify({ name: vm.meta.name, machine }, (key, value) => (DISPLAY_TEXT.has(key) ? undefined : value)),
    'hex',
  ).slice(0, 16);
}
