// tshyve's own nftables table `inet tshyve` (nft(8), libnftables-json(5)): masquerade of NAT
// subnets, forward accepts, DNAT of port forwards (prerouting for other hosts, output for this one).
// The desired table and the observed one (`nft -j list table`) are compared as one rendering.

export const NFT_FAMILY = 'inet';
export const NFT_TABLE = 'tshyve';

export interface NatMasquerade {
  /** The bridge's subnet, `10.77.0.0/24`, and its host interface. */
  subnet: string;
  bridge: string;
  /** Interfaces it leaves by (resolved: the default-route interface when the spec names none). */
  uplinks: string[];
}

export interface NatForward {
  protocol: 'tcp' | 'udp';
  /** Host address; `0.0.0.0` means every local address. */
  address: string;
  host: number;
  guestAddress: string;
  guest: number;
  bridge: string;
}

export interface NatRules {
  masquerade: NatMasquerade[];
  forwards: NatForward[];
}

export interface NftChain {
  name: string;
  type: 'nat' | 'filter';
  hook: 'prerouting' | 'postrouting' | 'output' | 'forward';
  prio: number;
  /** Only when not `accept` (tshyve writes accept only). */
  policy?: string;
  rules: string[];
}

export function isLoopback(address: string): boolean {
  return address.startsWith('127.');
}

function dnatRule(f: NatForward): string {
  const match = f.address === '0.0.0.0' ? 'fib daddr type local' : `ip daddr ${f.address}`;
  return `${match} ${f.protocol} dport ${f.host} dnat ip to ${f.guestAddress}:${f.guest}`;
}

const quote = (ifname: string) => `"${ifname}"`;

export function isEmptyRules(r: NatRules): boolean {
  return r.masquerade.length === 0 && r.forwards.length === 0;
}

/** The chains of the table, rules in a fixed order; empty rules → no table at all. */
export function desiredChains(r: NatRules): NftChain[] {
  if (isEmptyRules(r)) return [];
  const postrouting: string[] = [];
  for (const m of r.masquerade)
    for (const u of m.uplinks) postrouting.push(`ip saddr ${m.subnet} ip daddr != ${m.subnet} oifname ${quote(u)} masquerade`);
  // Locally generated packets to 127.0.0.1 leave toward the guest with a loopback source: rewrite it.
  const loopbackBridges = [...new Set(r.forwards.filter((f) => isLoopback(f.address)).map((f) => f.bridge))];
  for (const b of loopbackBridges) postrouting.push(`ip saddr 127.0.0.0/8 oifname ${quote(b)} masquerade`);
  const prerouting = r.forwards.filter((f) => !isLoopback(f.address)).map(dnatRule);
  const output = r.forwards.map(dnatRule);
  const forward: string[] = [];
  for (const b of [...new Set([...r.masquerade.map((m) => m.bridge), ...r.forwards.map((f) => f.bridge)])])
    forward.push(
      `iifname ${quote(b)} accept`,
      `oifname ${quote(b)} ct state established,related accept`,
      `oifname ${quote(b)} ct status dnat accept`,
    );
  return [
    { name: 'prerouting', type: 'nat', hook: 'prerouting', prio: -100, rules: prerouting },
    { name: 'output', type: 'nat', hook: 'output', prio: -100, rules: output },
    { name: 'postrouting', type: 'nat', hook: 'postrouting', prio: 100, rules: postrouting },
    { name: 'forward', type: 'filter', hook: 'forward', prio: 0, rules: forward },
  ];
}

/** One nft -f transaction: create (so delete cannot fail), delete, write the whole table again. */
export function nftScript(chains: NftChain[]): string {
  const lines = [`table ${NFT_FAMILY} ${NFT_TABLE}`, `delete table ${NFT_FAMILY} ${NFT_TABLE}`, `table ${NFT_FAMILY} ${NFT_TABLE} {`];
  for (const c of chains) {
    lines.push(`  chain ${c.name} {`, `    type ${c.type} hook ${c.hook} priority ${c.prio}; policy accept;`);
    for (const r of c.rules) lines.push(`    ${r}`);
    lines.push('  }');
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** The table as comparable lines: chain headers then their rules. */
export function renderChains(chains: NftChain[]): string[] {
  return chains.flatMap((c) => [`chain ${c.name} ${c.type} ${c.hook} ${c.prio} ${c.policy ?? 'accept'}`, ...c.rules.map((r) => `  ${r}`)]);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function renderLeft(left: Json): string {
  const o = left as Record<string, Record<string, Json>>;
  if (o?.payload) return `${String(o.payload.protocol)} ${String(o.payload.field)}`;
  if (o?.meta) return String(o.meta.key);
  if (o?.ct) return `ct ${String(o.ct.key)}`;
  if (o?.fib) return `fib ${(o.fib.flags as string[]).join(' . ')} ${String(o.fib.result)}`;
  return JSON.stringify(left);
}

function renderRight(right: Json, quoted: boolean): string {
  if (typeof right === 'string') return quoted ? quote(right) : right;
  if (typeof right === 'number') return String(right);
  if (Array.isArray(right)) return right.map((r) => renderRight(r, quoted)).join(',');
  const o = right as Record<string, Record<string, Json>>;
  if (o?.prefix) return `${String(o.prefix.addr)}/${String(o.prefix.len)}`;
  if (o?.set) return renderRight(o.set as unknown as Json[], quoted);
  return JSON.stringify(right);
}

function renderStatement(s: Record<string, Json>): string {
  const [key] = Object.keys(s);
  const v = s[key!] as Record<string, Json> | null;
  switch (key) {
    case 'match': {
      const left = renderLeft(v!.left!);
      const op = v!.op === '==' || v!.op === 'in' ? '' : `${String(v!.op)} `;
      return `${left} ${op}${renderRight(v!.right!, left === 'iifname' || left === 'oifname')}`;
    }
    case 'masquerade':
    case 'accept':
    case 'drop':
      return v === null ? key : `${key} ${JSON.stringify(v)}`;
    case 'dnat':
      return `dnat ${String(v!.family)} to ${String(v!.addr)}:${String(v!.port)}`;
    default:
      return JSON.stringify(s);
  }
}

/** `nft -j list table inet tshyve` output → chains with rules rendered as this file writes them. */
export function parseNftTable(text: string): NftChain[] {
  const doc = JSON.parse(text) as { nftables?: Record<string, Record<string, Json>>[] };
  if (!Array.isArray(doc.nftables)) throw new Error('expected {"nftables": [...]}');
  const chains = new Map<string, NftChain>();
  for (const item of doc.nftables) {
    if (item.chain) {
      const c = item.chain;
      chains.set(String(c.name), {
        name: String(c.name),
        type: String(c.type) as NftChain['type'],
        hook: String(c.hook) as NftChain['hook'],
        prio: Number(c.prio),
        rules: [],
        ...(c.policy !== undefined && c.policy !== 'accept' ? { policy: String(c.policy) } : {}),
      });
    }
    if (item.rule) {
      const r = item.rule;
      const chain = chains.get(String(r.chain));
      if (chain) chain.rules.push(((r.expr ?? []) as Record<string, Json>[]).map(renderStatement).join(' '));
    }
  }
  return [...chains.values()];
}
