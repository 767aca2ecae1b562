// Pure argv builders for Linux: ip-link(8), ip-tuntap(8), ip-address(8), modprobe(8), zfs(8),
// truncate(1), fallocate(1), cp(1) --sparse/--reflink, chmod(1), sync(1), ln(1), dd(1). No shell is ever involved.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isImageUrl } from '../model/image-source.js';
import { TshyveError } from '../errors.js';
import { buildNetworkCommands } from './network-commands.js';
import { partialPathFor } from './partial-file.js';
import {
  DATASET_PATTERN,
  IFNAME_PATTERN,
  NETNS_PATTERN,
  SNAPSHOT_PATTERN,
  type HostCommand,
  type HostOperation,
  type ImagePreparation,
} from './operations.js';

export interface LinuxCommandOptions {
  /** Run every `ip` command inside this network namespace (`ip -n NAME …`). */
  netns?: string;
}

function checkIfname(name: string): string {
  if (!IFNAME_PATTERN.test(name))
    throw new TshyveError('TSHYVE_INTERNAL', `refusing interface name ${JSON.stringify(name)}: it does not match ${IFNAME_PATTERN}`);
  return name;
}

function checkNetns(name: string): string {
  if (!NETNS_PATTERN.test(name))
    throw new TshyveError('TSHYVE_INTERNAL', `refusing network namespace ${JSON.stringify(name)}: it does not match ${NETNS_PATTERN}`);
  return name;
}

function checkDataset(name: string): string {
  if (!DATASET_PATTERN.test(name))
    throw new TshyveError('TSHYVE_INTERNAL', `refusing ZFS dataset ${JSON.stringify(name)}: it does not match ${DATASET_PATTERN}`);
  return name;
}

function checkSnapshot(name: string): string {
  if (!SNAPSHOT_PATTERN.test(name))
    throw new TshyveError('TSHYVE_INTERNAL', `refusing ZFS snapshot ${JSON.stringify(name)}: it does not match ${SNAPSHOT_PATTERN}`);
  return name;
}

function checkPath(path: string): string {
  if (!path.startsWith('/') || path.includes('\0') || path.split('/').includes('..'))
    throw new TshyveError('TSHYVE_INTERNAL', `refusing volume path ${JSON.stringify(path)}: expected an absolute path without ..`);
  return path;
}

function checkAddress(address: string): string {
  if (!/^[0-9a-fA-F.:]+\/[0-9]{1,3}$/.test(address))
    throw new TshyveError('TSHYVE_INTERNAL', `refusing address ${JSON.stringify(address)}`);
  return address;
}

/** tshyve itself, running one internal verb (argv only). */
const TSHYVE_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'tshyve.js');

/** The step that fills the image cache entry `out` (src/cli/image-prepare-command.ts). */
function imagePrepareCommand(source: ImagePreparation, out: string, maxBytes: number): HostCommand {
  const image = isImageUrl(source.image) ? source.image : checkPath(source.image);
  return {
    argv: [
      process.execPath,
      TSHYVE_BIN,
      'image-prepare',
      '--image',
      image,
      '--out',
      checkPath(out),
      '--max-bytes',
      String(maxBytes),
      ...(source.sha256 ? ['--sha256', source.sha256] : []),
      ...(source.format ? ['--format', source.format] : []),
      '--progress-file',
      `${checkPath(out)}.progress`,
    ],
    report: { file: `${checkPath(out)}.progress`, what: source.image },
  };
}

