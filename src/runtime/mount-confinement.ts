// What a VM process sees of the host's files once set up (mount_namespaces(7); Firecracker's jailer
// pivots into a chroot, tshyve into a read-only copy of the host's tree): in the private mount
// namespace it was started in (`unshare --mount --propagation private`), tmpfs covers the home
// directories, the temporary directories and the whole state directory; the VM's own directory
// (and the directories of its spec-named console sockets) come back, tshyve's code and Node too if
// they were covered; then a copy of that tree, read-only except those directories, becomes "/"
// (a copy: mounts with files open for writing, disks and logs, cannot be made read-only in place);
// the old root is moved under a covered directory of the copy and covered again (unmounting it
// would wait for an RCU grace period, ~13 ms here).
// Disks, taps, /dev/kvm and boot images are already open.
import { mkdirSync, openSync, closeSync, readlinkSync, statSync } from 'node:fs';

/** Covered by an empty tmpfs (when they exist as directories). */
export const HIDDEN_DIRS = ['/root', '/home', '/tmp', '/var/tmp', '/mnt', '/media', '/srv'];

export type MountStep =
  | { kind: 'private' }
  | { kind: 'tmpfs'; path: string }
  | { kind: 'bind'; path: string; writable: boolean }
  | { kind: 'copy-root'; at: string }
  | { kind: 'read-only-all'; at: string }
  | { kind: 'writable'; path: string }
  | { kind: 'pivot'; at: string; putOld: string };

/** Where the copy of the tree is assembled, inside the first covered directory (its tmpfs). */
export const COPY_DIR = '.tshyve-root';

export interface ConfinementInput {
  vmDir: string;
  stateDir: string;
  /** More directories the VM process writes in after set-up (console socket directories). */
  writable: string[];
  /** Directories it still reads after set-up (tshyve's code, Node). */
  readable: string[];
  isDir: (path: string) => boolean;
}

const within = (path: string, dir: string) => dir === '/' || path === dir || path.startsWith(`${dir}/`);

/** The mount steps, in order (pure: `isDir` answers for the host). */
export function planConfinement(input: ConfinementInput): MountStep[] {
  const hidden: string[] = [];
  for (const dir of [...HIDDEN_DIRS, input.stateDir]) {
    if (dir === '/' || hidden.some((h) => within(dir, h)) || !input.isDir(dir)) continue;
    hidden.push(dir);
  }
  const writable = [...new Set([input.vmDir, ...input.writable])];
  const readable = [...new Set(input.readable)].filter((r) => hidden.some((h) => within(r, h)) && !writable.some((w) => within(r, w)));
  const first = hidden[0] ?? input.stateDir;
  const at = `${first}/${COPY_DIR}`;
  return [
    { kind: 'private' },
    ...hidden.map((path) => ({ kind: 'tmpfs' as const, path })),
    ...writable.map((path) => ({ kind: 'bind' as const, path, writable: true })),
    ...readable.map((path) => ({ kind: 'bind' as const, path, writable: false })),
    { kind: 'copy-root', at },
    { kind: 'read-only-all', at },
    ...writable.map((path) => ({ kind: 'writable' as const, path: `${at}${path}` })),
    // The old root lands on a covered directory of the copy and is covered again there.
    { kind: 'pivot', at, putOld: `${at}${first}` },
    { kind: 'tmpfs', path: first },
  ];
}

export interface MountOps {
  privateMounts(): number;
  mountTmpfs(dir: string): number;
  bindMount(from: string, to: string): number;
  setMountReadOnly(path: string, readOnly: boolean, recursive: boolean): number;
  pivotRoot(dir: string, putOld: string): number;
}

/** Set by whoever starts the VM process: the mount namespace it is in itself (`mnt:[inode]`). */
export const SPAWNER_MOUNT_NS = 'TSHYVE_SPAWNER_MOUNT_NS';

/** Whether this process is in a mount namespace other than its starter's: hiding is only ever done there. */
export function ownMountNamespace(env: NodeJS.ProcessEnv = process.env): boolean {
  const spawner = env[SPAWNER_MOUNT_NS];
  try {
    return spawner !== undefined && /^mnt:\[\d+\]$/.test(spawner) && readlinkSync('/proc/self/ns/mnt') !== spawner;
  } catch {
    return false;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Runs the steps; returns undefined, or the step that failed with its errno name. Directories to
 * bring back are opened first, so they are reached through their descriptor once covered.
 */
export function applyConfinement(steps: MountStep[], ops: MountOps, errnoName: (e: number) => string): string | undefined {
  const fds = new Map<string, number>();
  try {
    for (const s of steps) if (s.kind === 'bind') fds.set(s.path, openSync(s.path, 'r'));
    for (const s of steps) {
      let err = 0;
      if (s.kind === 'private') err = ops.privateMounts();
      else if (s.kind === 'tmpfs') err = ops.mountTmpfs(s.path);
      else if (s.kind === 'bind') {
        mkdirSync(s.path, { recursive: true, mode: 0o755 }); // inside a tmpfs: its mount point
        err = ops.bindMount(`/proc/self/fd/${fds.get(s.path)}`, s.path);
      } else if (s.kind === 'copy-root') {
        mkdirSync(s.at, { mode: 0o755 });
        err = ops.bindMount('/', s.at);
      } else if (s.kind === 'read-only-all') err = ops.setMountReadOnly(s.at, true, true);
      else if (s.kind === 'writable') err = ops.setMountReadOnly(s.path, false, false);
      else err = ops.pivotRoot(s.at, s.putOld);
      if (err !== 0) return `${describeStep(s)} (${errnoName(err)})`;
    }
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    for (const fd of fds.values()) closeSync(fd);
  }
}

function describeStep(s: MountStep): string {
  if (s.kind === 'private') return 'making the mounts private';
  if (s.kind === 'tmpfs') return `covering ${s.path}`;
  if (s.kind === 'bind') return `bringing back ${s.path}`;
  if (s.kind === 'copy-root') return `copying the mount tree to ${s.at}`;
  if (s.kind === 'read-only-all') return `making the copy read-only`;
  if (s.kind === 'writable') return `keeping ${s.path} writable`;
  return `making the copy the root`;
}

/** One line for the VM's log saying exactly what stays visible. */
export function describeConfinement(steps: MountStep[]): string {
  const hidden = [...new Set(steps.flatMap((s) => (s.kind === 'tmpfs' ? [s.path] : [])))];
  const rw = steps.flatMap((s) => (s.kind === 'bind' && s.writable ? [s.path] : []));
  const ro = steps.flatMap((s) => (s.kind === 'bind' && !s.writable ? [s.path] : []));
  return (
    `mount namespace: ${hidden.join(', ')} hidden; everything read-only except ${rw.join(', ')}` +
    (ro.length ? `; read-only again inside hidden directories: ${ro.join(', ')}` : '')
  );
}
