// Reads a bhyve(8) command line (getopt rules: bundled flags, attached arguments) back into a
// VirtualMachine manifest and the Tap manifests its NICs name. The inverse of bhyve-argv.ts.
import { isAbsolute, resolve } from 'node:path';
import { getopt, type GetoptResult } from './getopt.js';
import { generatedTapName } from '../../manifest/tap-names.js';
import { bhyveloadFirmware, type ImportedBhyveload } from './import-bhyveload.js';
import { configToArguments, parseBhyveConfig } from './import-config.js';
import { emptyDevices, importDeviceArg } from './import-devices.js';
import { parseBhyveSize } from './notation.js';
import { parseNmdmDevice } from './serial-ports.js';
import { GRUB_ROOT_ANNOTATION } from '../../model/annotations.js';
import { FREEBSD_STATE_DIR } from './types.js';

// Letters that take an argument in bhyve(8): c G l m p r s U (SYNOPSIS), k o (bhyve_config(5)
// files and settings), B f K (SMBIOS, fw_cfg, keyboard layout in newer releases) and g, the gdb port
// of older releases that the FreeBSD handbook's lines still pass (`-g 0`). Knowing them keeps an
// unmapped flag from swallowing the next word (the VM name) as getopt(3) would not.
const WITH_ARGUMENT = new Set(['B', 'c', 'f', 'G', 'g', 'K', 'k', 'l', 'm', 'o', 'p', 'r', 's', 'U']);
const FLAG_FIELDS: Record<string, string> = {
  C: 'coreDumpGuestMemory',
  D: 'destroyOnPoweroff',
  e: 'exitOnUnemulatedIo',
  P: 'exitOnPause',
  W: 'forceMsi',
  w: 'ignoreUnimplementedMsrs',
  x: 'x2apic',
  Y: 'disableMptable',
};

/** Facts from the rest of a script that the bhyve line alone does not carry. */
export interface ImportContext {
  /** Device path → Volume name (from zfs create / truncate steps). */
  volumesByPath: Map<string, string>;
  /** Tap interface → Bridge resource name (from ifconfig addm steps). */
  bridgeOfTap: Map<string, string>;
  /** Per VM: the kernel grub-bhyve loads. */
  grub: Map<string, { root: string; kernel: string; initrd?: string; cmdline?: string }>;
  /** Per VM: the bhyveload(8) line that loads it. */
  bhyveload: Map<string, ImportedBhyveload>;
  /** UEFI variables file → its template (from the run script's cp). */
  varsTemplates: Map<string, string>;
  /** Per VM: restart policy fields that differ from the defaults. */
  restartPolicies: Map<string, Record<string, string | number>>;
  /** Per VM: disk limits from the run script's rctl variables (all on the first disk: rctl limits the process). */
  diskLimits: Map<string, { bandwidth?: string; iops?: number }>;
  /** Per VM: the file bhyve's stdio is appended to. */
  logFiles: Map<string, string>;
  /** Files the script wrote (here-documents), by path: bhyve_config(5) files for `-k`. */
  files: Map<string, string>;
  /** The compile's state directory: console sockets there are tshyve's defaults. */
  stateDir: string;
  /** Relative image paths of the command line resolve against this directory (bhyve's cwd). */
  baseDir: string;
}

export function emptyImportContext(): ImportContext {
  return {
    volumesByPath: new Map(),
    bridgeOfTap: new Map(),
    grub: new Map(),
    bhyveload: new Map(),
    varsTemplates: new Map(),
    restartPolicies: new Map(),
    diskLimits: new Map(),
    logFiles: new Map(),
    files: new Map(),
    stateDir: FREEBSD_STATE_DIR,
    baseDir: process.cwd(),
  };
}

export interface ImportedVm {
  name: string;
  document: Record<string, unknown>;
  taps: { ifname: string; bridge?: string }[];
  /** Taps tshyve generated for bridge NICs (no Tap manifest of their own). */
  consumedTaps: string[];
  warnings: string[];
  /** Facts worth saying that need no fix (a relative path resolved). */
  notes: string[];
}

