import type { DnsmasqFiles } from './dnsmasq-config.js';
import type { ImageSource } from './image-source.js';

/** `sourceImage` is made first from this source (downloaded, verified, converted; image-prepare.ts). */
export type ImagePreparation = ImageSource;

// OS-neutral host operations the reconciler asks for; a backend turns each into commands (argv
// arrays). Linux: ip(8), modprobe(8), zfs(8), coreutils; FreeBSD later: ifconfig(8), kldload(8).

export type HostOperation =
  | { op: 'module.load'; name: string }
  | { op: 'bridge.create'; ifname: string; mtu: number; alias: string }
  | { op: 'tap.create'; ifname: string; mtu: number; alias: string; vnetHeader: boolean; multiQueue: boolean; master?: string }
  /** Sets properties of an existing link; `master: null` detaches it. */
  | { op: 'link.set'; ifname: string; mtu?: number; master?: string | null; alias?: string; up?: boolean }
  | { op: 'link.delete'; ifname: string }
  | { op: 'addr.add'; ifname: string; address: string }
  | { op: 'addr.delete'; ifname: string; address: string }
  | { op: 'file.create'; path: string; sizeBytes: number; sparse: boolean; sourceImage?: string; prepare?: ImagePreparation }
  | { op: 'file.grow'; path: string; sizeBytes: number; sparse: boolean }
  | { op: 'file.delete'; path: string }
  /** A read-only copy of a file volume: a reflink where the filesystem shares blocks, else a sparse copy. */
  | { op: 'file.snapshot'; source: string; path: string }
  | {
      op: 'zvol.create';
      dataset: string;
      sizeBytes: number;
      sparse: boolean;
      volmode: string;
      properties: Record<string, string>;
      resource: string;
      sourceImage?: string;
      prepare?: ImagePreparation;
    }
  | { op: 'zvol.set'; dataset: string; property: string; value: string }
  /** `dataset` may name a snapshot (`pool/vol@name`). */
  | { op: 'zvol.destroy'; dataset: string }
  | { op: 'zvol.snapshot'; snapshot: string; resource: string }
  | {
      op: 'zvol.clone';
      snapshot: string;
      dataset: string;
      /** Grown to this size after the clone when the snapshot is smaller. */
      sizeBytes: number;
      volmode: string;
      properties: Record<string, string>;
      resource: string;
    }
  /** Writes the service's files (config, static leases, an empty lease file) and starts dnsmasq, which detaches. */
  | { op: 'dnsmasq.start'; files: DnsmasqFiles; parentDir: string; config: string; hosts: string }
  /** Rewrites the static leases and sends SIGHUP: dnsmasq re-reads them without a restart. */
  | { op: 'dnsmasq.reload'; files: DnsmasqFiles; hosts: string; pid: number }
  /** SIGTERM to these dnsmasq processes, then waits until they are gone. */
  | { op: 'dnsmasq.stop'; pids: number[] }
  /** Stops the process of the pid file (undo of a start), if any. */
  | { op: 'dnsmasq.stop-pidfile'; files: DnsmasqFiles }
  | { op: 'dnsmasq.remove-files'; files: DnsmasqFiles }
  /** Replaces the whole table `inet tshyve` in one transaction (script on stdin). */
  | { op: 'nft.write'; script: string }
  | { op: 'nft.delete' }
  /** `key` in dotted form (`net.ipv4.ip_forward`, `net.ipv4.conf.<ifname>.route_localnet`). */
  | { op: 'sysctl.set'; key: string; value: string };

/** One command a backend runs: an argv array (never a shell line). */
export interface HostCommand {
  argv: string[];
  /** This command brings a new resource into existence (undo it only if this one ran). */
  creates?: boolean;
  /** Even a failure of this command may leave a partial resource behind (a half-copied file). */
  mayLeavePartial?: boolean;
  /** Run if this command or a later one of its step fails (or is cancelled): removes a temporary. */
  cleanup?: HostCommand;
  /** A long copy: the file it writes (whose size shows progress) and the file it reads. */
  progress?: { path: string; sourcePath: string };
  /** Text written to the command's standard input (an nft script, a file's new contents). */
  stdin?: string;
  /** A long preparation that writes its own progress (a StageProgress JSON file) about `what`. */
  report?: { file: string; what: string };
  /** Exit statuses besides 0 that mean success (kill(1) of a process already gone: 1). */
  okExitCodes?: number[];
}

/** Interface names as Linux accepts them (IFNAMSIZ - 1 bytes, safe characters only). */
export const IFNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
/** Network namespace names (files under /run/netns): not bound by IFNAMSIZ, but kept as safe. */
export const NETNS_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** ZFS dataset paths as the schema accepts them. */
export const DATASET_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9][A-Za-z0-9_.:-]*)+$/;
/** ZFS snapshot names: a dataset path, `@`, a resource name. */
export const SNAPSHOT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9][A-Za-z0-9_.:-]*)+@[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The alias tshyve sets on links it creates, so they are recognisable (`ip link` shows it). */
export function ownershipAlias(kind: string, resource: string): string {
  return `tshyve:${kind}/${resource}`;
}
