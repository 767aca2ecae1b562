// Imports a vmrun-style sh script (or tshyve's own host-setup.sh and run.sh): the host steps of the
// handbook (ifconfig create/addm, zfs create -V, truncate -s), grub-bhyve with its device.map and
// grub.cfg, bhyveload(8), UEFI variable copies, restart-policy variables, every bhyve(8) command line,
// and the handbook's vmrun.sh invocations (expanded as vmrun.sh runs them).
import { formatDuration } from '../../manifest/units.js';
import { emptyImportContext, importBhyveArgv, resourceNameOf, type ImportContext } from './import-argv.js';
import { readBhyveloadArgv } from './import-bhyveload.js';
import { configToArguments, looksLikeBhyveConfig, parseBhyveConfig } from './import-config.js';
import { expandVmrun, vmrunArguments } from './import-vmrun.js';
import { parseBhyveSize } from './notation.js';
import { importLimits } from './rctl-limits.js';
import { POLICY_VARIABLES } from './run-script.js';
import { parseShellCommands, type ShellCommand } from './shell-words.js';

export interface ImportResult {
  documents: Record<string, unknown>[];
  warnings: string[];
  notes: string[];
}

export interface ImportOptions {
  /** Where relative image paths of the command lines resolve (default: the current directory). */
  baseDir?: string;
}

const POLICY_DEFAULTS: Record<string, string> = {
  onReboot: 'restart',
  onPoweroff: 'stop',
  onHalt: 'stop',
  onTripleFault: 'restartWithBackoff',
  onError: 'restartWithBackoff',
  backoffInitialMs: '1000',
  backoffMaxMs: '300000',
  crashLoopRestarts: '5',
  crashLoopWindowMs: '600000',
};

interface HostFacts {
  bridges: Map<string, { ifname: string; members: string[]; addresses: string[]; mtu?: number }>;
  taps: Set<string>;
  mtus: Map<string, number>;
  volumes: Record<string, unknown>[];
}

function readGrub(cmd: ShellCommand, files: Map<string, string>, ctx: ImportContext): void {
  const w = cmd.words;
  const arg = (flag: string) => {
    const i = w.indexOf(flag);
    return i >= 0 ? w[i + 1] : undefined;
  };
  const name = w[w.length - 1]!;
  const dir = arg('-d');
  const root = arg('-r') ?? 'host';
  const cfg = (dir && files.get(`${dir}/grub.cfg`)) || '';
  let kernel: string | undefined,
    initrd: string | undefined,
    cmdline: string | undefined,
    device = root;
  for (const line of cfg.split('\n')) {
    const m = /^\s*(linux|initrd)\s+(?:\(([^)]+)\))?(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[2]) device = m[2];
    if (m[1] === 'linux') {
      kernel = m[3];
      cmdline = m[4] || undefined;
    } else initrd = m[3];
  }
  if (kernel) ctx.grub.set(resourceNameOf(name), { root: device, kernel, ...(initrd ? { initrd } : {}), ...(cmdline ? { cmdline } : {}) });
}

