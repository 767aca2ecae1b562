// Where a VM's snapshots live in its state directory (docs/vm-snapshots.md): the default snapshot
// file, and the one-shot restore request `tshyve restore` (or the agent's resume) leaves for the
// next VM process to take.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The default snapshot of the VM whose directory is `vmDir` (`tshyve snapshot NAME`). */
export function defaultSnapshotPath(vmDir: string): string {
  return join(vmDir, 'vm.snapshot');
}

function requestPath(vmDir: string): string {
  return join(vmDir, 'restore-from');
}

/** What the next VM process of a directory starts from. */
export interface RestoreRequest {
  snapshot: string;
  /** `tshyve restore --force`: restore even if this snapshot was restored before over writable disks. */
  force?: boolean;
  /**
   * The agent's resume after a suspend at host shutdown: the VM's spec hash when it was suspended. A
   * snapshot that cannot be restored then falls back to a cold boot, and is removed once used.
   */
  resume?: { specHash: string };
}

/** Asks the next VM process of this directory to start from a snapshot instead of booting (0600). */
export function writeRestoreRequest(vmDir: string, request: RestoreRequest): void {
  writeFileSync(requestPath(vmDir), JSON.stringify(request) + '\n', { mode: 0o600 });
}

/** Whether a restore request waits for the next VM process of this directory. */
export function hasRestoreRequest(vmDir: string): boolean {
  return existsSync(requestPath(vmDir));
}

/** Drops a pending restore request (the VM is started cold, or its snapshot is gone). */
export function dropRestoreRequest(vmDir: string): void {
  rmSync(requestPath(vmDir), { force: true });
}

/** The restore request, removing it (it applies to one boot); undefined without a usable one. */
export function takeRestoreRequest(vmDir: string): RestoreRequest | undefined {
  let text: string;
  try {
    text = readFileSync(requestPath(vmDir), 'utf8');
  } catch {
    return undefined;
  }
  dropRestoreRequest(vmDir);
  let request: RestoreRequest;
  try {
    const value = JSON.parse(text) as Partial<RestoreRequest> | null;
    if (!value || typeof value.snapshot !== 'string') return undefined;
    request = {
      snapshot: value.snapshot,
      ...(value.force === true ? { force: true } : {}),
      ...(typeof value.resume?.specHash === 'string' ? { resume: { specHash: value.resume.specHash } } : {}),
    };
  } catch {
    return undefined;
  }
  return request.snapshot.startsWith('/') ? request : undefined;
}
