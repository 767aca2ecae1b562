// dnsmasq(8) input for one bridge: its configuration file (one dnsmasq per bridge, bound to that
// interface only) and the --dhcp-hostsfile of static leases (`mac,ip,hostname`, re-read on SIGHUP).

/** The files of one bridge's dnsmasq (mirrors the state directory's layout). */
export interface DnsmasqFiles {
  dir: string;
  config: string;
  hosts: string;
  leases: string;
  pid: string;
}

export interface DnsmasqService {
  /** Bridge resource name (comment only) and host interface. */
  bridge: string;
  ifname: string;
  address: string;
  prefixLength: number;
  rangeStart: string;
  rangeEnd: string;
  leaseSeconds: number;
  dns: string[];
  /** Announce the bridge as the default router (NAT bridges). */
  router: boolean;
}

export interface StaticLease {
  mac: string;
  address: string;
  hostname: string;
}

function netmask(prefixLength: number): string {
  const bits = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 0xff).join('.');
}

/**
 * The configuration. dnsmasq keeps root: its static-lease file lives in tshyve's root-only state
 * directory and must stay readable when SIGHUP re-reads it; it serves only the bridge it binds to.
 */
export function dnsmasqConfig(service: DnsmasqService, files: DnsmasqFiles): string {
  return [
    `# dnsmasq of bridge ${service.bridge} (${service.ifname}), written by tshyve: edits are replaced`,
    `interface=${service.ifname}`,
    'bind-interfaces',
    'except-interface=lo',
    'user=root',
    'dhcp-authoritative',
    `dhcp-range=${service.rangeStart},${service.rangeEnd},${netmask(service.prefixLength)},${service.leaseSeconds}`,
    `dhcp-hostsfile=${files.hosts}`,
    `dhcp-leasefile=${files.leases}`,
    `pid-file=${files.pid}`,
    ...(service.router ? [`dhcp-option=option:router,${service.address}`] : ['dhcp-option=option:router']),
    `dhcp-option=option:dns-server,${service.dns.join(',')}`,
    '',
  ].join('\n');
}

/** A hostname dnsmasq accepts (RFC 1123 label): other characters become `-`. */
export function leaseHostname(text: string): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return label || 'guest';
}

export function dnsmasqHosts(leases: StaticLease[]): string {
  const sorted = [...leases].sort((a, b) => (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0));
  return sorted.map((l) => `${l.mac},${l.address},${leaseHostname(l.hostname)}\n`).join('');
}

/** Static leases as `mac address` pairs, for plan reasons. */
export function parseDnsmasqHosts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [mac, address] = line.split(',');
    if (mac && address) out.set(mac.trim(), address.trim());
  }
  return out;
}
