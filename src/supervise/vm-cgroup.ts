// cgroup v2 limits for a VM process (Documentation/admin-guide/cgroup-v2.rst): the process moves
// itself into <cgroup2 mount>/tshyve/<vm>/ with memory.max = guest memory + a fixed VMM overhead
// and pids.max; where the host has no cgroup2 memory and pids controllers it logs one line and goes on.
// A process cannot remove the cgroup it is in: the empty cgroups of ended VM processes are removed
// by whoever sees the end (`tshyve stop`) and by every VM process as it starts (a sweep of tshyve/).
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Room above guest memory for the VMM: Node's heap and code, device buffers, block bounce buffers. */
export const CGROUP_MEMORY_OVERHEAD_BYTES = 256 * 2 ** 20;
/** Threads of Node (main, libuv pool, V8 platform, inspector...) with room to spare, plus per-vCPU ones. */
export const CGROUP_PIDS_BASE = 128;
export const CGROUP_UNAVAILABLE = 'cgroup v2 memory/pids controllers not available here: no limits applied';

export interface CgroupLimits {
  memoryMax: number;
  pidsMax: number;
}

export function cgroupLimits(vm: { memoryBytes: number; vcpus: number }): CgroupLimits {
  return { memoryMax: vm.memoryBytes + CGROUP_MEMORY_OVERHEAD_BYTES, pidsMax: CGROUP_PIDS_BASE + vm.vcpus };
}

/** The mount point of the cgroup2 hierarchy in /proc/self/mountinfo text (proc(5)), if any. */
export function cgroup2MountOf(mountinfo: string): string | undefined {
  for (const line of mountinfo.split('\n')) {
    const [before, after] = line.split(' - ');
    if (after?.split(' ')[0] === 'cgroup2') return before!.split(' ')[4]?.replace(/\\040/g, ' ');
  }
  return undefined;
}

export type CgroupDecision = { apply: true; root: string; dir: string; limits: CgroupLimits } | { apply: false; line: string };

/** Whether limits can be applied under `root` (a cgroup2 mount or undefined) and where. */
export async function decideCgroup(root: string | undefined, vmName: string, limits: CgroupLimits): Promise<CgroupDecision> {
  if (!root) return { apply: false, line: `${CGROUP_UNAVAILABLE} (no cgroup2 hierarchy mounted)` };
  const controllers = (await readFile(join(root, 'cgroup.controllers'), 'utf8').catch(() => '')).trim().split(/\s+/).filter(Boolean);
  const missing = ['memory', 'pids'].filter((c) => !controllers.includes(c));
  if (missing.length) return { apply: false, line: `${CGROUP_UNAVAILABLE} (${root} lacks ${missing.join(' and ')})` };
  return { apply: true, root, dir: join(root, 'tshyve', vmName), limits };
}

/** Enables memory and pids for tshyve/ and its children, writes the limits, moves `pid` in. */
export async function applyCgroup(decision: Extract<CgroupDecision, { apply: true }>, pid: number): Promise<void> {
  const parent = join(decision.root, 'tshyve');
  await writeFile(join(decision.root, 'cgroup.subtree_control'), '+memory +pids');
  await mkdir(decision.dir, { recursive: true, mode: 0o755 });
  await writeFile(join(parent, 'cgroup.subtree_control'), '+memory +pids');
  await writeFile(join(decision.dir, 'memory.max'), String(decision.limits.memoryMax));
  await writeFile(join(decision.dir, 'pids.max'), String(decision.limits.pidsMax));
  await writeFile(join(decision.dir, 'cgroup.procs'), String(pid));
}

export interface CgroupOptions {
  /** /proc/self/mountinfo text (tests pass their own). */
  mountinfo?: string;
  /** Removes one empty cgroup directory (rmdir(2) in cgroupfs; tests with a plain directory pass their own). */
  removeDir?: (dir: string) => Promise<void>;
}

/** Whether a cgroup holds no process, from its cgroup.events (`populated 0`) or, lacking it, an empty cgroup.procs. */
export async function cgroupIsEmpty(dir: string): Promise<boolean> {
  const events = await readFile(join(dir, 'cgroup.events'), 'utf8').catch(() => undefined);
  if (events !== undefined) return /^populated 0$/m.test(events);
  const procs = await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => undefined);
  return procs !== undefined && procs.trim() === '';
}

/** The VM cgroups under `root`/tshyve that hold no process (but `except`'s), to be removed. */
export async function emptyVmCgroups(root: string, except?: string): Promise<string[]> {
  const parent = join(root, 'tshyve');
  const names = await readdir(parent, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of names) {
    if (!entry.isDirectory() || entry.name === except) continue;
    if (await cgroupIsEmpty(join(parent, entry.name))) out.push(join(parent, entry.name));
  }
  return out;
}

async function cgroupRoot(options: CgroupOptions): Promise<string | undefined> {
  return cgroup2MountOf(options.mountinfo ?? (await readFile('/proc/self/mountinfo', 'utf8').catch(() => '')));
}

/** Removes every empty VM cgroup (but `except`'s); returns the directories removed. Failures are skipped: the next sweep retries. */
export async function removeEmptyVmCgroups(options: CgroupOptions = {}, except?: string): Promise<string[]> {
  const root = await cgroupRoot(options);
  if (!root) return [];
  const remove = options.removeDir ?? ((dir: string) => rmdir(dir));
  const removed: string[] = [];
  for (const dir of await emptyVmCgroups(root, except)) {
    try {
      await remove(dir);
      removed.push(dir);
    } catch {
      /* a process joined it since, or not ours to remove */
    }
  }
  return removed;
}

/** Puts `pid` in its VM's cgroup; returns the one line to log (what was applied, or why not). */
export async function placeVmInCgroup(
  vm: { name: string; memoryBytes: number; vcpus: number },
  pid: number,
  options: CgroupOptions = {},
): Promise<string> {
  const decision = await decideCgroup(await cgroupRoot(options), vm.name, cgroupLimits(vm));
  if (!decision.apply) return decision.line;
  await removeEmptyVmCgroups(options, vm.name);
  try {
    // Another VM process's sweep may remove this cgroup between mkdir and the move: once more then.
    await applyCgroup(decision, pid).catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? applyCgroup(decision, pid) : Promise.reject(error),
    );
  } catch (error) {
    return `cgroup v2: cannot apply limits in ${decision.dir} (${(error as Error).message}): no limits applied`;
  }
  return `cgroup v2: ${decision.dir}: memory.max ${decision.limits.memoryMax}, pids.max ${decision.limits.pidsMax}`;
}
