// The resolved desired state: every manifest after validation, with defaults filled, sizes in
// bytes, durations in milliseconds, PCI slots and MACs assigned, taps generated for bridge NICs.
import type { ReadyCondition } from './readiness.js';
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
  /** Masquerade of the bridge's IPv4 subnet; no uplinks: out of the host's default-route interface. */
  nat?: { uplinks: string[]; subnet: string };
  /** DHCP (and DNS forwarding) by a dnsmasq of the bridge's own. */
  dhcp?: ResolvedDhcp;
}

/** The DHCP service of a bridge, with its subnet taken from the bridge's first IPv4 address. */
export interface ResolvedDhcp {
  /** The bridge's own address (the router and default DNS server guests are told). */
  address: string;
  /** The subnet in CIDR form, e.g. `10.77.0.0/24`. */
  subnet: string;
  prefixLength: number;
  /** Dynamic pool for unknown clients, inclusive. */
  rangeStart: string;
  rangeEnd: string;
  leaseSeconds: number;
  dns: string[];
}

/** One host port forwarded to a NIC's address (nftables DNAT). */
export interface ResolvedPortForward {
  host: number;
  guest: number;
  protocol: 'tcp' | 'udp';
  /** Host address the forward answers on. */
  address: string;
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
  /** Created as a clone of this VolumeSnapshot (instead of from `sourceImage`); no backend: it is not declared. */
  cloneOf?: { snapshot: string; backend?: ResolvedVolumeSnapshot['backend'] };
  reclaimPolicy: 'Retain' | 'Delete';
  adopt: boolean;
}

/** A point-in-time copy of a Volume, taken once: a ZFS snapshot, or a read-only copy of a file volume. */
export interface ResolvedVolumeSnapshot {
  kind: 'VolumeSnapshot';
  meta: Meta;
  /** The Volume resource it copies. */
  volume: string;
  backend:
    | { type: 'zfs'; snapshot: string; dataset: string }
    /** `path` is the snapshot file, `sourcePath` the volume file it copies. */
    | { type: 'file'; path: string; sourcePath: string };
  /** The source volume's size: a clone is at least this large. */
  sizeBytes: number;
  reclaimPolicy: 'Retain' | 'Delete';
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
  /**
   * The static DHCP lease of a NIC on a bridge with `dhcp`: the pinned address, else one derived
   * from the MAC. Set after `specHash` (a lease change needs no VM restart).
   */
  address?: string;
  /** Host ports forwarded to `address`; also outside `specHash`. */
  ports?: ResolvedPortForward[];
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

/** `autostart.after: [{ vm, ready, timeout }]`: start only once `vm` is ready (or `timeoutMs` passed). */
export interface ReadinessGate {
  vm: string;
  ready: ReadyCondition;
  timeoutMs: number;
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
  gdb?: { port: number; address: string; waitForAttach: boolean };
  /** Whether the VM should be running when its process is not (KubeVirt's runStrategy). */
  run: RunStrategy;
  restartPolicy: ResolvedRestartPolicy;
  /** `after` names every dependency; `ready` (only when the manifest gives one) what to wait for before starting. */
  autostart: {
    enabled: boolean;
    order: number;
    delayMs: number;
    after: string[];
    ready?: ReadinessGate[];
    /** What stopping the agent does to the VM: nothing (`stop`, the default) or a snapshot it resumes from (`suspend`). */
    onHostShutdown?: 'suspend';
  };
  stopTimeoutMs: number;
  /** `spec.restoreFrom`: the snapshot the VM process starts from instead of booting (bhyve -r); not part of `specHash`. */
  restoreFrom?: string;
  /** sha256 of the resolved VM without its source location and display text: changes iff the VM must change. */
  specHash: string;
}

export type RunStrategy = 'Always' | 'OnFailure' | 'Once' | 'Halted';

export type ResolvedResource = ResolvedVm | ResolvedBridge | ResolvedTap | ResolvedVolume | ResolvedVolumeSnapshot | ResolvedFirmware;

export interface DesiredState {
  vms: ResolvedVm[];
  bridges: ResolvedBridge[];
  taps: ResolvedTap[];
  volumes: ResolvedVolume[];
  /** VolumeSnapshot documents (absent where a caller builds a state without them). */
  snapshots?: ResolvedVolumeSnapshot[];
  firmware: ResolvedFirmware[];
}
