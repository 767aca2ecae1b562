// Where a VM's snapshots live in its state directory (docs/vm-snapshots.md): the default snapshot
// file, and the one-shot restore request `tshyve restore` leaves for the next VM process to take.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The default snapshot of the VM whose directory is `vmDir` (`tshyve snapshot NAME`). */
export function defaultSnapshotPath(vmDir: string): string {
  return join(vmDir, 'vm.snapshot');
}

function requestPath(vmDir: string): string {
  return join(vmDir, 'restore-from');
}

/** Asks the next VM process of this directory to start from `snapshot` instead of booting (0600). */
export function writeRestoreRequest(vmDir: string, snapshot: string): void {
  writeFileSync(requestPath(vmDir), snapshot + '\n', { mode: 0o600 });
}

/** The snapshot a restore request names, removing the request (it applies to one boot); undefined without one. */
export function takeRestoreRequest(vmDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(requestPath(vmDir), 'utf8');
  } catch {
    return undefined;
  }
  rmSync(requestPath(vmDir), { force: true });
  const path = text.trim();
  return path.startsWith('/') ? path : undefined;
}