function readHostStep(w: string[], facts: HostFacts, ctx: ImportContext, warn: (m: string) => void): void {
  if (w[0] === 'ifconfig' && w.length >= 3) {
    const [, first, second, ...rest] = w as [string, string, string, ...string[]];
    if (second === 'create') {
      const named = rest[0] === 'name' ? rest[1] : undefined;
      const ifname = named ?? first;
      if (/^bridge/.test(first)) facts.bridges.set(ifname, facts.bridges.get(ifname) ?? { ifname, members: [], addresses: [] });
      else if (/^tap/.test(first)) facts.taps.add(ifname);
      return;
    }
    const bridge = facts.bridges.get(first);
    const words = [second, ...rest];
    for (let i = 0; i < words.length; i++) {
      if (words[i] === 'addm' && words[i + 1]) {
        const m = words[++i]!;
        if (bridge && facts.taps.has(m)) ctx.bridgeOfTap.set(m, resourceNameOf(bridge.ifname));
        else if (bridge) bridge.members.push(m);
      } else if ((words[i] === 'inet' || words[i] === 'inet6') && words[i + 1] && bridge) bridge.addresses.push(words[++i]!);
      else if (words[i] === 'mtu' && words[i + 1]) facts.mtus.set(first, Number(words[++i]));
    }
    return;
  }
  if (w[0] === 'zfs' && w[1] === 'create') {
    let size: string | undefined,
      sparse = false,
      volmode: string | undefined;
    const properties: Record<string, string> = {};
    let dataset: string | undefined;
    for (let i = 2; i < w.length; i++) {
      const word = w[i]!;
      if (word === '-s') sparse = true;
      else if (word.startsWith('-V')) size = word.length > 2 ? word.slice(2) : w[++i];
      else if (word === '-o' && w[i + 1]) {
        const [k, v] = w[++i]!.split('=', 2) as [string, string];
        if (k === 'volmode') volmode = v;
        else properties[k] = v;
      } else if (!word.startsWith('-')) dataset = word;
    }
    if (!size || !dataset) return;
    const name = resourceNameOf(dataset.split('/').pop()!);
    const zfs = {
      dataset,
      ...(volmode && volmode !== 'dev' ? { volmode } : {}),
      ...(sparse ? { sparse: true } : {}),
      ...(Object.keys(properties).length ? { properties } : {}),
    };
    facts.volumes.push({
      apiVersion: 'tshyve.dev/v1alpha1',
      kind: 'Volume',
      metadata: { name },
      spec: { size: parseBhyveSize(size) ?? size, zfs },
    });
    ctx.volumesByPath.set(`/dev/zvol/${dataset}`, name);
    return;
  }
  if (w[0] === 'truncate' && w[1] === '-s' && w[2] && w[3]) {
    const path = w[3];
    if (!path.startsWith('/')) warn(`truncate ${path}: the manifest needs an absolute path`);
    const name = resourceNameOf(
      path
        .split('/')
        .pop()!
        .replace(/\.[^.]*$/, ''),
    );
    facts.volumes.push({
      apiVersion: 'tshyve.dev/v1alpha1',
      kind: 'Volume',
      metadata: { name },
      spec: { size: parseBhyveSize(w[2]) ?? w[2], file: { path } },
    });
    ctx.volumesByPath.set(path, name);
    return;
  }
  if (w[0] === 'dd') {
    const input = w.find((x) => x.startsWith('if='))?.slice(3);
    const output = w.find((x) => x.startsWith('of='))?.slice(3);
    const volume = output && ctx.volumesByPath.get(output);
    const doc = volume && facts.volumes.find((v) => (v.metadata as { name: string }).name === volume);
    if (doc && input) (doc.spec as Record<string, unknown>).source = { image: input };
  }
}

