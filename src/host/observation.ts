// What an observer reports about the host: links (from `ip -j -d link`/`ip -j addr`), file and ZFS
// volumes, kernel modules, device nodes and network services. Plain data, produced by the pure parsers in this folder.
import type { ObservedNetwork } from './network-observation.js';

export interface ObservedLink {
  ifname: string;
  /** `bridge`, `tun`, `veth`, … (`linkinfo.info_kind`); undefined for plain devices. */
  kind?: string;
  /** For tun devices: `tap` or `tun`, and their creation flags. */
  tun?: { type: string; vnetHeader: boolean; multiQueue: boolean; persist: boolean };
  mtu: number;
  master?: string;
  /** The administrative UP flag (not carrier). */
  up: boolean;
  alias?: string;
  /** Addresses in CIDR form, link-local IPv6 excluded. */
  addresses: string[];
}

export interface ObservedFileVolume {
  path: string;
  exists: boolean;
  sizeBytes: number;
  /** Bytes actually allocated (st_blocks × 512): shows sparseness. */
  allocatedBytes: number;
  isFile: boolean;
}

export interface ObservedZvol {
  dataset: string;
  type: 'volume' | 'filesystem' | 'snapshot' | string;
  sizeBytes?: number;
  volmode?: string;
  /** The `tshyve:resource` user property, when set. */
  resource?: string;
}

export type ModuleState = 'loaded' | 'builtin' | 'absent' | 'unknown';

export interface ObservedModule {
  name: string;
  state: ModuleState;
  /** How the state was determined (shown in plans). */
  evidence: string;
}

/** One domain of observation: what was seen, or why it could not be. */
export type Observed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface HostObservation {
  /** Network namespace the links were read from (undefined: the host's own). */
  netns?: string;
  links: Observed<Map<string, ObservedLink>>;
  files: Observed<Map<string, ObservedFileVolume>>;
  /** `absent` when the zfs tool is not installed. */
  zfs: Observed<Map<string, ObservedZvol>> | { ok: true; absent: true; value: Map<string, ObservedZvol> };
  modules: Map<string, ObservedModule>;
  /** Filesystem name of each requested directory (nearest existing ancestor); absent when none were asked. */
  filesystems?: Map<string, string>;
  tools: { zfs: boolean; modprobe: boolean };
  devices: { netTun: boolean; kvm: boolean };
  /** Present when the request asked for network services. */
  network?: ObservedNetwork;
  durationMs: number;
}

/** True when every domain read successfully: only then may a plan delete anything. */
export function isObservationComplete(o: HostObservation): boolean {
  return o.links.ok && o.files.ok && o.zfs.ok;
}
