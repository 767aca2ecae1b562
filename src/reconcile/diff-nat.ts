// Diff of the network services of NAT and DHCP bridges: a dnsmasq per DHCP bridge, the table
// `inet tshyve` (masquerade, forward accepts, port-forward DNAT), net.ipv4.ip_forward and the
// route_localnet of bridges with forwards to 127.0.0.1. Desired state against observation and inventory.
import { dnsmasqConfig, dnsmasqHosts, parseDnsmasqHosts, type DnsmasqFiles, type StaticLease } from '../host/dnsmasq-config.js';
import { emptyNetworkRequest, portKey, type NetworkObserveRequest, type ObservedNetwork } from '../host/network-observation.js';
import { desiredChains, isLoopback, nftScript, renderChains, type NatForward, type NatRules } from '../host/nft-ruleset.js';
import type { HostOperation } from '../host/operations.js';
import type { DesiredState, ResolvedBridge } from '../model/resolved.js';
import { inventoryKey, type Inventory, type InventoryEntry } from '../state/inventory.js';
import { bridgeServicePaths, DEFAULT_STATE_DIR, statePaths } from '../state/paths.js';
import { ownedEntry, type DiffContext } from './diff-context.js';
import type { Change } from './types.js';

export const IP_FORWARD = 'net.ipv4.ip_forward';
export const NFT_ID = 'inet tshyve';
const routeLocalnet = (ifname: string) => `net.ipv4.conf.${ifname}.route_localnet`;

export function serviceFiles(stateDir: string | undefined, bridge: string): DnsmasqFiles {
  const p = bridgeServicePaths(statePaths(stateDir ?? DEFAULT_STATE_DIR), bridge);
  return { dir: p.dir, config: p.config, hosts: p.hosts, leases: p.leases, pid: p.pid };
}

interface Forward extends NatForward {
  owner: string;
}

function forwardsOf(desired: DesiredState): Forward[] {
  const bridges = new Map(desired.bridges.map((b) => [b.meta.name, b]));
  return desired.vms.flatMap((vm) =>
    vm.nics.flatMap((nic, i) => {
      const bridge = nic.bridge ? bridges.get(nic.bridge) : undefined;
      if (!bridge || !nic.address) return [];
      return (nic.ports ?? []).map((p) => ({
        ...p,
        guestAddress: nic.address!,
        bridge: bridge.ifname,
        owner: `${vm.meta.name} nics[${i}]`,
      }));
    }),
  );
}

function staticLeases(desired: DesiredState, bridge: string): StaticLease[] {
  return desired.vms.flatMap((vm) =>
    vm.nics.flatMap((nic, i) =>
      nic.bridge === bridge && nic.address
        ? [{ mac: nic.mac, address: nic.address, hostname: i === 0 ? vm.meta.name : `${vm.meta.name}-nic${i}` }]
        : [],
    ),
  );
}

/** Sysctl keys and the value each needs. */
function desiredSysctls(desired: DesiredState): Map<string, string> {
  const out = new Map<string, string>();
  // Forwards for other hosts (not 127.x) are routed through the host as NAT traffic is.
  if (desired.bridges.some((b) => b.nat) || forwardsOf(desired).some((f) => !isLoopback(f.address))) out.set(IP_FORWARD, '1');
  for (const f of forwardsOf(desired)) if (isLoopback(f.address)) out.set(routeLocalnet(f.bridge), '1');
  return out;
}

const wantsTable = (desired: DesiredState) => desired.bridges.some((b) => b.nat) || forwardsOf(desired).length > 0;

/** Inventory keys of every service the desired state names (for destroy, and apply's keep-set). */
export function serviceKeys(desired: DesiredState, stateDir: string | undefined, netns?: string): string[] {
  return [
    ...desired.bridges.filter((b) => b.dhcp).map((b) => inventoryKey('dnsmasq', serviceFiles(stateDir, b.meta.name).dir, netns)),
    ...(wantsTable(desired) ? [inventoryKey('nftables', NFT_ID, netns)] : []),
    ...[...desiredSysctls(desired).keys()].map((k) => inventoryKey('sysctl', k, netns)),
  ];
}

const SERVICE_KINDS = new Set<InventoryEntry['kind']>(['dnsmasq', 'nftables', 'sysctl']);
export const isServiceEntry = (e: InventoryEntry) => SERVICE_KINDS.has(e.kind);