/** A resource name made from a host name: lower-case, dashes for anything else. */
export function resourceNameOf(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name || 'unnamed';
}

/** argv with `-k FILE` (when the script wrote FILE) and `-o key=value` replaced by the options they stand for. */
function expandConfigOptions(argv: string[], files: Map<string, string>, warn: (m: string) => void): string[] {
  const { options, operands } = readBhyveOptions(argv);
  if (!options.some(([l]) => l === 'k' || l === 'o')) return argv;
  const settings: [string, string][] = [];
  const kept: string[] = [];
  for (const [letter, value] of options) {
    if (letter === 'k' && value !== undefined) {
      const text = files.get(value);
      if (text === undefined) warn(`-k ${value}: the file is not part of the import; import it with --file ${value}`);
      else settings.push(...parseBhyveConfig(text));
    } else if (letter === 'o' && value?.includes('=')) settings.push(parseBhyveConfig(value)[0]!);
    else kept.push(`-${letter}`, ...(value === undefined ? [] : [value]));
  }
  const { args, name } = configToArguments(settings, warn);
  return ['bhyve', ...args, ...kept, ...(operands.length ? operands : name ? [name] : [])];
}

/** Splits argv into [option letter, argument] pairs and the operands, as getopt(3) does. */
export function readBhyveOptions(argv: string[]): GetoptResult {
  return getopt(argv, WITH_ARGUMENT, argv[0] === 'bhyve' || argv[0]?.endsWith('/bhyve') ? 1 : 0);
}

function readCpus(text: string, warn: (m: string) => void): unknown {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const topo: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [key, value] = part.split('=');
    if (/^[0-9]+$/.test(part)) topo.cpus = Number(part);
    else if (key && ['cpus', 'sockets', 'cores', 'threads'].includes(key)) topo[key] = Number(value);
    else warn(`-c ${text}: \`${part}\` is not a topology setting`);
  }
  if (topo.sockets === undefined && topo.cores === undefined && topo.threads === undefined) return topo.cpus ?? 1;
  const t = { sockets: topo.sockets ?? 1, cores: topo.cores ?? 1, threads: topo.threads ?? 1 };
  if (topo.cpus !== undefined && topo.cpus !== t.sockets * t.cores * t.threads)
    warn(`-c ${text}: cpus differs from sockets × cores × threads; the product is used`);
  return t;
}

