// What the network services of a desired state are, without looking at the host: each DHCP bridge's
// dnsmasq files and static leases, the port forwards, the sysctls they need, their inventory keys and
// what to observe. Shared by the diffs of dnsmasq, nftables and sysctls.
import type { DnsmasqFiles, StaticLease } from '../host/dnsmasq-config.js';
import { emptyNetworkRequest, type NetworkObserveRequest } from '../host/network-observation.js';
import { isLoopback, type NatForward } from '../host/nft-ruleset.js';
import type { DesiredState } from '../model/resolved.js';
import { inventoryKey, type Inventory, type InventoryEntry } from '../state/inventory.js';
import { bridgeServicePaths, DEFAULT_STATE_DIR, statePaths } from '../state/paths.js';
import { ownedEntry, type DiffContext } from './diff-context.js';
import type { Change } from './types.js';

export const IP_FORWARD = 'net.ipv4.ip_forward';
export const NFT_ID = 'inet tshyve';
export const routeLocalnet = (ifname: string) => `net.ipv4.conf.${ifname}.route_localnet`;

export function serviceFiles(stateDir: string | undefined, bridge: string): DnsmasqFiles {
  const p = bridgeServicePaths(statePaths(stateDir ?? DEFAULT_STATE_DIR), bridge);
  return { dir: p.dir, config: p.config, hosts: p.hosts, leases: p.leases, pid: p.pid };
}

export interface Forward extends NatForward {
  owner: string;
}

export function forwardsOf(desired: DesiredState): Forward[] {
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

export function staticLeases(desired: DesiredState, bridge: string): StaticLease[] {
  return desired.vms.flatMap((vm) =>
    vm.nics.flatMap((nic, i) =>
      nic.bridge === bridge && nic.address
        ? [{ mac: nic.mac, address: nic.address, hostname: i === 0 ? vm.meta.name : `${vm.meta.name}-nic${i}` }]
        : [],
    ),
  );
}

/** Sysctl keys and the value each needs. */
export function desiredSysctls(desired: DesiredState): Map<string, string> {
  const out = new Map<string, string>();
  // Forwards for other hosts (not 127.x) are routed through the host as NAT traffic is.
  if (desired.bridges.some((b) => b.nat) || forwardsOf(desired).some((f) => !isLoopback(f.address))) out.set(IP_FORWARD, '1');
  for (const f of forwardsOf(desired)) if (isLoopback(f.address)) out.set(routeLocalnet(f.bridge), '1');
  return out;
}

export const wantsTable = (desired: DesiredState) => desired.bridges.some((b) => b.nat) || forwardsOf(desired).length > 0;

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

export function serviceRecord(
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

export const unobservable = (kind: Change['kind'], id: string, why: string): Change => ({
  kind,
  id,
  action: 'no-op',
  reasons: [],
  ops: [],
  undo: [],
  blocked: { code: 'unobservable', message: `${kind} ${id}: cannot observe it (${why}); not changing it` },
});
