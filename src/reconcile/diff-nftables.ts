// Diff of the table `inet tshyve`: the rules the desired state needs (uplinks resolved through the
// default route, forwards whose host port is taken refused) against the listing; any difference
// rewrites the whole table.
import { portKey, type ObservedNetwork } from '../host/network-observation.js';
import { desiredChains, nftScript, renderChains, type NatForward, type NatRules } from '../host/nft-ruleset.js';
import type { HostOperation } from '../host/operations.js';
import type { DesiredState } from '../model/resolved.js';
import { ownedEntry, type DiffContext } from './diff-context.js';
import { forwardsOf, NFT_ID, serviceRecord, unobservable, wantsTable } from './network-services.js';
import type { Change } from './types.js';

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

export function diffNftables(ctx: DiffContext, network: ObservedNetwork, desired: DesiredState, changes: Change[]): void {
  if (!wantsTable(desired)) return;
  const rules = natRules(ctx, network, desired, changes);
  if (!rules) return;
  const chains = desiredChains(rules);
  const base = { kind: 'nftables' as const, id: NFT_ID };
  if (!network.nftables.ok) return void changes.push(unobservable('nftables', NFT_ID, network.nftables.error));
  const owned = ownedEntry(ctx, 'nftables', NFT_ID);
  const rec = serviceRecord(ctx, 'nftables', NFT_ID, NFT_ID);
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
