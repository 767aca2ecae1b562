// Loads the native hypervisor addon (native/build/Release/tshyve_native.node, built by
// `npm run build:native`) and describes its JS surface. Only the VM process loads it.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TshyveError } from '../errors.js';

/** The plain config the native side trusts (validated here in TS first). */
export interface NativeVmConfig {
  memoryBytes: number;
  vcpus: number;
  sockets: number;
  cores: number;
  threads: number;
  boot: 'linux' | 'bootrom';
  kernel?: string;
  initrd?: string;
  cmdline?: string;
  rom?: string;
  vars?: string;
  /** COM ports to create, 1..4 (bhyve -l comN); default [1]. */
  comPorts?: number[];
  /** com1 output goes straight to this fd; otherwise it comes to JS in batches (as other ports' always do). */
  consoleFd?: number;
  /** SeaBIOS debug port 0x402 log file. */
  debugLog?: string;
  debugExit?: boolean;
  testDevices?: boolean;
  acpi?: boolean;
  rtcUtc?: boolean;
  bootOrder?: string[];
  kvmPath?: string;
  /** virtio-blk disks (bhyve -s N,virtio-blk,path,options). */
  disks?: NativeDiskConfig[];
  /** virtio-net over existing taps. */
  nics?: NativeNicConfig[];
  rng?: { slot: number; function?: number; bytesPerSecond?: number };
  consoles?: { slot: number; function?: number; ports: { name: string; path?: string }[] }[];
}

export interface NativeDiskConfig {
  path: string;
  slot: number;
  function?: number;
  readOnly?: boolean;
  nocache?: boolean;
  direct?: boolean;
  nodelete?: boolean;
  logicalSectorSize?: number;
  physicalSectorSize?: number;
  serial?: string;
  queues?: number;
}

export interface NativeNicConfig {
  /** Host interface name of the tap (opened, never created, by the VMM). */
  tap: string;
  mac: string;
  mtu?: number;
  slot: number;
  function?: number;
  /** Option ROM image behind the function's expansion ROM BAR (firmware such as SeaBIOS runs it). */
  rom?: string;
}

export interface NativeVmHandle {
  start(): void;
  requestExit(status: number): void;
  powerButton(): boolean;
  /** Host bytes for COM port `port` (default 1); returns how many the UART accepted. */
  consoleInput(data: Buffer, port?: number): number;
  stats(): { userspaceExits: number; e820: { addr: number; size: number; type: number }[] };
  destroy(): void;
}

export interface NativeAddon {
  /** onConsole gets batches of one COM port's output with its number (1..4). */
  VmHandle: new (config: NativeVmConfig, callbacks: { onConsole?: (b: Buffer, port: number) => void; onExit?: (status: number) => void }) => NativeVmHandle;
  probeKvm(path?: string): { ok: boolean; errno: number };
}

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root, from src/runtime or dist/runtime. */
export const repoRoot = resolve(here, '..', '..');

export function nativeAddonPath(): string {
  return process.env.TSHYVE_NATIVE_PATH ?? join(repoRoot, 'native', 'build', 'Release', 'tshyve_native.node');
}

let cached: NativeAddon | undefined;

export function loadNative(): NativeAddon {
  if (cached) return cached;
  const path = nativeAddonPath();
  if (!existsSync(path)) {
    throw new TshyveError('TSHYVE_NATIVE_UNAVAILABLE', `native hypervisor addon not built: ${path} is missing (run \`npm run build:native\`)`);
  }
  try {
    cached = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (cause) {
    throw new TshyveError('TSHYVE_NATIVE_UNAVAILABLE', `cannot load the native addon ${path}: ${(cause as Error).message}`, { cause });
  }
  return cached;
}
