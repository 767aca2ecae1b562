// The unprivileged user a VM process becomes once its host resources are open (Firecracker's jailer
// --uid/--gid): `tshyve-vm` (scripts/setup.sh creates it), or TSHYVE_VM_USER / `vm-run --user`.
// The VM's directory is handed to that user so its status, logs and sockets stay writable; the
// root agent still reads and removes them (it does not depend on their owner).
import { chownSync, lchownSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const DEFAULT_VM_USER = 'tshyve-vm';
/** Files in the VM's directory that root writes and the VM process only reads: they keep their owner. */
export const ROOT_OWNED_VM_FILES = ['spec.json', 'planned-paths.json', 'hold.json'];

export interface VmUser {
  name: string;
  uid: number;
  gid: number;
}

/** The user name asked for: --user, then TSHYVE_VM_USER, then tshyve-vm; `root` means no drop. */
export function vmUserName(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.TSHYVE_VM_USER || DEFAULT_VM_USER;
}

/** `name` in passwd(5) text, or undefined. */
export function findUser(name: string, passwd: string): VmUser | undefined {
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined && /^\d+$/.test(uid) && /^\d+$/.test(gid))
      return { name, uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

export function lookUpUser(name: string, passwdFile = '/etc/passwd'): VmUser | undefined {
  try {
    return findUser(name, readFileSync(passwdFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Why the process cannot become `name`, or undefined when it can (then `user` is set). */
export function userProblem(name: string, user: VmUser | undefined): string | undefined {
  if (name === 'root') return 'the VM user is root (TSHYVE_VM_USER=root)';
  if (!user) return `user ${name} does not exist (scripts/setup.sh creates ${DEFAULT_VM_USER}; TSHYVE_VM_USER or --user names another)`;
  if (user.uid === 0) return `user ${name} has uid 0`;
  return undefined;
}

/** Gives `dir` and what the VM process writes in it (not ROOT_OWNED_VM_FILES) to `user`; the directory last (root reads it first). */
export function handVmDirTo(dir: string, user: VmUser): void {
  for (const entry of readdirSync(dir)) {
    if (ROOT_OWNED_VM_FILES.includes(entry)) continue;
    lchownSync(join(dir, entry), user.uid, user.gid); // a symlink planted here is never followed
  }
  chownSync(dir, user.uid, user.gid);
}

/**
 * Gives a directory a previous VM process was handed back to root (this process keeps no
 * CAP_DAC_OVERRIDE: it must own what it sets up); returns a line to log when that fails.
 */
export function reclaimVmDir(dir: string): string | undefined {
  try {
    if (lstatSync(dir).uid === 0) return undefined;
    chownSync(dir, 0, 0);
    for (const entry of readdirSync(dir)) lchownSync(join(dir, entry), 0, 0);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? undefined : `cannot take back ${dir} from the VM user (${(error as Error).message})`;
  }
}

/** Whether `mode`/`uid`/`gid` let `user` search a directory (x for its class). */
export function searchableBy(st: { mode: number; uid: number; gid: number }, user: VmUser): boolean {
  if (st.uid === user.uid) return (st.mode & 0o100) !== 0;
  if (st.gid === user.gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

/** The first directory above `dir` that `user` cannot pass through, as this process sees them; undefined if none. */
export function unreachableAncestor(dir: string, user: VmUser, stat = statSync): string | undefined {
  for (let at = dirname(dir); ; at = dirname(at)) {
    let st: { mode: number; uid: number; gid: number };
    try {
      st = stat(at);
    } catch {
      return at; // gone from this process's view (a covering step that half failed)
    }
    if (!searchableBy(st, user)) return at;
    if (at === '/') return undefined;
  }
}
