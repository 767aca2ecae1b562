// The network services of NAT and DHCP bridges as one diff step: sysctls, a dnsmasq per DHCP bridge,
// the table `inet tshyve`; and the removal of those no longer wanted (stop, delete, restore).
import type { InventoryEntry } from '../state/inventory.js';
import type { DiffContext } from './diff-context.js';
import { diffDnsmasq, type BridgeState } from './diff-dnsmasq.js';
import { diffNftables } from './diff-nftables.js';
import { diffSysctls } from './diff-sysctl.js';
import { NFT_ID, serviceFiles } from './network-services.js';
import type { DesiredState } from '../model/resolved.js';
import type { Change } from './types.js';

export { isServiceEntry, networkObserveRequest, serviceFiles, serviceKeys } from './network-services.js';

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
