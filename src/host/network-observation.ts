// What the host says about tshyve's network services: dnsmasq processes and files, the table
// `inet tshyve`, the sysctls tshyve sets, the default-route interface and whether host ports are free.
import type { DnsmasqFiles } from './dnsmasq-config.js';
import type { NftChain } from './nft-ruleset.js';
import type { Observed } from './observation.js';

export interface PortProbe {
  protocol: 'tcp' | 'udp';
  address: string;
  port: number;
}

export function portKey(p: PortProbe): string {
  return `${p.address}:${p.port}/${p.protocol}`;
}

export interface NetworkObserveRequest {
  dnsmasq: DnsmasqFiles[];
  nftables: boolean;
  /** Dotted keys (network-commands.ts sysctlPath). */
  sysctls: string[];
  defaultRoute: boolean;
  ports: PortProbe[];
}

export interface ObservedDnsmasq {
  /** Live processes whose argv names this service's config file (more than one: started twice). */
  pids: number[];
  /** The pid its pid file holds, when the file exists. */
  pidFile?: number;
  config?: string;
  hosts?: string;
  leases: boolean;
}

export interface ObservedNetwork {
  /** By service directory. */
  dnsmasq: Map<string, ObservedDnsmasq>;
  /** The table's chains; `undefined`: the table does not exist. */
  nftables: Observed<NftChain[] | undefined>;
  /** Current values; undefined when the key does not exist (an interface not there yet). */
  sysctls: Map<string, string | undefined>;
  defaultRoute: Observed<string | undefined>;
  /** By portKey: undefined when the port could be bound, else why not (`EADDRINUSE`). */
  ports: Map<string, string | undefined>;
  /** Whether dnsmasq(8) is installed (asked only when some service is). */
  dnsmasqInstalled: boolean;
}

export function emptyNetworkRequest(): NetworkObserveRequest {
  return { dnsmasq: [], nftables: false, sysctls: [], defaultRoute: false, ports: [] };
}
