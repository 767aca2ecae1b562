// Pure parsers of iproute2 JSON output: `ip -j -d link show` and `ip -j [-d] addr show` (iproute2 6.x
// field names: ifname, mtu, flags, master, ifalias, linkinfo.info_kind/info_data, addr_info).
import type { ObservedLink } from './observation.js';

interface IpLinkJson {
  ifname?: string;
  mtu?: number;
  flags?: string[];
  master?: string;
  ifalias?: string;
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown> };
}

interface IpAddrJson {
  ifname?: string;
  addr_info?: { family?: string; local?: string; prefixlen?: number; scope?: string }[];
}

function parseJsonArray(text: string, what: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const value: unknown = JSON.parse(trimmed);
  if (!Array.isArray(value)) throw new Error(`${what}: expected a JSON array`);
  return value;
}

/** Parses `ip -j -d link show` into links keyed by ifname (addresses left empty). */
export function parseIpLink(text: string): Map<string, ObservedLink> {
  const links = new Map<string, ObservedLink>();
  for (const raw of parseJsonArray(text, 'ip -j link') as IpLinkJson[]) {
    if (!raw || typeof raw.ifname !== 'string') continue;
    const info = raw.linkinfo;
    const data = info?.info_data ?? {};
    const link: ObservedLink = {
      ifname: raw.ifname,
      mtu: typeof raw.mtu === 'number' ? raw.mtu : 0,
      up: (raw.flags ?? []).includes('UP'),
      addresses: [],
    };
    if (info?.info_kind) link.kind = info.info_kind;
    if (raw.master) link.master = raw.master;
    if (raw.ifalias) link.alias = raw.ifalias;
    if (info?.info_kind === 'tun') {
      link.tun = {
        type: String(data.type ?? 'tun'),
        vnetHeader: data.vnet_hdr === true,
        multiQueue: data.multi_queue === true,
        persist: data.persist === true,
      };
    }
    links.set(link.ifname, link);
  }
  return links;
}

/** Parses `ip -j addr show` into CIDR lists keyed by ifname; IPv6 link-local addresses are skipped. */
export function parseIpAddr(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const raw of parseJsonArray(text, 'ip -j addr') as IpAddrJson[]) {
    if (!raw || typeof raw.ifname !== 'string') continue;
    const list: string[] = [];
    for (const a of raw.addr_info ?? []) {
      if (!a.local || a.prefixlen === undefined) continue;
      if (a.family === 'inet6' && a.scope === 'link') continue;
      list.push(`${a.local}/${a.prefixlen}`);
    }
    out.set(raw.ifname, list);
  }
  return out;
}

/** Joins the two parses: each link gets its addresses. */
export function mergeLinksAndAddresses(links: Map<string, ObservedLink>, addresses: Map<string, string[]>): Map<string, ObservedLink> {
  for (const [name, list] of addresses) {
    const link = links.get(name);
    if (link) link.addresses = list;
  }
  return links;
}
