// The operator's hold (hold.json): `tshyve stop NAME` keeps a declared VM down until `tshyve start`,
// a change of its machine spec or run strategy, or `apply --restart-stopped` releases it.
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { ResolvedVm } from '../model/resolved.js';
import { writeFileAtomic } from './atomic-write.js';
import type { VmFiles } from './vm-files.js';

export interface VmHold {
  at: string;
  by: 'tshyve stop';
  /** The machine spec and run strategy the hold was taken on: a change of either releases it. */
  specHash: string;
  run: string;
}

export async function readHold(files: VmFiles): Promise<VmHold | undefined> {
  // Most VMs have no hold: asking first costs a tenth of the error a failed read throws.
  if (!existsSync(files.hold)) return undefined;
  try {
    const hold = JSON.parse(readFileSync(files.hold, 'utf8')) as VmHold; // one synchronous read, as readVmStatus
    return typeof hold.at === 'string' && typeof hold.specHash === 'string' ? hold : undefined;
  } catch {
    return undefined;
  }
}

export async function writeHold(files: VmFiles, vm: Pick<ResolvedVm, 'specHash' | 'run'>): Promise<VmHold> {
  const hold: VmHold = { at: new Date().toISOString(), by: 'tshyve stop', specHash: vm.specHash, run: vm.run ?? 'Always' };
  await writeFileAtomic(files.hold, JSON.stringify(hold) + '\n');
  return hold;
}

export async function releaseHold(files: VmFiles): Promise<boolean> {
  const had = (await readHold(files)) !== undefined;
  await rm(files.hold, { force: true });
  return had;
}

/** The hold still applies to this desired VM (same machine, same run strategy). */
export function holdApplies(hold: VmHold | undefined, vm: Pick<ResolvedVm, 'specHash' | 'run'>): hold is VmHold {
  return hold !== undefined && hold.specHash === vm.specHash && hold.run === (vm.run ?? 'Always');
}