export function networkObserveRequest(desired: DesiredState, inventory: Inventory, stateDir?: string): NetworkObserveRequest | undefined {
  const r = emptyNetworkRequest();
  const dirs = new Map<string, DnsmasqFiles>();
  for (const b of desired.bridges) if (b.dhcp) dirs.set(serviceFiles(stateDir, b.meta.name).dir, serviceFiles(stateDir, b.meta.name));
  for (const e of inventory.entries) if (e.kind === 'dnsmasq') dirs.set(e.id, serviceFiles(stateDir, e.resource));
  r.dnsmasq = [...dirs.values()];
  r.nftables = wantsTable(desired) || inventory.entries.some((e) => e.kind === 'nftables');
  r.sysctls = [...new Set([...desiredSysctls(desired).keys(), ...inventory.entries.filter((e) => e.kind === 'sysctl').map((e) => e.id)])];
  r.defaultRoute = desired.bridges.some((b) => b.nat && b.nat.uplinks.length === 0);
  r.ports = forwardsOf(desired).map(({ protocol, address, host }) => ({ protocol, address, port: host }));
  const empty = !r.dnsmasq.length && !r.nftables && !r.sysctls.length && !r.defaultRoute && !r.ports.length;
  return empty ? undefined : r;
}

function record(
  ctx: DiffContext,
  kind: 'dnsmasq' | 'nftables' | 'sysctl',
  id: string,
  resource: string,
  extra: Partial<InventoryEntry> = {},
): InventoryEntry {
  const owned = ownedEntry(ctx, kind, id);
  return {
    kind,
    id,
    ...(ctx.observed.netns ? { netns: ctx.observed.netns } : {}),
    resource,
    origin: 'created',
    createdAt: owned?.createdAt ?? ctx.now,
    ...extra,
  };
}

const unobservable = (kind: Change['kind'], id: string, why: string): Change => ({
  kind,
  id,
  action: 'no-op',
  reasons: [],
  ops: [],
  undo: [],
  blocked: { code: 'unobservable', message: `${kind} ${id}: cannot observe it (${why}); not changing it` },
});

function leaseReasons(before: string, after: string): string[] {
  const [a, b] = [parseDnsmasqHosts(before), parseDnsmasqHosts(after)];
  return [
    ...[...b].filter(([mac, ip]) => a.get(mac) !== ip).map(([mac, ip]) => `static lease + ${mac} ${ip}`),
    ...[...a].filter(([mac, ip]) => b.get(mac) !== ip).map(([mac, ip]) => `static lease - ${mac} ${ip}`),
  ];
}

function diffDnsmasq(
  ctx: DiffContext,
  network: ObservedNetwork,
  desired: DesiredState,
  b: ResolvedBridge,
  bridgeState: BridgeState,
): Change {
  const files = serviceFiles(ctx.options.stateDir, b.meta.name);
  const dhcp = b.dhcp!;
  const base = { kind: 'dnsmasq' as const, id: b.ifname, resource: b.meta.name };
  if (bridgeState.blocked.has(b.ifname))
    return {
      ...base,
      action: 'no-op',
      reasons: [],
      ops: [],
      undo: [],
      blocked: { code: 'conflict', message: `dnsmasq of ${b.ifname} waits: its bridge is in conflict` },
    };
  const config = dnsmasqConfig(
    {
      bridge: b.meta.name,
      ifname: b.ifname,
      address: dhcp.address,
      prefixLength: dhcp.prefixLength,
      rangeStart: dhcp.rangeStart,
      rangeEnd: dhcp.rangeEnd,
      leaseSeconds: dhcp.leaseSeconds,
      dns: dhcp.dns,
      router: Boolean(b.nat),
    },
    files,
  );
  const leases = staticLeases(desired, b.meta.name);
  const hosts = dnsmasqHosts(leases);
  const seen = network.dnsmasq.get(files.dir) ?? { pids: [], leases: false };
  const owned = ownedEntry(ctx, 'dnsmasq', files.dir);
  const start: HostOperation = {
    op: 'dnsmasq.start',
    files,
    parentDir: statePaths(ctx.options.stateDir ?? DEFAULT_STATE_DIR).networksDir,
    config,
    hosts,
  };
  const undo: HostOperation[] = [
    { op: 'dnsmasq.stop-pidfile', files },
    { op: 'dnsmasq.remove-files', files },
  ];
  const rec = record(ctx, 'dnsmasq', files.dir, b.meta.name);
  const summary = `dhcp ${dhcp.rangeStart}-${dhcp.rangeEnd} on ${b.ifname}, ${leases.length} static lease${leases.length === 1 ? '' : 's'}`;
  if (seen.pids.length === 0)
    return {
      ...base,
      action: 'create',
      reasons: [...(owned ? ['not running (killed?): start again'] : []), summary],
      ops: [start],
      undo,
      record: rec,
    };
  const problems: string[] = [];
  if (seen.pids.length > 1) problems.push(`runs ${seen.pids.length} times (pids ${seen.pids.join(', ')})`);
  else if (seen.pidFile !== seen.pids[0])
    problems.push(seen.pidFile ? `pid file names ${seen.pidFile}, not ${seen.pids[0]}` : 'pid file missing');
  if (seen.config === undefined) problems.push('configuration file missing');
  else if (seen.config !== config) {
    const old = new Set(seen.config.split('\n'));
    problems.push(
      `configuration changed: ${
        config
          .split('\n')
          .filter((l) => l && !l.startsWith('#') && !old.has(l))
          .join(', ') || 'lines removed'
      }`,
    );
  }
  if (seen.hosts === undefined) problems.push('static lease file missing');
  if (!seen.leases) problems.push('lease file missing');
  if (bridgeState.replaced.has(b.ifname)) problems.push('its bridge is recreated');
  if (problems.length)
    return { ...base, action: 'replace', reasons: problems, ops: [{ op: 'dnsmasq.stop', pids: seen.pids }, start], undo, record: rec };
  if (seen.hosts !== hosts)
    return {
      ...base,
      action: 'update',
      reasons: [...leaseReasons(seen.hosts ?? '', hosts), 'SIGHUP, no restart'],
      ops: [{ op: 'dnsmasq.reload', files, hosts, pid: seen.pids[0]! }],
      undo: [],
      record: rec,
    };
  return { ...base, action: 'no-op', reasons: [], ops: [], undo: [], ...(owned ? {} : { record: rec }) };
}

