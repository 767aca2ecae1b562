// Resolves a Bridge's `nat` and `dhcp`: the IPv4 subnet of its first IPv4 address, the dynamic
// range (default: the half of the subnet without the bridge's address), lease time and DNS servers.
import type { ResolvedBridge, ResolvedDhcp } from '../model/resolved.js';
import type { BridgeDocument } from '../model/spec-types.generated.js';
import type { SourceDocument } from './parse-yaml.js';
import type { Reporter } from './reporter.js';
import {
  formatIpv4,
  isHostAddress,
  parseIpv4,
  parseIpv4Cidr,
  parseIpv4Range,
  subnetText,
  type Ipv4Subnet,
} from './resolve-network-ipv4.js';
import { parseDuration } from './units.js';

const DEFAULT_LEASE_SECONDS = 3600;
/** dnsmasq refuses shorter leases (it rounds them up to two minutes). */
const MIN_LEASE_SECONDS = 120;

export function bridgeIpv4(b: { addresses: string[] }): Ipv4Subnet | undefined {
  for (const a of b.addresses) {
    const s = parseIpv4Cidr(a);
    if (s) return s;
  }
  return undefined;
}

function defaultRange(s: Ipv4Subnet): { start: number; end: number } {
  const half = s.network + s.size / 2;
  return s.address >= half ? { start: s.network + 1, end: half - 1 } : { start: half, end: s.network + s.size - 2 };
}

export function resolveBridgeNetwork(b: ResolvedBridge, doc: BridgeDocument, source: SourceDocument, reporter: Reporter): void {
  const spec = doc.spec;
  const subnet = bridgeIpv4(b);
  const noAddress = (what: 'nat' | 'dhcp') =>
    reporter.error(
      source,
      ['spec', what],
      `${what}.no-address`,
      `${what === 'nat' ? 'NAT' : 'DHCP'} needs an IPv4 address on the bridge: add one to \`addresses\` in CIDR form, e.g. 10.77.0.1/24`,
    );
  if (spec.nat) {
    const uplinks = typeof spec.nat === 'object' ? [...(spec.nat.uplinks ?? [])] : [];
    uplinks.forEach((u, i) => {
      if (u === b.ifname || b.members.includes(u))
        reporter.error(
          source,
          ['spec', 'nat', 'uplinks', i],
          'nat.uplink',
          `uplink ${u} is ${u === b.ifname ? 'the bridge itself' : 'a member of the bridge'}; name the host interface traffic leaves by (e.g. eth0), or omit \`uplinks\` for the default route`,
        );
    });
    if (!subnet) noAddress('nat');
    else b.nat = { uplinks, subnet: subnetText(subnet) };
  }
  if (!spec.dhcp) return;
  if (!subnet) return noAddress('dhcp');
  if (subnet.size < 4) {
    reporter.error(
      source,
      ['spec', 'addresses'],
      'dhcp.subnet',
      `subnet ${subnetText(subnet)} has no room for guests; use a prefix of /30 or shorter`,
    );
    return;
  }
  const options = typeof spec.dhcp === 'object' ? spec.dhcp : {};
  let range = defaultRange(subnet);
  if (options.range !== undefined) {
    const at = ['spec', 'dhcp', 'range'];
    const r = parseIpv4Range(options.range);
    if (!r) return reporter.error(source, at, 'dhcp.range', `range ${options.range} is not \`first-last\` with first ≤ last`);
    if (!isHostAddress(subnet, r.start) || !isHostAddress(subnet, r.end))
      return reporter.error(
        source,
        at,
        'dhcp.range-outside',
        `range ${options.range} is not inside the bridge's subnet ${subnetText(subnet)} (network and broadcast excluded); ` +
          `e.g. ${formatIpv4(defaultRange(subnet).start)}-${formatIpv4(defaultRange(subnet).end)}`,
      );
    if (r.start <= subnet.address && subnet.address <= r.end)
      return reporter.error(
        source,
        at,
        'dhcp.range-bridge-address',
        `range ${options.range} contains the bridge's own address ${formatIpv4(subnet.address)}; start the range after it`,
      );
    range = r;
  }
  let leaseSeconds = DEFAULT_LEASE_SECONDS;
  if (options.leaseTime !== undefined) {
    const ms = parseDuration(options.leaseTime);
    if (ms === undefined || ms < MIN_LEASE_SECONDS * 1000)
      return reporter.error(
        source,
        ['spec', 'dhcp', 'leaseTime'],
        'dhcp.lease-time',
        `lease time ${options.leaseTime} is not a duration of at least 2m (dnsmasq's minimum), e.g. 1h`,
      );
    leaseSeconds = Math.floor(ms / 1000);
  }
  const dns = options.dns ?? [formatIpv4(subnet.address)];
  for (const [i, d] of dns.entries())
    if (parseIpv4(d) === undefined)
      return reporter.error(source, ['spec', 'dhcp', 'dns', i], 'dhcp.dns', `DNS server ${d} is not an IPv4 address`);
  const dhcp: ResolvedDhcp = {
    address: formatIpv4(subnet.address),
    subnet: subnetText(subnet),
    prefixLength: subnet.prefixLength,
    rangeStart: formatIpv4(range.start),
    rangeEnd: formatIpv4(range.end),
    leaseSeconds,
    dns: [...dns],
  };
  b.dhcp = dhcp;
}
