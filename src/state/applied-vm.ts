// The resolved VirtualMachine a VM process runs, frozen in its state directory (spec.json, 0600)
// by whoever starts it; read back by the VM process, `stop`, `console --port` and the reconciler.
import { readFileSync } from 'node:fs';
import type { ResolvedVm } from '../model/resolved.js';
import { writeFileAtomic } from './atomic-write.js';
import type { VmFiles } from './vm-files.js';

export async function writeFrozenSpec(files: VmFiles, vm: ResolvedVm): Promise<void> {
  await writeFileAtomic(files.spec, JSON.stringify(vm, null, 2) + '\n');
}

/** The frozen spec, or undefined when the VM never started from this state directory (or it is unreadable). */
export async function readFrozenSpec(files: VmFiles): Promise<ResolvedVm | undefined> {
  try {
    return JSON.parse(readFileSync(files.spec, 'utf8')) as ResolvedVm; // one synchronous read, as readVmStatus
  } catch {
    return undefined;
  }
}
