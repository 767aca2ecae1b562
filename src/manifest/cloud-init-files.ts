// Reads the host files `spec.cloudInit` names (authorized-keys files, a user-data file) once their
// paths passed confinement, so the VM's spec hash changes when their contents do. Missing files are
// host facts, as a missing disk image is.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { DocumentIndex } from './documents.js';
import type { Reporter } from './reporter.js';
import type { UnhashedVm } from './resolve-vm.js';
import { pathProblem } from './validate-paths.js';

/** Larger than any real user-data or key list; keeps a mistaken path (a disk image) out of memory. */
export const CLOUD_INIT_FILE_MAX_BYTES = 1 << 20;

function readBounded(path: string): Buffer | string {
  try {
    const st = statSync(path);
    if (!st.isFile()) return `${path} is not a regular file`;
    if (st.size > CLOUD_INIT_FILE_MAX_BYTES)
      return `${path} is ${st.size} bytes; cloud-init files may be at most ${CLOUD_INIT_FILE_MAX_BYTES}`;
    return readFileSync(path);
  } catch (e) {
    return `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
}

/** The keys of an authorized_keys-style text: one per non-empty line, comments dropped. */
export function authorizedKeyLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function readCloudInitFiles(vms: UnhashedVm[], index: DocumentIndex, reporter: Reporter, stateDir: string | undefined): void {
  for (const vm of vms) {
    const ci = vm.cloudInit;
    if (!ci) continue;
    const source = index.VirtualMachine.get(vm.meta.name)!.source;
    // A refused path is reported by validatePathConfinement; it is never read.
    const allowed = (path: string) => pathProblem(path, 'read', stateDir) === undefined;
    ci.users.forEach((u, i) => {
      if (!u.sshAuthorizedKeysFile || !allowed(u.sshAuthorizedKeysFile)) return;
      const got = readBounded(u.sshAuthorizedKeysFile);
      if (typeof got === 'string')
        reporter.hostFact(source, ['spec', 'cloudInit', 'users', i, 'sshAuthorizedKeysFile'], 'file.missing', got);
      else u.sshAuthorizedKeys = [...u.sshAuthorizedKeys, ...authorizedKeyLines(got.toString('utf8'))];
    });
    if (ci.userDataFile && allowed(ci.userDataFile)) {
      const got = readBounded(ci.userDataFile);
      if (typeof got === 'string') reporter.hostFact(source, ['spec', 'cloudInit', 'userDataFile'], 'file.missing', got);
      else ci.userDataFileSha256 = createHash('sha256').update(got).digest('hex');
    }
  }
}
