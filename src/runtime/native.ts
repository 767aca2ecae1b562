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
  /** Start from this snapshot file instead of the boot image (bhyve -r); refused when the machine differs. */
  restoreFrom?: string;
  /** Recorded in snapshot headers. */
  tshyveVersion?: string;
  /** Seccomp allow-lists on the VMM's vCPU, event-loop, block-worker and 9p-worker threads (default true). */
  seccomp?: boolean;
  acpi?: boolean;
  /** HPET at 0xfed00000 and its ACPI table; default true. */
  hpet?: boolean;
  /** An xHCI controller with a USB tablet at this PCI slot (bhyve -s N,xhci,tablet). */
  tablet?: { slot: number; function: number };
  rtcUtc?: boolean;
  bootOrder?: string[];
  /** GDB stub (bhyve -G): TCP `address` (default 127.0.0.1) and `port`; `wait` holds the vCPUs until a debugger attaches;
   * `softwareBreakpoints` overrides how Z0 is done (default: int3, or a debug register on a PVM host). */
  gdb?: { port: number; address?: string; wait?: boolean; softwareBreakpoints?: 'int3' | 'debug-register' };
  kvmPath?: string;
  /** virtio-blk disks (bhyve -s N,virtio-blk,path,options). */
  disks?: NativeDiskConfig[];
  /** virtio-net over existing taps. */
  nics?: NativeNicConfig[];
  rng?: { slot: number; function?: number; bytesPerSecond?: number };
  consoles?: { slot: number; function?: number; ports: { name: string; path?: string }[] }[];
  /** virtio-9p shares (bhyve -s N,virtio-9p,tag=/path[,ro]): the tag is the share's name. */
  shares?: { tag: string; path: string; readOnly?: boolean; slot: number; function?: number }[];
  /** Intel 82545EM NICs (bhyve -s N,e1000,tap) over existing taps. */
  e1000?: NativeE1000Config[];
  /** NVMe controllers with one namespace each (bhyve -s N,nvme,path,options). */
  nvme?: NativeNvmeConfig[];
  /** AHCI controllers (bhyve -s N,ahci,hd:PATH,cd:PATH): one per PCI function, port i = ports[i]. */
  ahci?: NativeAhciConfig[];
  /** bochs-display framebuffer and its VNC server (spec.framebuffer, bhyve fbuf). */
  framebuffer?: NativeFramebufferConfig;
}

export interface NativeFramebufferConfig {
  width: number;
  height: number;
  slot: number;
  function?: number;
  /** VGA BIOS (SeaBIOS's vgabios-bochs-display.bin) behind the expansion ROM BAR. */
  rom?: string;
  address: string;
  port: number;
  /** Its first line is the VNC password. */
  passwordFile?: string;
  wait?: boolean;
}

export interface NativeE1000Config {
  tap: string;
  mac: string;
  slot: number;
  function?: number;
  /** Option ROM image (iPXE's pxe-e1000.rom) behind the expansion ROM BAR. */
  rom?: string;
}

export interface NativeNvmeConfig {
  path: string;
  slot: number;
  function?: number;
  readOnly?: boolean;
  nocache?: boolean;
  direct?: boolean;
  nodelete?: boolean;
  /** bhyve `sectsz=`. */
  sectorSize?: number;
  /** bhyve `maxq=`, `qsz=`, `ioslots=`. */
  maxQueues?: number;
  queueSize?: number;
  ioSlots?: number;
  serial?: string;
  /** bhyve `eui64=`, hexadecimal. */
  eui64?: string;
  dsm?: 'auto' | 'enable' | 'disable';
}

export interface NativeAhciConfig {
  slot: number;
  function?: number;
  ports: NativeAhciPortConfig[];
}

export interface NativeAhciPortConfig {
  kind: 'hd' | 'cd';
  path: string;
  readOnly?: boolean;
  nocache?: boolean;
  direct?: boolean;
  nodelete?: boolean;
  logicalSectorSize?: number;
  physicalSectorSize?: number;
  serial?: string;
  /** IDENTIFY model (bhyve `model=`), firmware revision (`rev=`), nominal media rotation rate (`nmrr=`). */
  model?: string;
  revision?: string;
  rotationRate?: number;
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
  limits?: { bandwidth?: NativeRateBucket; iops?: NativeRateBucket };
}

/** One token bucket (native vmm/rate_limiter.h BucketConfig): refill rate and size. */
export interface NativeRateBucket {
  perSecond: number;
  burst: number;
}

/** One direction of a NIC's rate limit, as the guest sees it. */
export interface NativeNicRateLimit {
  bandwidth?: NativeRateBucket;
  packets?: NativeRateBucket;
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
  limits?: { rx?: NativeNicRateLimit; tx?: NativeNicRateLimit };
}

