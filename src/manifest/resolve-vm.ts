// Resolves one VirtualMachine: topology, memory, firmware, devices with PCI placement (explicit
// first, then the free slots in spec order), MACs, generated taps, flags and lifecycle defaults.
import { createHash } from 'node:crypto';
import type { ResolvedDisk, ResolvedFirmware, ResolvedNic, ResolvedSerialPort, ResolvedTap, ResolvedVm, ResolvedVolume, ExitAction } from '../model/resolved.js';
import type { VirtualMachineDocument } from '../model/spec-types.generated.js';
import type { Entry } from './documents.js';
import { placeDevices, placeInto, resolveDisk, resolveNic, zeroPci, type Placed } from './resolve-devices.js';
import type { DocPath, Reporter } from './reporter.js';
import { metaOf, reportUnresolved, resolveFirmwareBody } from './resolve-host-resources.js';
import { parseDuration, parseSize } from './units.js';

/** The native VMM's limits (native/src/vmm/vm.cc): refused here first, with a position. */
export const MAX_VCPUS = 255;
export const MIN_MEMORY_BYTES = 2 * 2 ** 20;

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

  // vCPUs and topology, as bhyve -c: a bare count means that many sockets.
  let cpus: ResolvedVm['cpus'];
  if (typeof spec.cpus === 'number') cpus = { count: spec.cpus, sockets: spec.cpus, cores: 1, threads: 1 };
  else {
    const sockets = spec.cpus.sockets ?? 1, cores = spec.cpus.cores ?? 1, threads = spec.cpus.threads ?? 1;
    const product = sockets * cores * threads;
    cpus = { count: spec.cpus.count ?? product, sockets, cores, threads };
    if (product !== cpus.count) err(['spec', 'cpus'], 'cpus.topology', `sockets × cores × threads = ${sockets} × ${cores} × ${threads} = ${product}, but count is ${cpus.count}; they must be equal`);
    if (product > MAX_VCPUS) err(['spec', 'cpus'], 'cpus.topology', `topology gives ${product} vCPUs; at most ${MAX_VCPUS} are supported (the VMM's limit)`);
  }
  const pinned = new Set<number>();
  (spec.cpuPinning ?? []).forEach((p, i) => {
    if (p.vcpu >= cpus.count) err(['spec', 'cpuPinning', i, 'vcpu'], 'cpus.pinning', `vCPU ${p.vcpu} does not exist: the VM has ${cpus.count} (0-${cpus.count - 1})`);
    if (pinned.has(p.vcpu)) err(['spec', 'cpuPinning', i, 'vcpu'], 'cpus.pinning', `vCPU ${p.vcpu} is pinned twice`);
    pinned.add(p.vcpu);
  });

  const memoryBytes = parseSize(spec.memory) ?? 0;
  if (memoryBytes <= 0) err(['spec', 'memory'], 'memory.zero', 'memory must be above zero');
  else if (memoryBytes < MIN_MEMORY_BYTES) err(['spec', 'memory'], 'memory.too-small', `memory ${spec.memory} is less than 2MiB, the least the VMM runs${memoryBytes < 2 ** 20 ? '; did you forget the unit (512MiB, 2G)?' : ''}`);
  if (ctx.hostMemoryBytes !== undefined && memoryBytes > ctx.hostMemoryBytes) {
    reporter.hostFact(source, ['spec', 'memory'], 'memory.exceeds-host', `memory ${spec.memory} is more than this host has (${(ctx.hostMemoryBytes / 2 ** 30).toFixed(1)}GiB)`);
  }

  let firmware: ResolvedVm['firmware'] | undefined;
  let firmwareRef: string | undefined;
  if (typeof spec.firmware === 'string') {
    firmwareRef = spec.firmware;
    firmware = ctx.firmware.get(spec.firmware)?.body;
    if (!firmware && !ctx.firmware.has(spec.firmware)) reportUnresolved(reporter, source, ['spec', 'firmware'], 'Firmware', spec.firmware, ctx.firmware.keys());
  } else {
    firmware = resolveFirmwareBody(spec.firmware, source, ['spec', 'firmware'], reporter);
  }

  // PCI placement: hostbridge and lpc first, then every device that asked for a slot, then the rest.
  const placed: Placed[] = [];
  const hostbridge: ResolvedVm['hostbridge'] = { pci: { bus: 0, slot: 0, function: 0 }, amd: spec.hostbridge?.amd ?? false };
  const lpc: ResolvedVm['lpc'] = { pci: { bus: 0, slot: 31, function: 0 } };
  // Always placed explicitly (0:0 and 31:0 by default); slot text only when the manifest wrote one.
  placed.push({ path: ['spec', 'hostbridge', 'slot'], explicit: spec.hostbridge?.slot ?? '0:0', assign: (a) => placeInto(hostbridge, a, spec.hostbridge?.slot) });
  placed.push({ path: ['spec', 'lpc', 'slot'], explicit: spec.lpc?.slot ?? '31:0', assign: (a) => placeInto(lpc, a, spec.lpc?.slot) });

  const disks = (spec.disks ?? []).map((d, i) => resolveDisk(d, i, ctx, source, (p, c, m) => err(p, c, m)));
  (spec.disks ?? []).forEach((d, i) => {
    const device = d.device ?? 'virtio-blk';
    placed.push({ path: ['spec', 'disks', i, 'slot'], explicit: d.slot, assign: (a, t) => placeInto(disks[i], a, t), ...(device.startsWith('ahci') && d.slot ? { shareKey: `ahci@${d.slot}` } : {}) });
  });

  if (firmware?.type === 'bhyveload' && firmware.bootDisk >= disks.length) {
    const inline = typeof spec.firmware === 'object' ? spec.firmware.bhyveload : undefined;
    const at: DocPath = !inline ? ['spec', 'firmware'] : inline.bootDisk !== undefined ? ['spec', 'firmware', 'bhyveload', 'bootDisk'] : ['spec', 'firmware', 'bhyveload'];
    err(at, 'firmware.boot-disk', disks.length === 0
      ? 'bhyveload reads the FreeBSD loader and kernel from a disk, but the VM has no `disks`'
      : `bhyveload boots from disks[${firmware.bootDisk}], but the VM has ${disks.length} disk${disks.length === 1 ? '' : 's'}; \`bootDisk\` is an index from 0 to ${disks.length - 1}`);
  }

  const generatedTaps: ResolvedTap[] = [];
  const nics: (ResolvedNic | undefined)[] = (spec.nics ?? []).map((n, i) => resolveNic(n, i, name, ctx, source, generatedTaps, (p, c, m) => err(p, c, m)));
  (spec.nics ?? []).forEach((n, i) => placed.push({ path: ['spec', 'nics', i, 'slot'], explicit: n.slot, assign: (a, t) => placeInto(nics[i], a, t) }));

  const optionalSlot = (v: unknown): string | undefined => (v && typeof v === 'object' && 'slot' in v ? (v as { slot?: string }).slot : undefined);
  const rng: ResolvedVm['rng'] = spec.rng ? { pci: zeroPci() } : undefined;
  if (rng) placed.push({ path: ['spec', 'rng', 'slot'], explicit: optionalSlot(spec.rng), assign: (a, t) => placeInto(rng, a, t) });
  const consoles: ResolvedVm['consoles'] = spec.consoles?.length ? { pci: zeroPci(), ports: spec.consoles.map((c) => ({ name: c.name, ...(c.path ? { path: c.path } : {}) })) } : undefined;
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
  const framebuffer: ResolvedVm['framebuffer'] = fb ? { pci: zeroPci(), listen: fb.listen ?? '127.0.0.1:5900', width: fb.width ?? 1024, height: fb.height ?? 768, ...(fb.vga ? { vga: fb.vga } : {}), wait: fb.wait ?? false, ...(fb.passwordFile ? { passwordFile: fb.passwordFile } : {}) } : undefined;
  if (framebuffer) placed.push({ path: ['spec', 'framebuffer', 'slot'], explicit: fb!.slot, assign: (a, t) => placeInto(framebuffer, a, t) });
  const tablet: ResolvedVm['tablet'] = spec.tablet ? { pci: zeroPci() } : undefined;
  if (tablet) placed.push({ path: ['spec', 'tablet', 'slot'], explicit: optionalSlot(spec.tablet), assign: (a, t) => placeInto(tablet, a, t) });
  const passthrough = (spec.passthrough ?? []).map((p, i) => {
    const dev: ResolvedVm['passthrough'][number] = { host: p.host, ...(p.rom ? { rom: p.rom } : {}), pci: zeroPci() };
    placed.push({ path: ['spec', 'passthrough', i, 'slot'], explicit: p.slot, assign: (a, t) => placeInto(dev, a, t) });
    return dev;
  });
  const sound: ResolvedVm['sound'] = spec.sound ? { pci: zeroPci(), ...(spec.sound.play ? { play: spec.sound.play } : {}), ...(spec.sound.record ? { record: spec.sound.record } : {}) } : undefined;
  if (sound) placed.push({ path: ['spec', 'sound', 'slot'], explicit: spec.sound!.slot, assign: (a, t) => placeInto(sound, a, t) });

  // Derived MACs come from the final placement, as bhyve's do (uniquifyDerivedMacs, across all VMs).
  placeDevices(placed, lpc, (p, c, m) => err(p, c, m));

  const serial: ResolvedSerialPort[] = [];
  const ports = spec.serial ?? { com1: { mode: 'socket' as const } };
  for (const port of ['com1', 'com2', 'com3', 'com4'] as const) {
    const s = ports[port];
    if (!s || s.mode === 'off') continue;
    if ((s.mode === 'log' || s.mode === 'tty') && !s.path) err(['spec', 'serial', port], 'serial.path', `${port} in mode ${s.mode} needs a \`path\``);
    if (s.mode === 'stdio' && serial.some((x) => x.mode === 'stdio')) err(['spec', 'serial', port, 'mode'], 'serial.stdio', 'only one serial port can use stdio');
    serial.push({ port, mode: s.mode, ...(s.path ? { path: s.path } : {}) });
  }

  const duration = (text: string | undefined, fallback: number) => (text === undefined ? fallback : parseDuration(text) ?? fallback);
  const rp = spec.restartPolicy ?? {};
  const restartPolicy = {
    onReboot: (rp.onReboot ?? 'restart') as ExitAction,
    onPoweroff: (rp.onPoweroff ?? 'stop') as ExitAction,
    onHalt: (rp.onHalt ?? 'stop') as ExitAction,
    onTripleFault: (rp.onTripleFault ?? 'restartWithBackoff') as ExitAction,
    onError: (rp.onError ?? 'restartWithBackoff') as ExitAction,
    backoffInitialMs: duration(rp.backoffInitial, 1000),
    backoffMaxMs: duration(rp.backoffMax, 300_000),
    crashLoopRestarts: rp.crashLoopRestarts ?? 5,
    crashLoopWindowMs: duration(rp.crashLoopWindow, 600_000),
  };
  if (restartPolicy.backoffMaxMs < restartPolicy.backoffInitialMs) err(['spec', 'restartPolicy', 'backoffMax'], 'restart.backoff', 'backoffMax must not be shorter than backoffInitial');
  const after = spec.autostart?.after ?? [];
  after.forEach((dep, i) => {
    if (dep === name) err(['spec', 'autostart', 'after', i], 'autostart.self', 'a VM cannot start after itself');
    else if (!ctx.vmNames.has(dep)) reportUnresolved(reporter, source, ['spec', 'autostart', 'after', i], 'VirtualMachine', dep, ctx.vmNames);
  });

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
    testDevice: spec.testDevice ?? false,
    flags: {
      acpi: spec.acpi ?? true,
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
    ...(spec.gdb ? { gdb: { port: spec.gdb.port, waitForAttach: spec.gdb.waitForAttach ?? false } } : {}),
    run: spec.run ?? 'Always',
    restartPolicy,
    autostart: { enabled: spec.autostart?.enabled ?? true, order: spec.autostart?.order ?? 100, delayMs: duration(spec.autostart?.delay, 0), after },
    stopTimeoutMs: duration(spec.stopTimeout, 60_000),
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
  const { meta, run, restartPolicy, autostart, stopTimeoutMs, ...machine } = vm;
  void meta; void run; void restartPolicy; void autostart; void stopTimeoutMs;
  return createHash('sha256').update(JSON.stringify({ name: vm.meta.name, machine }, (key, value) => (DISPLAY_TEXT.has(key) ? undefined : value))).digest('hex').slice(0, 16);
}
