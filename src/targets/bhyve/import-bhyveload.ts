// Reads a bhyveload(8) line (getopt: -c cons-dev, -d disk-path, -e name=value, -h host-path,
// -l os-loader, -m mem-size, -S) back into `firmware.bhyveload`; the inverse of bhyveload-loader.ts.
import { getopt } from './getopt.js';
import { parseBhyveSize } from './notation.js';
import { nmdmDevice } from './serial-ports.js';

export interface ImportedBhyveload {
  disks: string[];
  memory?: string;
  console?: string;
  env: [string, string][];
  hostBase?: string;
  osLoader?: string;
  wired: boolean;
  warnings: string[];
}

const WITH_ARGUMENT = new Set(['c', 'd', 'e', 'h', 'l', 'm', 'o']);

/** Parses `bhyveload … NAME`; returns the VM name operand and what the options say. */
export function readBhyveloadArgv(argv: string[]): { name?: string; loader: ImportedBhyveload } {
  const loader: ImportedBhyveload = { disks: [], env: [], wired: false, warnings: [] };
  const { options, operands } = getopt(argv, WITH_ARGUMENT, 1);
  for (const [letter, value] of options) {
    if (!WITH_ARGUMENT.has(letter)) {
      if (letter === 'S') loader.wired = true;
      else loader.warnings.push(`bhyveload -${letter} has no tshyve equivalent; dropped`);
    } else if (value === undefined) loader.warnings.push(`bhyveload -${letter} needs an argument`);
    else if (letter === 'c') loader.console = value;
    else if (letter === 'd') loader.disks.push(value);
    else if (letter === 'e') {
      const eq = value.indexOf('=');
      if (eq > 0) loader.env.push([value.slice(0, eq), value.slice(eq + 1)]);
      else loader.warnings.push(`bhyveload -e ${value} is not name=value; dropped`);
    } else if (letter === 'h') loader.hostBase = value;
    else if (letter === 'l') loader.osLoader = value;
    else if (letter === 'm') loader.memory = value;
    else loader.warnings.push(`bhyveload -${letter} ${value} has no tshyve equivalent; dropped`);
  }
  return { ...(operands[0] ? { name: operands[0] } : {}), loader };
}

/**
 * `firmware.bhyveload` for the VM whose bhyve line gave `diskPaths` (in the manifest's order) and
 * com1 `serial`: the boot disk by path, the console only when it is not the default one.
 */
export function bhyveloadFirmware(
  loader: ImportedBhyveload,
  vmName: string,
  diskPaths: (string | undefined)[],
  com1: { mode?: string; path?: string } | undefined,
  bhyve: { memory?: string; wired: boolean },
  warn: (m: string) => void,
): Record<string, unknown> {
  loader.warnings.forEach(warn);
  const [first, ...more] = loader.disks;
  let bootDisk = first === undefined ? 0 : diskPaths.indexOf(first);
  if (first === undefined) warn('bhyveload has no -d; it boots the first disk');
  else if (bootDisk < 0) {
    warn(`bhyveload -d ${first} is not a disk of the bhyve line; it boots the first disk`);
    bootDisk = 0;
  }
  if (more.length) warn(`bhyveload reads one boot disk here; -d ${more.join(' -d ')} dropped`);
  if (loader.memory !== undefined && bhyve.memory !== undefined && (parseBhyveSize(loader.memory) ?? loader.memory) !== bhyve.memory)
    warn(`bhyveload -m ${loader.memory} differs from bhyve -m ${bhyve.memory}; the bhyve size is used for both`);
  if (loader.wired !== bhyve.wired) warn("bhyveload -S and bhyve -S differ; both follow bhyve's -S");
  const fallback = com1?.mode === 'tty' ? com1.path : com1?.mode === 'socket' ? nmdmDevice(vmName, 'com1') : undefined;
  const console = loader.console ?? (fallback !== undefined ? 'stdio' : undefined);
  return {
    ...(bootDisk ? { bootDisk } : {}),
    ...(loader.env.length ? { loaderEnv: Object.fromEntries(loader.env) } : {}),
    ...(console !== undefined && console !== fallback ? { consoleDevice: console } : {}),
    ...(loader.hostBase ? { hostBase: loader.hostBase } : {}),
    ...(loader.osLoader ? { osLoader: loader.osLoader } : {}),
  };
}