export function importBhyveArgv(argv: string[], ctx: ImportContext = emptyImportContext()): ImportedVm {
  const warnings: string[] = [];
  const notes: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const absolute = (path: string) => {
    if (isAbsolute(path)) return path;
    const full = resolve(ctx.baseDir, path);
    notes.push(`${path} is relative: resolved against ${ctx.baseDir} as ${full} (--base-dir changes the directory)`);
    return full;
  };
  const { options, operands } = readBhyveOptions(expandConfigOptions(argv, ctx.files, warn));
  const name = resourceNameOf(operands[0] ?? 'imported');
  if (!operands[0]) warn('the command line names no VM; called it `imported`');
  else if (name !== operands[0]) warn(`VM name \`${operands[0]}\` is not a resource name; called it \`${name}\``);
  if (operands.length > 1) warn(`extra operands after the VM name dropped: ${operands.slice(1).join(' ')}`);
  const flags = new Set<string>();
  let cpus: unknown = 1;
  let memory: string | undefined;
  let uuid: string | undefined;
  let gdb: { port: number; address?: string; waitForAttach?: true } | undefined;
  const pinning: { vcpu: number; hostCpu: number }[] = [];
  const devices = emptyDevices();
  const serial: Record<string, unknown> = {};
  let bootrom: { image: string; varsTemplate?: string } | undefined;
  let testDevice = false;
  for (const [letter, value] of options) {
    if (!WITH_ARGUMENT.has(letter)) {
      flags.add(letter);
      continue;
    }
    if (value === undefined) {
      warn(`-${letter} needs an argument`);
      continue;
    }
    switch (letter) {
      case 'c':
        cpus = readCpus(value, warn);
        break;
      case 'm':
        memory = parseBhyveSize(value) ?? (warn(`-m ${value} is not a size; using 256M`), '256M');
        break;
      case 'U':
        uuid = value.toLowerCase();
        break;
      case 'G': {
        // [w][bind:]port, an IPv6 bind in brackets.
        const m = /^(w)?(?:\[([^\]]+)\]:|(.*):)?([^:]*)$/.exec(value);
        const address = m?.[2] ?? m?.[3];
        gdb = {
          port: Number(m ? m[4] : value),
          ...(address && address !== 'localhost' ? { address } : {}),
          ...(m?.[1] ? { waitForAttach: true as const } : {}),
        };
        break;
      }
      case 'g':
        warn(
          `-g ${value}: the gdb port flag of older bhyve releases (now -G) is dropped${value === '0' ? ' (0 meant no debugger)' : `; write gdb: { port: ${value} } to keep it`}`,
        );
        break;
      case 'p': {
        const [vcpu, hostCpu] = value.split(':').map(Number);
        pinning.push({ vcpu: vcpu!, hostCpu: hostCpu! });
        break;
      }
      case 's':
        importDeviceArg(value, devices, warn);
        break;
      case 'l': {
        const [device = '', ...rest] = value.split(',');
        if (/^com[1-4]$/.test(device)) {
          const backend = rest.join(',');
          const nmdm = parseNmdmDevice(backend);
          if (backend === 'stdio')
            serial[device] = ctx.logFiles.has(name) ? { mode: 'log', path: ctx.logFiles.get(name) } : { mode: 'stdio' };
          else if (nmdm && nmdm.vm === name && nmdm.port === device) serial[device] = { mode: 'socket' };
          else serial[device] = { mode: 'tty', path: backend };
        } else if (device === 'bootrom' && rest[0]) {
          const vars = rest[1];
          bootrom = { image: absolute(rest[0]), ...(vars ? { varsTemplate: absolute(ctx.varsTemplates.get(vars) ?? vars) } : {}) };
        } else if (device === 'pc-testdev') testDevice = true;
        else warn(`-l ${value} has no tshyve equivalent; dropped`);
        break;
      }
      default:
        warn(`-${letter} ${value} has no tshyve equivalent; dropped`);
    }
  }
  for (const f of flags) if (!'AaCDeHhPSuWwxY'.includes(f)) warn(`unknown flag -${f} dropped`);

  let firmware: unknown;
  const annotations: Record<string, string> = {};
  const grub = ctx.grub.get(name);
  const loader = ctx.bhyveload.get(name);
  if (bootrom) firmware = { bootrom };
  else if (grub) {
    firmware = {
      linux: { kernel: grub.kernel, ...(grub.initrd ? { initrd: grub.initrd } : {}), ...(grub.cmdline ? { cmdline: grub.cmdline } : {}) },
    };
    if (grub.root !== 'host') annotations[GRUB_ROOT_ANNOTATION] = grub.root;
  } else if (loader) {
    const com1 = serial.com1 as { mode?: string; path?: string } | undefined;
    firmware = {
      bhyveload: bhyveloadFirmware(
        loader,
        name,
        devices.disks.map((d) => d.path),
        com1,
        { ...(memory ? { memory } : {}), wired: flags.has('S') },
        warn,
      ),
    };
  } else {
    warn(
      'no -l bootrom, no grub-bhyve and no bhyveload step: the guest was loaded beforehand; firmware.linux.kernel is a placeholder to edit',
    );
    firmware = { linux: { kernel: '/boot/vmlinuz' } };
  }

  const taps: ImportedVm['taps'] = [];
  const consumedTaps: string[] = [];
  // A NIC on a tap tshyve generated for a bridge (tsh-VM-N) was NIC N of the manifest: put it back there.
  const generatedIndex = (ifname: string) => {
    if (!ctx.bridgeOfTap.has(ifname)) return -1;
    for (let j = 0; j < devices.nics.length; j++) if (generatedTapName(name, j) === ifname) return j;
    return -1;
  };
  const ordered: ((typeof devices.nics)[number] | undefined)[] = new Array(devices.nics.length).fill(undefined);
  const others = devices.nics.filter((n) => {
    const j = generatedIndex(n.ifname);
    if (j < 0 || ordered[j]) return true;
    ordered[j] = n;
    return false;
  });
  for (let j = 0; j < ordered.length; j++) if (!ordered[j]) ordered[j] = others.shift();
  const nics = (ordered as typeof devices.nics).map((n, i) => {
    const bridge = ctx.bridgeOfTap.get(n.ifname);
    const rest = {
      ...(n.device ? { device: n.device } : {}),
      ...(n.mac ? { mac: n.mac } : {}),
      ...(n.mtu ? { mtu: n.mtu } : {}),
      slot: n.slot,
    };
    if (bridge && n.ifname === generatedTapName(name, i)) {
      consumedTaps.push(n.ifname);
      return { bridge, ...rest };
    }
    taps.push({ ifname: n.ifname, ...(bridge ? { bridge } : {}) });
    return { tap: resourceNameOf(n.ifname), ...rest };
  });
  const disks = devices.disks.map((raw) => {
    const d = { ...raw, path: absolute(raw.path!) };
    const volume = ctx.volumesByPath.get(raw.path!) ?? ctx.volumesByPath.get(d.path);
    if (!volume) return d;
    const { path, ...rest } = d;
    void path;
    return { volume, ...rest };
  });
  const flag = (letter: string) => flags.has(letter);
  const spec: Record<string, unknown> = { cpus, memory: memory ?? '256M', ...(flag('S') ? { wiredMemory: true } : {}), firmware };
  if (!memory) warn("no -m: bhyve's default 256M written out");
  spec.acpi = flag('A');
  spec.yieldOnHlt = flag('H');
  if (flag('P')) spec.exitOnPause = true;
  spec.rtcUtc = flag('u');
  for (const [letter, field] of Object.entries(FLAG_FIELDS)) if (letter !== 'P' && flag(letter)) spec[field] = true;
  if (uuid) spec.uuid = uuid;
  if (gdb) spec.gdb = gdb;
  if (pinning.length) spec.cpuPinning = pinning;
  if (devices.hostbridge) spec.hostbridge = devices.hostbridge;
  else warn('no hostbridge: tshyve always adds one (slot 0)');
  if (devices.lpc) spec.lpc = devices.lpc;
  const limits = ctx.diskLimits.get(name);
  if (limits && disks.length) disks[0] = { ...disks[0]!, limits };
  if (disks.length) spec.disks = disks;
  if (nics.length) spec.nics = nics;
  spec.serial = Object.keys(serial).length ? serial : { com1: { mode: 'off' } };
  if (devices.rng) spec.rng = devices.rng;
  if (devices.consoles)
    spec.consoles = devices.consoles.map((c) => (c.path === `${ctx.stateDir}/${name}/console-${c.name}.sock` ? { name: c.name } : c));
  if (devices.consoleSlot) spec.consoleSlot = devices.consoleSlot;
  if (devices.framebuffer) spec.framebuffer = devices.framebuffer;
  if (devices.tablet) spec.tablet = devices.tablet;
  if (devices.shares.length) spec.shares = devices.shares;
  if (devices.passthrough.length) spec.passthrough = devices.passthrough;
  if (devices.sound) spec.sound = devices.sound;
  if (testDevice) spec.testDevice = true;
  const policy = ctx.restartPolicies.get(name);
  if (policy && Object.keys(policy).length) spec.restartPolicy = policy;
  const metadata = { name, ...(Object.keys(annotations).length ? { annotations } : {}) };
  return {
    name,
    document: { apiVersion: 'tshyve.dev/v1alpha1', kind: 'VirtualMachine', metadata, spec },
    taps,
    consumedTaps,
    warnings,
    notes,
  };
}