export function buildLinuxCommands(operation: HostOperation, options: LinuxCommandOptions = {}): HostCommand[] {
  const ip = (...args: string[]): HostCommand => ({ argv: ['ip', ...(options.netns ? ['-n', checkNetns(options.netns)] : []), ...args] });
  const cmd = (...argv: string[]): HostCommand => ({ argv });
  switch (operation.op) {
    case 'module.load':
      return [cmd('modprobe', '--', operation.name)];
    case 'bridge.create': {
      const name = checkIfname(operation.ifname);
      // MTU set after creation so the kernel records it as chosen by the user (no auto-adjust to ports).
      return [
        { ...ip('link', 'add', 'name', name, 'type', 'bridge'), creates: true },
        ip('link', 'set', 'dev', name, 'mtu', String(operation.mtu), 'alias', operation.alias, 'up'),
      ];
    }
    case 'tap.create': {
      const name = checkIfname(operation.ifname);
      const flags = [...(operation.vnetHeader ? ['vnet_hdr'] : []), ...(operation.multiQueue ? ['multi_queue'] : [])];
      const master = operation.master ? ['master', checkIfname(operation.master)] : [];
      return [
        { ...ip('tuntap', 'add', 'dev', name, 'mode', 'tap', ...flags), creates: true },
        ip('link', 'set', 'dev', name, 'mtu', String(operation.mtu), 'alias', operation.alias, ...master, 'up'),
      ];
    }
    case 'link.set': {
      const args = ['link', 'set', 'dev', checkIfname(operation.ifname)];
      if (operation.mtu !== undefined) args.push('mtu', String(operation.mtu));
      if (operation.master === null) args.push('nomaster');
      else if (operation.master !== undefined) args.push('master', checkIfname(operation.master));
      if (operation.alias !== undefined) args.push('alias', operation.alias);
      if (operation.up !== undefined) args.push(operation.up ? 'up' : 'down');
      return [ip(...args)];
    }
    case 'link.delete':
      return [ip('link', 'delete', 'dev', checkIfname(operation.ifname))];
    case 'addr.add':
      return [ip('address', 'add', checkAddress(operation.address), 'dev', checkIfname(operation.ifname))];
    case 'addr.delete':
      return [ip('address', 'delete', checkAddress(operation.address), 'dev', checkIfname(operation.ifname))];
    case 'file.create': {
      // Built under a hidden temporary name, flushed, then linked into place (link(2) refuses an
      // existing name, unlike rename(2)): the volume path never holds a torn file that looks complete.
      const path = checkPath(operation.path);
      const tmp = partialPathFor(path);
      const size = String(operation.sizeBytes);
      const out: HostCommand[] = [cmd('mkdir', '-p', '--', dirname(path)), cmd('rm', '-f', '--', tmp)];
      const partial = { cleanup: cmd('rm', '-f', '--', tmp) };
      // `--size >N` ("at least N", truncate(1)) can only extend: never shrinks an existing file.
      if (operation.prepare && operation.sourceImage)
        out.push(imagePrepareCommand(operation.prepare, operation.sourceImage, operation.sizeBytes));
      if (operation.sourceImage) {
        const source = checkPath(operation.sourceImage);
        out.push({
          ...cmd('cp', '--sparse=always', '--reflink=auto', '--', source, tmp),
          ...partial,
          progress: { path: tmp, sourcePath: source },
        });
        // cp keeps the source's mode: a read-only image or snapshot must still give a writable volume.
        out.push({ ...cmd('chmod', 'u+w', '--', tmp), ...partial });
      }
      out.push({
        ...(operation.sparse || operation.sourceImage
          ? cmd('truncate', '--size', `>${size}`, '--', tmp)
          : cmd('fallocate', '--length', size, '--', tmp)),
        ...partial,
      });
      if (operation.sourceImage && !operation.sparse) out.push({ ...cmd('fallocate', '--length', size, '--', tmp), ...partial });
      out.push(
        { ...cmd('sync', '--', tmp), ...partial },
        { ...cmd('ln', '-T', '--', tmp, path), ...partial, creates: true },
        cmd('rm', '-f', '--', tmp),
        cmd('sync', '--', dirname(path)),
      );
      return out;
    }
    case 'file.grow': {
      const path = checkPath(operation.path);
      const size = String(operation.sizeBytes);
      return [operation.sparse ? cmd('truncate', '--size', `>${size}`, '--', path) : cmd('fallocate', '--length', size, '--', path)];
    }
    case 'file.delete':
      return [cmd('rm', '-f', '--', checkPath(operation.path), partialPathFor(operation.path))];
    case 'file.snapshot': {
      // As file.create: copied under a temporary, made read-only, then linked into place.
      const path = checkPath(operation.path);
      const source = checkPath(operation.source);
      const tmp = partialPathFor(path);
      const partial = { cleanup: cmd('rm', '-f', '--', tmp) };
      return [
        cmd('mkdir', '-p', '--', dirname(path)),
        cmd('rm', '-f', '--', tmp),
        { ...cmd('cp', '--sparse=always', '--reflink=auto', '--', source, tmp), ...partial, progress: { path: tmp, sourcePath: source } },
        { ...cmd('chmod', '0400', '--', tmp), ...partial },
        { ...cmd('sync', '--', tmp), ...partial },
        { ...cmd('ln', '-T', '--', tmp, path), ...partial, creates: true },
        cmd('rm', '-f', '--', tmp),
        cmd('sync', '--', dirname(path)),
      ];
    }
    case 'zvol.create': {
      const ds = checkDataset(operation.dataset);
      const props = Object.entries(operation.properties).flatMap(([k, v]) => ['-o', `${k}=${v}`]);
      const out: HostCommand[] = [
        {
          creates: true,
          ...cmd(
            'zfs',
            'create',
            '-p',
            ...(operation.sparse ? ['-s'] : []),
            '-V',
            String(operation.sizeBytes),
            '-o',
            `volmode=${operation.volmode}`,
            ...props,
            '-o',
            `tshyve:resource=${operation.resource}`,
            ds,
          ),
        },
      ];
      if (operation.prepare && operation.sourceImage)
        out.push(imagePrepareCommand(operation.prepare, operation.sourceImage, operation.sizeBytes));
      if (operation.sourceImage)
        out.push(
          cmd('dd', `if=${checkPath(operation.sourceImage)}`, `of=/dev/zvol/${ds}`, 'bs=1M', 'conv=sparse,notrunc,fsync', 'status=none'),
        );
      return out;
    }
    case 'zvol.set':
      return [cmd('zfs', 'set', `${operation.property}=${operation.value}`, checkDataset(operation.dataset))];
    case 'zvol.destroy':
      return [cmd('zfs', 'destroy', operation.dataset.includes('@') ? checkSnapshot(operation.dataset) : checkDataset(operation.dataset))];
    case 'zvol.snapshot':
      return [
        { ...cmd('zfs', 'snapshot', '-o', `tshyve:resource=${operation.resource}`, checkSnapshot(operation.snapshot)), creates: true },
      ];
    case 'zvol.clone': {
      const ds = checkDataset(operation.dataset);
      const props = Object.entries(operation.properties).flatMap(([k, v]) => ['-o', `${k}=${v}`]);
      return [
        {
          ...cmd(
            'zfs',
            'clone',
            '-p',
            '-o',
            `volmode=${operation.volmode}`,
            ...props,
            '-o',
            `tshyve:resource=${operation.resource}`,
            checkSnapshot(operation.snapshot),
            ds,
          ),
          creates: true,
        },
        cmd('zfs', 'set', `volsize=${operation.sizeBytes}`, ds),
      ];
    }
    default:
      return buildNetworkCommands(operation, options.netns);
  }
}