function natRules(ctx: DiffContext, network: ObservedNetwork, desired: DesiredState, changes: Change[]): NatRules | undefined {
  const masquerade: NatRules['masquerade'] = [];
  for (const b of desired.bridges) {
    if (!b.nat) continue;
    let uplinks = b.nat.uplinks;
    if (uplinks.length === 0) {
      const route = network.defaultRoute;
      if (!route.ok || !route.value) {
        changes.push({
          kind: 'nftables',
          id: NFT_ID,
          action: 'no-op',
          reasons: [],
          ops: [],
          undo: [],
          blocked: {
            code: 'refused',
            message: `bridge ${b.ifname}: NAT out of the default route, but ${route.ok ? 'the host has no IPv4 default route' : route.error}; name \`nat.uplinks\``,
          },
        });
        return undefined;
      }
      uplinks = [route.value];
    }
    masquerade.push({ subnet: b.nat.subnet, bridge: b.ifname, uplinks });
  }
  const forwards: NatForward[] = [];
  for (const f of forwardsOf(desired)) {
    const key = portKey({ protocol: f.protocol, address: f.address, port: f.host });
    const taken = network.ports.get(key);
    if (taken) {
      changes.push({
        kind: 'nftables',
        id: `port ${key}`,
        action: 'no-op',
        reasons: [],
        ops: [],
        undo: [],
        blocked: {
          code: 'refused',
          message: `host port ${key} for ${f.owner} is taken on this host (${taken}); free it or pick another \`host\` port`,
        },
      });
      continue;
    }
    const { owner: _owner, ...rule } = f;
    forwards.push(rule);
  }
  return { masquerade, forwards };
}

function ruleSummary(rules: NatRules): string[] {
  return [
    ...rules.masquerade.map((m) => `masquerade ${m.subnet} → ${m.uplinks.join(', ')}`),
    ...rules.forwards.map((f) => `forward ${f.protocol} ${f.address}:${f.host} → ${f.guestAddress}:${f.guest}`),
  ];
}

function diffNftables(ctx: DiffContext, network: ObservedNetwork, desired: DesiredState, changes: Change[]): void {
  if (!wantsTable(desired)) return;
  const rules = natRules(ctx, network, desired, changes);
  if (!rules) return;
  const chains = desiredChains(rules);
  const base = { kind: 'nftables' as const, id: NFT_ID };
  if (!network.nftables.ok) return void changes.push(unobservable('nftables', NFT_ID, network.nftables.error));
  const owned = ownedEntry(ctx, 'nftables', NFT_ID);
  const rec = record(ctx, 'nftables', NFT_ID, NFT_ID);
  const write: HostOperation = { op: 'nft.write', script: nftScript(chains) };
  const seen = network.nftables.value;
  if (!seen) {
    changes.push({
      ...base,
      action: 'create',
      reasons: [...(owned ? ['missing from the host (deleted by hand?)'] : []), ...ruleSummary(rules)],
      ops: [write],
      undo: [{ op: 'nft.delete' }],
      record: rec,
    });
    return;
  }
  const [want, have] = [renderChains(chains), renderChains(seen)];
  if (want.join('\n') === have.join('\n')) {
    changes.push({ ...base, action: 'no-op', reasons: [], ops: [], undo: [], ...(owned ? {} : { record: rec }) });
    return;
  }
  const added = want.filter((l) => !have.includes(l)).length;
  const removed = have.filter((l) => !want.includes(l)).length;
  changes.push({
    ...base,
    action: 'update',
    reasons: [`rewrite the table (${added} line${added === 1 ? '' : 's'} to add, ${removed} to remove)`, ...ruleSummary(rules)],
    ops: [write],
    undo: [],
    record: rec,
  });
}

