// The suspend record (suspended.json): a VM that a snapshot stopped (`tshyve snapshot --stop`, or the
// agent at host shutdown with `autostart.onHostShutdown: suspend`), where the snapshot is, and the
// machine spec it fits. `ps` shows such a VM as suspended; its next VM process takes the record.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { VmFiles } from './vm-files.js';

export interface VmSuspend {
  at: string;
  by: 'tshyve snapshot' | 'host shutdown';
  snapshot: string;
  /** The machine spec the snapshot was taken of: another one cannot be restored from it. */
  specHash: string;
}

function recordPath(files: Pick<VmFiles, 'dir'>): string {
  return join(files.dir, 'suspended.json');
}

export function readSuspend(files: Pick<VmFiles, 'dir'>): VmSuspend | undefined {
  const path = recordPath(files);
  if (!existsSync(path)) return undefined; // the usual case, without the error a failed read throws
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as VmSuspend;
    return typeof value.snapshot === 'string' && typeof value.specHash === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function writeSuspend(files: Pick<VmFiles, 'dir'>, suspend: Omit<VmSuspend, 'at'>): Promise<VmSuspend> {
  const record = { at: new Date().toISOString(), ...suspend };
  await writeFileAtomic(recordPath(files), JSON.stringify(record) + '\n');
  return record;
}

/** The record, removed: the VM process that takes it resumes from the snapshot or boots past it. */
export function takeSuspend(files: Pick<VmFiles, 'dir'>): VmSuspend | undefined {
  const record = readSuspend(files);
  rmSync(recordPath(files), { force: true });
  return record;
}
