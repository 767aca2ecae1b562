// Diff of the sysctls network services need (ip_forward, route_localnet): set when they differ,
// remembering the value found so that removing the last user restores it.
import type { ObservedNetwork } from '../host/network-observation.js';
import type { DesiredState } from '../model/resolved.js';
import { ownedEntry, type DiffContext } from './diff-context.js';
import { desiredSysctls, IP_FORWARD, serviceRecord } from './network-services.js';
import type { Change } from './types.js';

export function diffSysctls(ctx: DiffContext, network: ObservedNetwork, desired: DesiredState, changes: Change[]): void {
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
      record: serviceRecord(ctx, 'sysctl', key, key, { previous: owned?.previous ?? value ?? '0' }),
    });
  }
}
