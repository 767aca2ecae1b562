// Where a manifest's paths may point: never into the host's system locations, nor into tshyve's own
// records (state directory). A path is judged as written and, where it exists, with every symlink
// followed (a disk that is a symlink to /etc/passwd is refused). Inputs that are only read (kernel,
// initrd, boot ROM, variables template, read-only disks, source images) may come from /usr and
// /boot, where Debian installs firmware and kernels; everything the VM writes may not.
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DesiredState, ResolvedFirmwareBody } from '../model/resolved.js';
import { isImageUrl } from '../model/image-source.js';
import { kernelOnGuestDisk } from '../model/annotations.js';
import { formatPath } from './diagnostics.js';
import type { DocumentIndex } from './documents.js';
import type { DocPath, Reporter } from './reporter.js';
import type { SourceDocument } from './parse-yaml.js';

export type PathUse = 'read' | 'write' | 'socket' | 'tty';

const SYSTEM = ['/etc', '/boot', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/sys', '/run', '/dev', '/root'];
/** Read-only inputs may be system files that are meant to be read: firmware and kernels. */
const READABLE_SYSTEM = ['/usr', '/boot'];
/** tshyve's own places under /run and /dev that a spec may name. */
const ALLOWED = ['/run/tshyve', '/dev/zvol'];
/** The state directory's records (its other subdirectories, e.g. volumes/ and images/, are free to use). */
const STATE_RECORDS = [
  'vms',
  'inventory.json',
  'lock',
  'agent.lock',
  'watch-status.json',
  'placement.json',
  'last-good-manifests.json',
  'events.jsonl',
  'events.jsonl.1',
];

const within = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

/** The path with every symlink that exists followed (the part that does not exist yet kept as written). */
export function resolveExisting(path: string): string {
  return memoizedResolveExisting()(path);
}

/**
 * resolveExisting for many paths at once: each path, and each parent a missing path falls back to,
 * is resolved once (a thousand VMs name the same firmware file and the same volume directory).
 */
function memoizedResolveExisting(): (path: string) => string {
  const known = new Map<string, string>();
  const resolve = (path: string): string => {
    let real = known.get(path);
    if (real === undefined) {
      try {
        real = realpathSync(path);
      } catch {
        const parent = dirname(path);
        real = parent === path ? path : join(resolve(parent), basename(path));
      }
      known.set(path, real);
    }
    return real;
  };
  return resolve;
}

/** A block device here, or a device path this host does not have (a FreeBSD disk such as /dev/ada0). */
function blockDeviceOrAbsent(path: string): boolean {
  try {
    return statSync(path).isBlockDevice();
  } catch {
    return true;
  }
}

const TERMINAL = /^\/dev\/(nmdm|pts\/|tty)/;
const VERB: Record<PathUse, string> = {
  read: 'read guest input from',
  write: 'write to',
  socket: 'put a socket in',
  tty: 'use as a terminal',
};

/** Why `path` may not be used this way, or undefined. `real` is the path with symlinks followed. */
export function pathProblem(path: string, use: PathUse, stateDir: string | undefined, real = resolveExisting(path)): string | undefined {
  if (use === 'tty')
    return TERMINAL.test(real)
      ? undefined
      : `${path}${real === path ? '' : ` (a symlink to ${real})`} is not a terminal device (/dev/nmdm*, /dev/pts/*, /dev/tty*)`;
  for (const [candidate, how] of [
    [path, ''],
    [real, real === path ? '' : ` (a symlink to ${real})`],
  ] as const) {
    if (ALLOWED.some((dir) => within(candidate, dir))) continue;
    const system = SYSTEM.find((dir) => within(candidate, dir));
    if (system && !(use === 'read' && READABLE_SYSTEM.includes(system))) {
      // A block device may be a VM's disk (bhyve passes /dev/ada0); nothing else in /dev.
      if (system === '/dev' && use !== 'socket' && blockDeviceOrAbsent(candidate)) continue;
      return `${path}${how} is inside ${system}, a system location tshyve will not ${VERB[use]}`;
    }
    if (stateDir) {
      const record = STATE_RECORDS.find((r) => within(candidate, join(stateDir, r)));
      if (record) return `${path}${how} is one of tshyve's own records in the state directory (${join(stateDir, record)})`;
    }
  }
  return undefined;
}

export interface PathCheck {
  source: SourceDocument;
  at: DocPath;
  path: string;
  use: PathUse;
}

function firmwarePaths(body: ResolvedFirmwareBody, source: SourceDocument, at: DocPath): PathCheck[] {
  if (body.type === 'linux') {
    return [
      { source, at: [...at, 'linux', 'kernel'], path: body.kernel, use: 'read' },
      ...(body.initrd ? [{ source, at: [...at, 'linux', 'initrd'], path: body.initrd, use: 'read' as const }] : []),
    ];
  }
  if (body.type === 'bootrom') {
    return [
      { source, at: [...at, 'bootrom', 'image'], path: body.image, use: 'read' },
      ...(body.varsTemplate ? [{ source, at: [...at, 'bootrom', 'varsTemplate'], path: body.varsTemplate, use: 'read' as const }] : []),
    ];
  }
  return []; // bhyveload: paths on the FreeBSD host
}

/** Every host path the desired state names, with where it was written and how it is used. */
export function pathsOf(state: DesiredState, index: DocumentIndex): PathCheck[] {
  const out: PathCheck[] = [];
  for (const vm of state.vms) {
    const source = index.VirtualMachine.get(vm.meta.name)!.source;
    vm.disks.forEach((d, i) => {
      if (!d.volume) out.push({ source, at: ['spec', 'disks', i, 'path'], path: d.path, use: d.readOnly ? 'read' : 'write' });
    });
    if (!vm.firmwareRef && !kernelOnGuestDisk(vm.meta.annotations)) out.push(...firmwarePaths(vm.firmware, source, ['spec', 'firmware']));
    for (const s of vm.serial)
      if (s.path)
        out.push({
          source,
          at: ['spec', 'serial', s.port, 'path'],
          path: s.path,
          use: s.mode === 'log' ? 'write' : s.mode === 'tty' ? 'tty' : 'socket',
        });
    vm.consoles?.ports.forEach((p, i) => {
      if (p.path) out.push({ source, at: ['spec', 'consoles', i, 'path'], path: p.path, use: 'socket' });
    });
    vm.shares.forEach((sh, i) =>
      out.push({ source, at: ['spec', 'shares', i, 'path'], path: sh.path, use: sh.readOnly ? 'read' : 'write' }),
    );
    vm.cloudInit?.users.forEach((u, i) => {
      if (u.sshAuthorizedKeysFile)
        out.push({ source, at: ['spec', 'cloudInit', 'users', i, 'sshAuthorizedKeysFile'], path: u.sshAuthorizedKeysFile, use: 'read' });
    });
    if (vm.cloudInit?.userDataFile)
      out.push({ source, at: ['spec', 'cloudInit', 'userDataFile'], path: vm.cloudInit.userDataFile, use: 'read' });
    if (vm.restoreFrom) out.push({ source, at: ['spec', 'restoreFrom'], path: vm.restoreFrom, use: 'read' });
  }
  for (const v of state.volumes) {
    const source = index.Volume.get(v.meta.name)!.source;
    if (v.backend.type === 'file') out.push({ source, at: ['spec', 'file', 'path'], path: v.backend.path, use: 'write' });
    if (v.sourceImage && !isImageUrl(v.sourceImage))
      out.push({ source, at: ['spec', 'source', 'image'], path: v.sourceImage, use: 'read' });
  }
  for (const s of state.snapshots ?? []) {
    if (s.backend.type !== 'file') continue;
    const source = index.VolumeSnapshot.get(s.meta.name)!.source;
    out.push({ source, at: ['spec', 'path'], path: s.backend.path, use: 'write' });
  }
  for (const f of state.firmware) out.push(...firmwarePaths(f.body, index.Firmware.get(f.meta.name)!.source, ['spec']));
  return out;
}

/**
 * Reports every path that may not be used as its spec uses it, and returns, for `plan`, every path
 * that is a symlink with what it points to. Each path is resolved once.
 */
export function validatePathConfinement(
  state: DesiredState,
  index: DocumentIndex,
  reporter: Reporter,
  stateDir: string | undefined,
): string[] {
  const symlinks: string[] = [];
  const resolve = memoizedResolveExisting();
  for (const c of pathsOf(state, index)) {
    const real = resolve(c.path);
    const problem = pathProblem(c.path, c.use, stateDir, real);
    if (problem) reporter.error(c.source, c.at, 'path.confined', problem);
    else if (real !== c.path) symlinks.push(`${c.source.file}: ${formatPath(c.at)} ${c.path} is a symlink to ${real}`);
  }
  return symlinks;
}
