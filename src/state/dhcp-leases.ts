// dnsmasq's DHCP lease file, read tolerantly: one `EXPIRY MAC IP HOSTNAME CLIENT-ID` line per IPv4
// lease (EXPIRY in seconds since the epoch, 0 = never), DHCPv6 lines and torn lines skipped.
import { readFile } from 'node:fs/promises';

export interface DhcpLease {
  /** Milliseconds since the epoch; 0 for a lease that never expires. */
  expiresAtMs: number;
  mac: string;
  ip: string;
  hostname?: string;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const IPV4 = /^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/;

export function parseLeases(text: string): DhcpLease[] {
  const leases: DhcpLease[] = [];
  for (const line of text.split('\n')) {
    // A line is whole once the hostname field has begun: the address before it is complete.
    const [expiry, mac, ip, hostname] = line.trim().split(/\s+/);
    if (hostname === undefined || !/^[0-9]+$/.test(expiry!)) continue;
    const lower = mac!.toLowerCase();
    if (!MAC.test(lower) || !IPV4.test(ip!)) continue;
    leases.push({
      expiresAtMs: Number(expiry) * 1000,
      mac: lower,
      ip: ip!,
      ...(hostname !== '*' && hostname !== '' ? { hostname } : {}),
    });
  }
  return leases;
}

/** The leases of a file; none when it does not exist (yet). */
export async function readLeases(path: string): Promise<DhcpLease[]> {
  try {
    return parseLeases(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The unexpired lease of a MAC that expires last (a renewed lease may appear twice mid-rewrite). */
export function activeLease(leases: DhcpLease[], mac: string, nowMs: number): DhcpLease | undefined {
  const wanted = mac.toLowerCase();
  const live = leases.filter((l) => l.mac === wanted && (l.expiresAtMs === 0 || l.expiresAtMs > nowMs));
  return live.sort((a, b) => rank(b) - rank(a))[0];
}

const rank = (l: DhcpLease) => (l.expiresAtMs === 0 ? Number.MAX_SAFE_INTEGER : l.expiresAtMs);
