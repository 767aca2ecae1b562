// Reads bhyve_config(5) settings (a `bhyve -k FILE`, `-o key=value`) back into the bhyve(8) options
// they stand for, so the argv importer reads both forms; the inverse of bhyve-config.ts.

/** `key=value` lines; `#` comments and blank lines skipped. */
export function parseBhyveConfig(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq > 0) out.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  return out;
}

/** A bhyve_config(5) file rather than a script: only `key=value` lines, with bhyve's own keys. */
export function looksLikeBhyveConfig(text: string): boolean {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return (
    lines.length > 0 &&
    lines.every((l) => /^[A-Za-z0-9_.-]+=/.test(l)) &&
    lines.some((l) => /^(name|memory\.size|pci\.[0-9]+\.[0-9]+\.[0-9]+\.device)=/.test(l))
  );
}

/** Boolean settings and the flag that sets them (`value` is the setting's value with the flag given). */
const FLAGS: [string, string, string][] = [
  ['acpi_tables', 'true', '-A'],
  ['memory.guest_in_core', 'true', '-C'],
  ['memory.wired', 'true', '-S'],
  ['destroy_on_poweroff', 'true', '-D'],
  ['x86.strictio', 'true', '-e'],
  ['x86.vmexit_on_hlt', 'true', '-H'],
  ['x86.vmexit_on_pause', 'true', '-P'],
  ['rtc.use_localtime', 'false', '-u'],
  ['virtio_msix', 'false', '-W'],
  ['x86.strictmsr', 'false', '-w'],
  ['x86.x2apic', 'true', '-x'],
  ['x86.mptable', 'false', '-Y'],
];
/** Defaults of those settings: a value equal to it needs no flag. */
const FLAG_DEFAULTS = new Map(FLAGS.map(([k, on]) => [k, on === 'true' ? 'false' : 'true']));

const word = ([k, v]: [string, string]) => (v === 'true' ? k : `${k}=${v}`);

/** The `-s` configuration (after `slot,emulation`) of one pci.B.S.F node. */
function deviceConf(device: string, s: Map<string, string>): string[] {
  const take = (key: string) => {
    const v = s.get(key);
    s.delete(key);
    return v;
  };
  const rest = () => [...s.entries()].map(word);
  switch (device) {
    case 'virtio-blk':
    case 'nvme': {
      const path = take('path');
      return [...(path ? [path] : []), ...rest()];
    }
    case 'virtio-scsi': {
      const dev = take('dev');
      return [...(dev ? [dev] : []), ...rest()];
    }
    case 'virtio-net':
    case 'e1000': {
      const backend = take('backend');
      return [...(backend ? [backend] : []), ...rest()];
    }
    case 'virtio-9p': {
      const name = take('sharename'),
        path = take('path');
      return [`${name}=${path}`, ...rest()];
    }
    case 'passthru': {
      const b = take('bus'),
        sl = take('slot'),
        f = take('func');
      return [`${b}/${sl}/${f}`, ...rest()];
    }
    case 'fbuf': {
      const rfb = take('rfb');
      return [...(rfb ? [`tcp=${rfb}`] : []), ...rest()];
    }
    case 'xhci':
      return [...s.entries()].filter(([k]) => /^slot\.[0-9]+\.device$/.test(k)).map(([, v]) => v);
    case 'virtio-console':
    case 'ahci':
    case 'ahci-hd':
    case 'ahci-cd': {
      const ports = new Map<string, Map<string, string>>();
      for (const [k, v] of s) {
        const m = /^port\.([0-9]+)\.(.+)$/.exec(k);
        if (!m) continue;
        if (!ports.has(m[1]!)) ports.set(m[1]!, new Map());
        ports.get(m[1]!)!.set(m[2]!, v);
      }
      return [...ports.values()].flatMap((p) => {
        if (device === 'virtio-console') return [`${p.get('name')}=${p.get('path')}`];
        const type = p.get('type'),
          path = p.get('path');
        p.delete('type');
        p.delete('path');
        return [device === 'ahci' ? `${type}:${path}` : path!, ...[...p.entries()].map(word)];
      });
    }
    default:
      return rest();
  }
}

/** bhyve(8) arguments (without `bhyve`) equivalent to `settings`; what has no flag is a warning. */
export function configToArguments(settings: [string, string][], warn: (m: string) => void): { args: string[]; name?: string } {
  const global = new Map<string, string>();
  const pci = new Map<string, Map<string, string>>();
  for (const [k, v] of settings) {
    const m = /^pci\.([0-9]+)\.([0-9]+)\.([0-9]+)\.(.+)$/.exec(k);
    if (!m) {
      global.set(k, v);
      continue;
    }
    const node = `${m[1]}:${m[2]}:${m[3]}`;
    if (!pci.has(node)) pci.set(node, new Map());
    pci.get(node)!.set(m[4]!, v);
  }
  const args: string[] = [];
  const take = (key: string) => {
    const v = global.get(key);
    global.delete(key);
    return v;
  };
  const name = take('name');
  for (const [key, on, flag] of FLAGS) {
    const v = take(key);
    if (v === on) args.push(flag);
    else if (v !== undefined && v !== FLAG_DEFAULTS.get(key)) warn(`${key}=${v} is not a boolean; dropped`);
  }
  const cpus = take('cpus'),
    sockets = take('sockets'),
    cores = take('cores'),
    threads = take('threads');
  if (sockets && (cores ?? '1') === '1' && (threads ?? '1') === '1' && (cpus === undefined || cpus === sockets)) {
    if (sockets !== '1') args.push('-c', sockets);
  } else if (cpus || sockets || cores || threads)
    args.push(
      '-c',
      [cpus && `cpus=${cpus}`, sockets && `sockets=${sockets}`, cores && `cores=${cores}`, threads && `threads=${threads}`]
        .filter(Boolean)
        .join(','),
    );
  const memory = take('memory.size');
  if (memory) args.push('-m', memory);
  const uuid = take('uuid');
  if (uuid) args.push('-U', uuid);
  const gdbPort = take('gdb.port'),
    gdbWait = take('gdb.wait'),
    gdbAddress = take('gdb.address');
  const gdbBind = gdbAddress ? (gdbAddress.includes(':') ? `[${gdbAddress}]:` : `${gdbAddress}:`) : '';
  if (gdbPort) args.push('-G', `${gdbWait === 'true' ? 'w' : ''}${gdbBind}${gdbPort}`);
  for (const [k, v] of [...global]) {
    const m = /^vcpu\.([0-9]+)\.cpuset$/.exec(k);
    if (m) {
      args.push('-p', `${m[1]}:${v}`);
      global.delete(k);
    }
  }
  for (const [node, s] of pci) {
    const [bus, slot, fn] = node.split(':');
    const device = s.get('device') ?? '';
    s.delete('device');
    args.push('-s', [bus === '0' ? `${slot}:${fn}` : node, device, ...deviceConf(device, s)].join(','));
  }
  for (const port of ['com1', 'com2', 'com3', 'com4']) {
    const path = take(`lpc.${port}.path`);
    if (path) args.push('-l', `${port},${path}`);
  }
  if (take('lpc.pc-testdev') === 'true') args.push('-l', 'pc-testdev');
  const rom = take('lpc.bootrom'),
    vars = take('lpc.bootvars');
  if (rom) args.push('-l', ['bootrom', rom, ...(vars ? [vars] : [])].join(','));
  for (const [k, v] of global) warn(`bhyve_config ${k}=${v} has no tshyve equivalent; dropped`);
  return { args, ...(name ? { name } : {}) };
}
