// IPv4 arithmetic for DHCP subnets, ranges and static leases (RFC 791 dotted quads, RFC 4632 CIDR).
export const IPV4_PATTERN = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

export function parseIpv4(text: string): number | undefined {
  if (!IPV4_PATTERN.test(text)) return undefined;
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export interface Ipv4Subnet {
  /** The host's address inside it (as written in the CIDR). */
  address: number;
  network: number;
  prefixLength: number;
  /** Number of addresses, network and broadcast included. */
  size: number;
}

/** `10.77.0.1/24` → the address and its subnet; undefined for IPv6 or malformed text. */
export function parseIpv4Cidr(text: string): Ipv4Subnet | undefined {
  const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(text);
  if (!m) return undefined;
  const address = parseIpv4(m[1]!);
  const prefixLength = Number(m[2]);
  if (address === undefined || prefixLength > 32) return undefined;
  const size = 2 ** (32 - prefixLength);
  return { address, network: address - (address % size), prefixLength, size };
}

export function subnetText(s: Ipv4Subnet): string {
  return `${formatIpv4(s.network)}/${s.prefixLength}`;
}

/** Usable host addresses: the network and broadcast addresses are not (RFC 919/922). */
export function isHostAddress(s: Ipv4Subnet, n: number): boolean {
  return n > s.network && n < s.network + s.size - 1;
}

/** `A-B` with A ≤ B; undefined when malformed. */
export function parseIpv4Range(text: string): { start: number; end: number } | undefined {
  const m = /^\s*([0-9.]+)\s*-\s*([0-9.]+)\s*$/.exec(text);
  if (!m) return undefined;
  const start = parseIpv4(m[1]!);
  const end = parseIpv4(m[2]!);
  if (start === undefined || end === undefined || start > end) return undefined;
  return { start, end };
}
