// The resolved desired state: every manifest after validation, with defaults filled, sizes in
// bytes, durations in milliseconds, PCI slots and MACs assigned, taps generated for bridge NICs.
import type { Placement } from './spec-types.generated.js';

export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

export interface Meta {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  source: SourceRef;
  placement?: Placement;
}

export interface PciAddress {
  bus: number;
  slot: number;
  function: number;
}

/**
 * A PCI placement, with the slot as the manifest wrote it (`2`, `2:0`, `0:2:0`) when it wrote one:
 * display text for targets that keep the user's notation (bhyve -s); never part of `specHash`.
 */
export interface Placed {
  pci: PciAddress;
  slotText?: string;
}

export interface ResolvedBridge {
  kind: 'Bridge';
  meta: Meta;
  ifname: string;
  members: string[];
  addresses: string[];
  mtu: number;
  adopt: boolean;
}

export interface ResolvedTap {
  kind: 'Tap';
  meta: Meta;
  ifname: string;
  /** Name of the Bridge resource, if any. */
  bridge?: string;
  /** Host interface name of that bridge. */
  bridgeIfname?: string;
  mtu: number;
  vnetHeader: boolean;
  multiQueue: boolean;
  adopt: boolean;
  /** Made by tshyve for a NIC that named only a bridge. */
  generatedFor?: { vm: string; nic: number };
}

export interface ResolvedVolume {
  kind: 'Volume';
  meta: Meta;
  sizeBytes: number;
  /** The size as written (`16G`, `2GiB`): display text for `zfs create -V` / `truncate -s`. */
  sizeText: string;
  backend:
    | { type: 'zfs'; dataset: string; volmode: string; sparse: boolean; properties: Record<string, string> }
    | { type: 'file'; path: string; sparse: boolean };
  /** Path the VMM opens: the file, or /dev/zvol/<dataset>. */
  devicePath: string;
  sourceImage?: string;
  /** sha256 of the source as downloaded, and its format when the manifest names one. */
  sourceSha256?: string;
  sourceFormat?: 'raw' | 'qcow2' | 'vmdk' | 'vhdx' | 'vdi';
  reclaimPolicy: 'Retain' | 'Delete';
  adopt: boolean;
}

export type ResolvedFirmwareBody =
  | { type: 'linux'; kernel: string; initrd?: string; cmdline: string }
  | { type: 'bootrom'; image: string; varsTemplate?: string }
  /** bhyveload(8) loads a FreeBSD kernel from `disks[bootDisk]` before each bhyve run (bhyve target only). */
  | {
      type: 'bhyveload';
      bootDisk: number;
      loaderEnv: Record<string, string>;
      consoleDevice?: string;
      hostBase?: string;
      osLoader?: string;
    };

export interface ResolvedFirmware {
  kind: 'Firmware';
  meta: Meta;
  body: ResolvedFirmwareBody;
}

export type DiskDevice = 'virtio-blk' | 'ahci-hd' | 'ahci-cd' | 'nvme' | 'virtio-scsi';

/** One token bucket of a rate limit: refills at `perSecond`, holds up to `burst` (Firecracker TokenBucket). */
export interface RateBucket {
  perSecond: number;
  burst: number;
}

/** A disk's I/O limits: bytes (data read plus written) and requests, per second. */
export interface ResolvedDiskLimits {
  bandwidth?: RateBucket;
  iops?: RateBucket;
}

/** One direction of a NIC as the guest sees it: frame bytes and frames, per second. */
export interface ResolvedNicRateLimit {
  bandwidth?: RateBucket;
  packets?: RateBucket;
}

export interface ResolvedNicLimits {
  rx?: ResolvedNicRateLimit;
  tx?: ResolvedNicRateLimit;
}

export interface ResolvedDisk extends Placed {
  device: DiskDevice;
  volume?: string;
  /** The file or block device the VMM opens. */
  path: string;
  pci: PciAddress;
  readOnly: boolean;
  nocache: boolean;
  direct: boolean;
  logicalSectorSize: number;
  physicalSectorSize: number;
  nodelete: boolean;
  serial?: string;
  queues: number;
  /** Device-specific options kept verbatim (nvme*, ahci*). */
  extra: Record<string, string | number>;
  /** Only when the manifest sets some (an unlimited disk hashes as before limits existed). */
  limits?: ResolvedDiskLimits;
}