/** Imports scripts (each a file's text) and loose bhyve argvs into manifests. */
export function importBhyveScripts(scripts: string[], argvs: string[][] = [], options: ImportOptions = {}): ImportResult {
  const warnings: string[] = [];
  const notes: string[] = [];
  const ctx = emptyImportContext();
  if (options.baseDir) ctx.baseDir = options.baseDir;
  const facts: HostFacts = { bridges: new Map(), taps: new Set(), mtus: new Map(), volumes: [] };
  const files = ctx.files;
  const bhyveLines: { argv: string[]; policy: Record<string, string | number>; limits?: ReturnType<typeof importLimits> }[] = [];
  const vmrunLines: typeof bhyveLines = [];
  for (const script of scripts) {
    if (looksLikeBhyveConfig(script)) {
      // A bhyve_config(5) file (compile's vms/NAME/bhyve.conf, for `bhyve -k`): one VM.
      const { args, name } = configToArguments(parseBhyveConfig(script), (m) => warnings.push(m));
      bhyveLines.push({ argv: ['bhyve', ...args, ...(name ? [name] : [])], policy: {} });
      continue;
    }
    const policies = new Map<string, string>();
    const fromThisScript: string[][] = [];
    for (const cmd of parseShellCommands(script)) {
      const w = cmd.words;
      const vmrun = vmrunArguments(w);
      if (vmrun) {
        // The handbook's vmrun.sh: its bhyveload and bhyve lines, with its loop's fixed policy.
        const x = expandVmrun(vmrun);
        const { name, loader } = readBhyveloadArgv(x.loader);
        ctx.bhyveload.set(resourceNameOf(name!), loader);
        warnings.push(...x.warnings);
        vmrunLines.push({ argv: x.bhyve, policy: x.policy });
        continue;
      }
      const out = cmd.redirects.find((r) => r.op === '>' || r.op === '1>')?.target;
      if (w[0] === 'cat' && out && cmd.heredoc !== undefined) files.set(out, cmd.heredoc);
      else if (w[0] === 'grub-bhyve') readGrub(cmd, files, ctx);
      else if (w[0] === 'bhyveload' || w[0]?.endsWith('/bhyveload')) {
        const { name, loader } = readBhyveloadArgv(w);
        if (name) ctx.bhyveload.set(resourceNameOf(name), loader);
        else warnings.push('a bhyveload line names no VM; ignored');
      } else if (w[0] === 'bhyve' || w[0]?.endsWith('/bhyve')) {
        fromThisScript.push(w);
        const log = cmd.redirects.find((r) => r.op === '>>' || r.op === '1>>')?.target;
        if (log) ctx.logFiles.set(resourceNameOf(w[w.length - 1]!), log);
      } else if (w[0] === 'cp' && w.length === 3) ctx.varsTemplates.set(w[2]!, w[1]!);
      else if (w.length === 1 && /^[a-z_]+=/.test(w[0]!)) {
        const [k, v] = w[0]!.split('=', 2) as [string, string];
        policies.set(k, v);
      } else readHostStep(w, facts, ctx, (m) => warnings.push(m));
    }
    const policy = readPolicy(policies);
    const limits = importLimits(policies, (m) => warnings.push(m));
    bhyveLines.push(...fromThisScript.map((argv) => ({ argv, policy, ...(limits ? { limits } : {}) })));
  }
  const documents: Record<string, unknown>[] = [];
  for (const b of facts.bridges.values()) {
    const mtu = facts.mtus.get(b.ifname);
    documents.push({
      apiVersion: 'tshyve.dev/v1alpha1',
      kind: 'Bridge',
      metadata: { name: resourceNameOf(b.ifname) },
      spec: {
        name: b.ifname,
        ...(b.members.length ? { members: b.members } : {}),
        ...(b.addresses.length ? { addresses: b.addresses } : {}),
        ...(mtu ? { mtu } : {}),
      },
    });
  }
  const tapDocs = new Map<string, Record<string, unknown>>();
  const vmDocs: Record<string, unknown>[] = [];
  const consumed = new Set<string>();
  const lines: (typeof bhyveLines)[number][] = [...bhyveLines, ...vmrunLines, ...argvs.map((argv) => ({ argv, policy: {} }))];
  for (const { argv, policy, limits } of lines) {
    const vm = importBhyveArgv(argv, ctx);
    if (Object.keys(policy).length) ctx.restartPolicies.set(vm.name, policy);
    if (limits) ctx.diskLimits.set(vm.name, limits);
    const again = Object.keys(policy).length || limits ? importBhyveArgv(argv, ctx) : vm;
    again.consumedTaps.forEach((t) => consumed.add(t));
    warnings.push(...again.warnings.map((m) => `${again.name}: ${m}`));
    notes.push(...again.notes.map((m) => `${again.name}: ${m}`));
    if (vmDocs.some((d) => (d.metadata as { name: string }).name === again.name)) continue;
    vmDocs.push(again.document);
    for (const t of again.taps) {
      const mtu = facts.mtus.get(t.ifname);
      tapDocs.set(t.ifname, {
        apiVersion: 'tshyve.dev/v1alpha1',
        kind: 'Tap',
        metadata: { name: resourceNameOf(t.ifname) },
        spec: { name: t.ifname, ...(t.bridge ? { bridge: t.bridge } : {}), ...(mtu ? { mtu } : {}) },
      });
    }
  }
  for (const ifname of facts.taps) {
    if (consumed.has(ifname) || tapDocs.has(ifname)) continue;
    const bridge = ctx.bridgeOfTap.get(ifname);
    const mtu = facts.mtus.get(ifname);
    tapDocs.set(ifname, {
      apiVersion: 'tshyve.dev/v1alpha1',
      kind: 'Tap',
      metadata: { name: resourceNameOf(ifname) },
      spec: { name: ifname, ...(bridge ? { bridge } : {}), ...(mtu ? { mtu } : {}) },
    });
  }
  return { documents: [...documents, ...tapDocs.values(), ...facts.volumes, ...vmDocs], warnings, notes };
}

function readPolicy(variables: Map<string, string>): Record<string, string | number> {
  const policy: Record<string, string | number> = {};
  for (const [field, variable] of Object.entries(POLICY_VARIABLES)) {
    const value = variables.get(variable);
    if (value === undefined || value === POLICY_DEFAULTS[field]) continue;
    if (field.endsWith('Ms')) policy[field.replace(/Ms$/, '')] = formatDuration(Number(value));
    else if (field === 'crashLoopRestarts') policy[field] = Number(value);
    else policy[field] = value;
  }
  return policy;
}
