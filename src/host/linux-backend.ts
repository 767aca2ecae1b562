// The Linux host backend: observes with `ip -j`, stat(2), `zfs list -H -p`, /proc/modules and
// /sys/module; runs commands as argv arrays (never a shell): `ip` ones of consecutive steps batched
// (ip-batch.ts), the coreutils of a volume file in-process (file-builtins.ts).
import { access, readFile, stat, statfs } from 'node:fs/promises';
import { accessSync, constants } from 'node:fs';
import { release } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { BatchOptions, BatchOutcome, CommandResult, HostBackend, HostFacts, ObserveRequest, RunOptions } from './backend.js';
import { runFileBuiltin } from './file-builtins.js';
import { ipBatchKey, runIpBatch } from './ip-batch.js';
import { buildLinuxCommands } from './linux-commands.js';
import { observeNetwork } from './linux-network-observe.js';
import type { HostObservation, ObservedFileVolume, Observed, ObservedZvol } from './observation.js';
import type { HostCommand, HostOperation } from './operations.js';
import { mergeLinksAndAddresses, parseIpAddr, parseIpLink } from './parse-ip.js';
import { classifyModule, parseModulesBuiltin, parseProcModules, type ModuleFacts } from './parse-modules.js';
import { parseZfsList, ZFS_LIST_COLUMNS } from './parse-zfs.js';
import { filesystemName } from './filesystem-kind.js';
import { spawnCommand } from './spawn-command.js';

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** Finds an executable on PATH (plus the sbin directories), without running anything. */
export async function findExecutable(name: string): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN];
  for (const dir of dirs) {
    try {
      // Synchronous: a dozen directories one after another, each a thread-pool round trip otherwise (every observation).
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Exit status reported for a command cancelled through its signal (128 + SIGINT, as shells do). */
export const CANCELLED_EXIT_CODE = 130;

export async function runCommand(command: HostCommand, options: RunOptions = {}): Promise<CommandResult> {
  const started = performance.now();
  const r = await spawnCommand(command.argv, {
    ...(command.stdin !== undefined ? { input: command.stdin } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const durationMs = performance.now() - started;
  if (r.cancelled)
    return {
      exitCode: CANCELLED_EXIT_CODE,
      stdout: '',
      stderr: `${r.stderr ? `${r.stderr}\n` : ''}cancelled by an interrupt`,
      durationMs,
      cancelled: true,
    };
  if (r.exitCode === undefined) {
    const why = r.startError ?? `killed by ${r.signal ?? 'a signal'}`;
    return { exitCode: 127, stdout: '', stderr: r.stderr || `${command.argv[0]}: ${why}`, durationMs };
  }
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, durationMs };
}

export class LinuxBackend implements HostBackend {
  readonly platform = 'linux';
  readonly netns?: string;

  constructor(options: { netns?: string } = {}) {
    if (options.netns) this.netns = options.netns;
  }

  commandsFor(operation: HostOperation): HostCommand[] {
    return buildLinuxCommands(operation, this.netns ? { netns: this.netns } : {});
  }

  run(command: HostCommand, options: RunOptions = {}): Promise<CommandResult> {
    if (options.signal?.aborted) return runCommand(command, options);
    return runFileBuiltin(command.argv) ?? runCommand(command, options);
  }

  batchKey(command: HostCommand): string | undefined {
    return ipBatchKey(command, this.netns);
  }

  runBatch(steps: HostCommand[][], options: BatchOptions): Promise<BatchOutcome> {
    return runIpBatch(this.netns, steps, options);
  }

  async observe(request: ObserveRequest): Promise<HostObservation> {
    const started = performance.now();
    const [zfsPath, modprobePath] = await Promise.all([findExecutable('zfs'), findExecutable('modprobe')]);
    const [links, files, zfs, modules, netTun, kvm, filesystems, network] = await Promise.all([
      this.observeLinks(),
      observeFiles(request.files),
      request.zfs && zfsPath
        ? observeZfs()
        : Promise.resolve({ ok: true as const, absent: !zfsPath, value: new Map<string, ObservedZvol>() }),
      observeModules(request.modules),
      exists('/dev/net/tun'),
      exists('/dev/kvm'),
      request.filesystems?.length ? observeFilesystems(request.filesystems) : undefined,
      request.network ? observeNetwork(request.network, this.netns) : Promise.resolve(undefined),
    ]);
    return {
      ...(this.netns ? { netns: this.netns } : {}),
      links,
      files,
      zfs,
      modules,
      ...(filesystems ? { filesystems } : {}),
      tools: { zfs: Boolean(zfsPath), modprobe: Boolean(modprobePath) },
      devices: { netTun, kvm },
      ...(network ? { network } : {}),
      durationMs: performance.now() - started,
    };
  }

  private async observeLinks(): Promise<HostObservation['links']> {
    const ns = this.netns ? ['-n', this.netns] : [];
    // One process for both: `ip address show` prints each link as `ip link show` does (the same
    // iproute2 code), with its addresses; -d adds the link kind and tun details parseIpLink reads.
    const shown = await runCommand({ argv: ['ip', ...ns, '-j', '-d', 'address', 'show'] });
    if (shown.exitCode !== 0) return { ok: false, error: `ip exited with ${shown.exitCode}: ${shown.stderr.trim()}` };
    try {
      return { ok: true, value: mergeLinksAndAddresses(parseIpLink(shown.stdout), parseIpAddr(shown.stdout)) };
    } catch (error) {
      return { ok: false, error: `cannot parse ip output: ${(error as Error).message}` };
    }
  }

  async facts(): Promise<HostFacts> {
    const status = (await readOptional('/proc/self/status')) ?? '';
    const capEff = /^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1];
    const CAP_NET_ADMIN = 12n; // linux/capability.h
    const capNetAdmin = capEff ? ((BigInt(`0x${capEff}`) >> CAP_NET_ADMIN) & 1n) === 1n : false;
    return {
      isRoot: process.getuid?.() === 0,
      capNetAdmin,
      pathExists: exists,
      freeBytes: async (path) => {
        for (let p = path; ; p = dirname(p)) {
          try {
            const s = await statfs(p);
            return Number(s.bavail) * Number(s.bsize);
          } catch {
            if (p === '/') return undefined;
          }
        }
      },
    };
  }
}

async function observeFiles(paths: string[]): Promise<Observed<Map<string, ObservedFileVolume>>> {
  const out = new Map<string, ObservedFileVolume>();
  try {
    await Promise.all(
      paths.map(async (path) => {
        try {
          const s = await stat(path);
          out.set(path, { path, exists: true, sizeBytes: s.size, allocatedBytes: s.blocks * 512, isFile: s.isFile() || s.isBlockDevice() });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          out.set(path, { path, exists: false, sizeBytes: 0, allocatedBytes: 0, isFile: false });
        }
      }),
    );
    return { ok: true, value: out };
  } catch (error) {
    return { ok: false, error: `cannot stat volume files: ${(error as Error).message}` };
  }
}

async function observeFilesystems(dirs: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    dirs.map(async (dir) => {
      for (let p = dir; ; p = dirname(p)) {
        try {
          out.set(dir, filesystemName((await statfs(p)).type));
          return;
        } catch {
          if (p === '/') return;
        }
      }
    }),
  );
  return out;
}

async function observeZfs(): Promise<Observed<Map<string, ObservedZvol>>> {
  const r = await runCommand({ argv: ['zfs', 'list', '-H', '-p', '-t', 'filesystem,volume,snapshot', '-o', ZFS_LIST_COLUMNS.join(',')] });
  if (r.exitCode !== 0) return { ok: false, error: `zfs list exited with ${r.exitCode}: ${r.stderr.trim()}` };
  try {
    return { ok: true, value: parseZfsList(r.stdout) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

const DEVICE_PROOF: Record<string, string> = { tun: '/dev/net/tun', kvm: '/dev/kvm' };

async function observeModules(names: string[]): Promise<HostObservation['modules']> {
  const [procModules, builtinText] = await Promise.all([
    readOptional('/proc/modules'),
    readOptional(`/lib/modules/${release()}/modules.builtin`),
  ]);
  const sys = new Map<string, 'absent' | 'loadable' | 'builtin'>();
  const proofs = new Map<string, string>();
  await Promise.all(
    names.map(async (name) => {
      sys.set(
        name,
        !(await exists(`/sys/module/${name}`)) ? 'absent' : (await exists(`/sys/module/${name}/initstate`)) ? 'loadable' : 'builtin',
      );
      const device = DEVICE_PROOF[name];
      if (device && (await exists(device))) proofs.set(name, device);
    }),
  );
  const facts: ModuleFacts = {
    ...(procModules !== undefined ? { loaded: parseProcModules(procModules) } : {}),
    ...(builtinText !== undefined ? { builtin: parseModulesBuiltin(builtinText) } : {}),
    sysModule: (name) => sys.get(name) ?? 'absent',
    deviceProof: (name) => proofs.get(name),
  };
  return new Map(names.map((name) => [name, classifyModule(name, facts)]));
}