export interface ResolvedNic extends Placed {
  device: 'virtio-net' | 'e1000';
  /** Tap resource name and its host interface. */
  tap: string;
  tapIfname: string;
  bridge?: string;
  mac: string;
  macGenerated: boolean;
  mtu?: number;
  /** Expose iPXE's option ROM for network boot (firmware boots only). */
  bootRom: boolean;
  pci: PciAddress;
  /** Only when the manifest sets some. */
  limits?: ResolvedNicLimits;
}

export interface ResolvedCloudInitUser {
  name: string;
  groups: string[];
  sudo?: string;
  shell?: string;
  /** Inline keys, then those of `sshAuthorizedKeysFile` (public keys: not secrets). */
  sshAuthorizedKeys: string[];
  sshAuthorizedKeysFile?: string;
}

/** cloud-init NoCloud input; the seed image is built from it in the VM's state directory. */
export interface ResolvedCloudInit extends Placed {
  hostname: string;
  users: ResolvedCloudInitUser[];
  userData?: string;
  userDataFile?: string;
  /** sha256 of the user-data file when it was loaded: a change of the file is a change of the VM. */
  userDataFileSha256?: string;
  networkConfig?: Record<string, unknown>;
  metaData: Record<string, string | number | boolean>;
}

export interface ResolvedSerialPort {
  port: 'com1' | 'com2' | 'com3' | 'com4';
  mode: 'stdio' | 'log' | 'socket' | 'tty';
  path?: string;
}

export type ExitAction = 'restart' | 'restartWithBackoff' | 'stop';

export interface ResolvedRestartPolicy {
  onReboot: ExitAction;
  onPoweroff: ExitAction;
  onHalt: ExitAction;
  onTripleFault: ExitAction;
  onError: ExitAction;
  backoffInitialMs: number;
  backoffMaxMs: number;
  crashLoopRestarts: number;
  crashLoopWindowMs: number;
}

export interface ResolvedVm {
  kind: 'VirtualMachine';
  meta: Meta;
  cpus: { count: number; sockets: number; cores: number; threads: number };
  cpuPinning: { vcpu: number; hostCpu: number }[];
  memoryBytes: number;
  /** Memory as written (`1024M`, `4GiB`): display text for bhyve -m; never part of `specHash`. */
  memoryText: string;
  wiredMemory: boolean;
  /** Firmware resource name, or undefined when inline. */
  firmwareRef?: string;
  firmware: ResolvedFirmwareBody;
  hostbridge: Placed & { amd: boolean };
  lpc: Placed;
  disks: ResolvedDisk[];
  nics: ResolvedNic[];
  serial: ResolvedSerialPort[];
  rng?: Placed;
  consoles?: Placed & { ports: { name: string; path?: string }[] };
  framebuffer?: Placed & { listen: string; width: number; height: number; vga?: 'on' | 'io' | 'off'; wait: boolean; passwordFile?: string };
  tablet?: Placed;
  shares: (Placed & { name: string; path: string; readOnly: boolean })[];
  passthrough: (Placed & { host: string; rom?: string })[];
  sound?: Placed & { play?: string; record?: string };
  cloudInit?: ResolvedCloudInit;
  testDevice: boolean;
  flags: {
    acpi: boolean;
    hpet: boolean;
    x2apic: boolean;
    yieldOnHlt: boolean;
    exitOnPause: boolean;
    rtcUtc: boolean;
    ignoreUnimplementedMsrs: boolean;
    destroyOnPoweroff: boolean;
    exitOnUnemulatedIo: boolean;
    coreDumpGuestMemory: boolean;
    disableMptable: boolean;
    forceMsi: boolean;
  };
  uuid?: string;
  gdb?: { port: number; waitForAttach: boolean };
  /** Whether the VM should be running when its process is not (KubeVirt's runStrategy). */
  run: RunStrategy;
  restartPolicy: ResolvedRestartPolicy;
  autostart: { enabled: boolean; order: number; delayMs: number; after: string[] };
  stopTimeoutMs: number;
  /** sha256 of the resolved VM without its source location and display text: changes iff the VM must change. */
  specHash: string;
}

export type RunStrategy = 'Always' | 'OnFailure' | 'Once' | 'Halted';

export type ResolvedResource = ResolvedVm | ResolvedBridge | ResolvedTap | ResolvedVolume | ResolvedFirmware;

export interface DesiredState {
  vms: ResolvedVm[];
  bridges: ResolvedBridge[];
  taps: ResolvedTap[];
  volumes: ResolvedVolume[];
  firmware: ResolvedFirmware[];
}
