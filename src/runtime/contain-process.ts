// Containment of a VM process (`tshyve vm-run`, `tshyve run`) once it runs guests: no_new_privs,
// not dumpable unless the spec wants guest memory in core files (coreDumpGuestMemory), and the
// seccomp deny-list on every thread (native/src/vmm/seccomp_filter.h). TSHYVE_SECCOMP=0 turns
// seccomp off (thread allow-lists and the process deny-list), e.g. to compare.
import { constants } from 'node:os';
import { loadNative } from './native.js';

export function seccompWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TSHYVE_SECCOMP !== '0';
}

function errnoName(err: number): string {
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