function diffSysctls(ctx: DiffContext, network: ObservedNetwork, desired: DesiredState, changes: Change[]): void {
  const natBridges = desired.bridges.filter((b) => b.nat).map((b) => b.meta.name);
  for (const [key, want] of desiredSysctls(desired)) {
    const value = network.sysctls.get(key);
    const owned = ownedEntry(ctx, 'sysctl', key);
    const base = { kind: 'sysctl' as const, id: key, undo: [] };
    const why =
      key !== IP_FORWARD
        ? 'port forwards to 127.0.0.1'
        : natBridges.length
          ? `NAT bridge${natBridges.length > 1 ? 's' : ''} ${natBridges.join(', ')}`
          : 'port forwards from other hosts';
    if (value === want) {
      changes.push({ ...base, action: 'no-op', reasons: [`already ${want} (${why})`], ops: [] });
      continue;
    }
    changes.push({
      ...base,
      action: 'update',
      reasons: [`${value ?? 'unset'} → ${want} (${why})`],
      ops: [{ op: 'sysctl.set', key, value: want }],
      record: record(ctx, 'sysctl', key, key, { previous: owned?.previous ?? value ?? '0' }),
    });
  }
}

export interface BridgeState {
  blocked: Set<string>;
  replaced: Set<string>;
}

/** The changes for every network service the desired state needs (apply mode). */
export function diffNetworkServices(ctx: DiffContext, desired: DesiredState, bridges: BridgeState): Change[] {
  const network = ctx.observed.network;
  const changes: Change[] = [];
  if (!network) return changes;
  diffSysctls(ctx, network, desired, changes);
  for (const b of desired.bridges) if (b.dhcp) changes.push(diffDnsmasq(ctx, network, desired, b, bridges));
  diffNftables(ctx, network, desired, changes);
  return changes;
}

/** The change that removes an owned service no longer wanted; undefined when it cannot be told. */
export function diffServiceRemoval(ctx: DiffContext, entry: InventoryEntry, forget: string): Change | undefined {
  const network = ctx.observed.network;
  const reason = ctx.options.mode === 'destroy' ? 'destroy' : 'removed from the specs';
  const base = {
    kind: entry.kind as Change['kind'],
    id: entry.kind === 'dnsmasq' ? entry.resource : entry.id,
    resource: entry.resource,
    undo: [],
    forget,
  };
  const gone = { ...base, action: 'no-op' as const, reasons: ['already gone from the host: forget it'], ops: [] };
  if (!network) return undefined;
  if (!ctx.options.deletesAllowed) {
    ctx.notes.push(`${entry.kind} ${entry.id} is no longer wanted but deletes are skipped (observation incomplete or no manifests)`);
    return undefined;
  }
  if (entry.kind === 'dnsmasq') {
    const seen = network.dnsmasq.get(entry.id);
    if (!seen) return undefined;
    const files = serviceFiles(ctx.options.stateDir, entry.resource);
    if (seen.pids.length === 0 && seen.config === undefined && seen.hosts === undefined && !seen.leases) return gone;
    return {
      ...base,
      action: 'delete',
      reasons: [reason],
      ops: [
        { op: 'dnsmasq.stop', pids: seen.pids },
        { op: 'dnsmasq.remove-files', files },
      ],
    };
  }
  if (entry.kind === 'nftables') {
    if (!network.nftables.ok) {
      ctx.notes.push(`nftables table ${NFT_ID}: cannot observe it (${network.nftables.error}), not deleting`);
      return undefined;
    }
    if (!network.nftables.value) return gone;
    return { ...base, action: 'delete', reasons: [reason], ops: [{ op: 'nft.delete' }] };
  }
  const value = network.sysctls.get(entry.id);
  const previous = entry.previous ?? '0';
  if (value === undefined || value === previous)
    return {
      ...base,
      action: 'no-op',
      reasons: [value === undefined ? 'gone with its interface: forget it' : `already ${previous}`],
      ops: [],
    };
  return {
    ...base,
    action: 'delete',
    reasons: [`restore ${value} → ${previous} (${reason})`],
    ops: [{ op: 'sysctl.set', key: entry.id, value: previous }],
  };
}
