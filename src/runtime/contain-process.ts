// Containment of a VM process (`tshyve vm-run`, `tshyve run`) once it runs guests: its own mount
// namespace with little visible (mount-confinement.ts), an unprivileged user with no capability
// (vm-user.ts), no_new_privs, not dumpable unless the spec wants guest memory in core files
// (coreDumpGuestMemory), and the seccomp deny-list on every thread (native/src/vmm/seccomp_filter.h).
// TSHYVE_SECCOMP=0 turns seccomp off, TSHYVE_MOUNT_NS=0 the hiding, TSHYVE_VM_USER=root the drop.
import { realpathSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { applyConfinement, describeConfinement, isDirectory, ownMountNamespace, planConfinement } from './mount-confinement.js';
import { loadNative, repoRoot } from './native.js';
import { handVmDirTo, lookUpUser, unreachableAncestor, userProblem } from './vm-user.js';

export function seccompWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TSHYVE_SECCOMP !== '0';
}

export function errnoName(err: number): string {
  return Object.entries(constants.errno).find(([, v]) => v === err)?.[0] ?? `errno ${err}`;
}

export interface ContainOptions {
  /** Keep the process dumpable (spec flag coreDumpGuestMemory, bhyve -C). */
  coreDumps: boolean;
}

/** Applies what this process can; returns one line per step that degraded (for the VM's log). */
export function containVmProcess(options: ContainOptions, env: NodeJS.ProcessEnv = process.env): string[] {
  const notes: string[] = [];
  const priv = loadNative().restrictPrivileges({ dumpable: options.coreDumps });
  if (priv !== 0) notes.push(`cannot set no_new_privs/dumpable (${errnoName(priv)}): the process keeps them`);
  if (!seccompWanted(env)) {
    notes.push('seccomp: off (TSHYVE_SECCOMP=0): no syscall filters');
    return notes;
  }
  const err = loadNative().installProcessSeccomp();
  if (err !== 0) notes.push(`seccomp: cannot install the process deny-list (${errnoName(err)}): the process runs unfiltered`);
  return notes;
}

export interface JailOptions {
  vmDir: string;
  stateDir: string;
  /** The user to become (vm-user.ts vmUserName). */
  user: string;
  /** More directories that stay writable to it (beyond its own). */
  writable?: string[];
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * After the host resources are open (kept for every boot): hides what the VM does not need and
 * becomes the VM user. Returns one line per step, saying what was done or why it degraded.
 */
export function jailVmProcess(options: JailOptions, env: NodeJS.ProcessEnv = process.env): string[] {
  const lines: string[] = [];
  const native = loadNative();
  if (env.TSHYVE_MOUNT_NS === '0') lines.push('mount namespace: hiding off (TSHYVE_MOUNT_NS=0): every host file stays visible');
  else if (!ownMountNamespace(env))
    lines.push("mount namespace: the host's (started without unshare(1)): every host file stays visible to this process");
  else {
    const steps = planConfinement({
      vmDir: options.vmDir,
      stateDir: options.stateDir,
      writable: options.writable ?? [],
      readable: [realOrSelf(repoRoot), realOrSelf(join(repoRoot, 'node_modules')), dirname(realOrSelf(process.execPath))],
      isDir: isDirectory,
    });
    const failed = applyConfinement(steps, native, errnoName);
    lines.push(failed ? `mount namespace: ${failed} failed: host files may stay visible` : describeConfinement(steps));
  }
  const user = lookUpUser(options.user);
  const problem = userProblem(options.user, user);
  if (problem || !user) {
    lines.push(`privilege drop: ${problem}: the VM process stays uid 0`);
    return lines;
  }
  const unreachable = unreachableAncestor(options.vmDir, user);
  if (unreachable) {
    lines.push(
      `privilege drop: ${user.name} cannot reach ${options.vmDir} (${unreachable} is closed to it and not hidden): the VM process stays uid 0`,
    );
    return lines;
  }
  try {
    handVmDirTo(options.vmDir, user);
  } catch (error) {
    lines.push(`privilege drop: cannot hand ${options.vmDir} to ${user.name} (${(error as Error).message}): its files may not be writable`);
  }
  const err = native.dropToUser(user.uid, user.gid);
  lines.push(
    err
      ? `privilege drop: cannot become ${user.name} (${errnoName(err)}): the VM process stays uid 0`
      : `privilege drop: now ${user.name} (uid ${user.uid}, gid ${user.gid}, no supplementary groups)`,
  );
  return lines;
}