/** KVM_RUN exits to userspace by kind, as the vCPU loop tells them apart (native/src/vmm/vcpu_loop.h). */
export interface NativeExitCounts {
  io: number;
  mmio: number;
  intr: number;
  hlt: number;
  shutdown: number;
  system_event: number;
  fail_entry: number;
  internal_error: number;
  other: number;
}

/** One virtio-blk disk's counters (virtio 1.2 §5.2.6 request types); bytes are data bytes moved. */
export interface NativeDiskStats {
  slot: number;
  function: number;
  path: string;
  readRequests: number;
  readBytes: number;
  writeRequests: number;
  writeBytes: number;
  flushRequests: number;
  discardRequests: number;
  writeZeroesRequests: number;
  /** GET_ID and unsupported request types. */
  otherRequests: number;
  /** Requests completed with a status other than VIRTIO_BLK_S_OK. */
  errors: number;
  /** Times the rate limiter left a request in the ring until its buckets refilled. */
  throttled: number;
}

/** One virtio-net NIC's counters; bytes are frame bytes without the virtio_net_hdr. */
export interface NativeNicStats {
  slot: number;
  function: number;
  tap: string;
  rxPackets: number;
  rxBytes: number;
  rxDropped: number;
  txPackets: number;
  txBytes: number;
  txDropped: number;
  /** Times the rate limiter held a frame back (receive: in the tap; transmit: in the ring). */
  rxThrottled: number;
  txThrottled: number;
}

export interface NativeVmStats {
  /** Every KVM_RUN that returned to userspace (the sum of `exits`). */
  userspaceExits: number;
  exits: NativeExitCounts;
  /** In config order. */
  disks: NativeDiskStats[];
  nics: NativeNicStats[];
  e820: { addr: number; size: number; type: number }[];
}

export interface NativeVmHandle {
  start(): void;
  requestExit(status: number): void;
  powerButton(): boolean;
  /** Host bytes for COM port `port` (default 1); returns how many the UART accepted. */
  consoleInput(data: Buffer, port?: number): number;
  stats(): NativeVmStats;
  destroy(): void;
  /** Pauses every vCPU, writes a snapshot to `path` (0600), then resumes or (stop) ends the VM with status 1. */
  snapshot(path: string, options?: { stop?: boolean }): NativeSnapshotResult;
  /** After a restore: state this host's KVM would not take back. */
  restoreRefused(): string[];
}

export interface NativeSnapshotResult {
  fileBytes: number;
  /** Guest RAM in the file (non-zero pages only). */
  memoryBytes: number;
  /** How long the vCPUs were held, and the whole call. */
  pauseMs: number;
  totalMs: number;
  /** State this host's KVM would not give ("vcpu0 KVM_GET_XSAVE: ..."), saved without it. */
  refused: string[];
}

export interface NativeAddon {
  /** onConsole gets batches of one COM port's output with its number (1..4). */
  VmHandle: {
    new (
      config: NativeVmConfig,
      callbacks: { onConsole?: (b: Buffer, port: number) => void; onExit?: (status: number) => void },
    ): NativeVmHandle;
    /** Opens what `config` names once and keeps it for every later VmHandle of this process; returns how many descriptors are kept. */
    keepHostResources(config: NativeVmConfig): number;
  };
  probeKvm(path?: string): { ok: boolean; errno: number };
  /** Seccomp deny-list on every thread of this process (no exec, mount, ptrace, modules...); returns 0 or an errno. */
  installProcessSeccomp(): number;
  /** no_new_privs, and dumpable only when asked (core files would hold guest memory); returns 0 or an errno. */
  restrictPrivileges(options: { dumpable: boolean }): number;
  processState(): { noNewPrivs: boolean; dumpable: boolean; seccompMode: number };
  /** setgroups/setresgid/setresuid on every thread; checks that no capability is left. 0 or an errno. */
  dropToUser(uid: number, gid: number): number;
  /** mount(2)/mount_setattr(2) in this process's own mount namespace; each returns 0 or an errno. */
  privateMounts(): number;
  mountTmpfs(dir: string): number;
  bindMount(from: string, to: string): number;
  setMountReadOnly(path: string, readOnly: boolean, recursive: boolean): number;
  /** `dir` (a mount point) becomes "/"; the old root moves to `putOld` (a directory under `dir`). */
  pivotRoot(dir: string, putOld: string): number;
  /** Points stdout and stderr (fds 1, 2) at `path`, appending (created 0600, no symlink); 0 or an errno. */
  redirectOutput(path: string): number;
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
    throw new TshyveError(
      'TSHYVE_NATIVE_UNAVAILABLE',
      `native hypervisor addon not built: ${path} is missing (run \`npm run build:native\`)`,
    );
  }
  try {
    cached = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (cause) {
    throw new TshyveError('TSHYVE_NATIVE_UNAVAILABLE', `cannot load the native addon ${path}: ${(cause as Error).message}`, { cause });
  }
  return cached;
}
