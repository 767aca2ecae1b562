// Diff of bridges and taps: desired (resolved specs) against `ip link` observations and the
// inventory. Produces create/update/replace/no-op changes or blocked conflicts; deletes are in diff.ts.
import type { ObservedLink } from '../host/observation.js';
import { ownershipAlias, type HostOperation } from '../host/operations.js';
import type { ResolvedBridge, ResolvedTap } from '../model/resolved.js';
import type { InventoryEntry } from '../state/inventory.js';
import { conflictMessage, ownedEntry, type DiffContext } from './diff-context.js';
import type { Change } from './types.js';

function entry(
  ctx: DiffContext,
  kind: 'bridge' | 'tap',
  ifname: string,
  resource: string,
  origin: InventoryEntry['origin'],
  extra: Partial<InventoryEntry> = {},
): InventoryEntry {
  return { kind, id: ifname, ...(ctx.observed.netns ? { netns: ctx.observed.netns } : {}), resource, origin, createdAt: ctx.now, ...extra };
}

function sameEntry(a: InventoryEntry | undefined, b: InventoryEntry): boolean {
  return (
    !!a &&
    a.resource === b.resource &&
    a.origin === b.origin &&
    JSON.stringify(a.attachedMembers ?? []) === JSON.stringify(b.attachedMembers ?? [])
  );
}

function createBridge(ctx: DiffContext, b: ResolvedBridge, reason?: string): Change {
  return {
    kind: 'bridge',
    id: b.ifname,
    resource: b.meta.name,
    action: 'create',
    reasons: reason ? [reason] : [],
    ops: [
      { op: 'bridge.create', ifname: b.ifname, mtu: b.mtu, alias: ownershipAlias('bridge', b.meta.name) },
      ...b.addresses.map((address): HostOperation => ({ op: 'addr.add', ifname: b.ifname, address })),
      ...b.members.map((m): HostOperation => ({ op: 'link.set', ifname: m, master: b.ifname })),
    ],
    undo: [{ op: 'link.delete', ifname: b.ifname }],
    record: entry(ctx, 'bridge', b.ifname, b.meta.name, 'created', b.members.length ? { attachedMembers: [...b.members] } : {}),
  };
}

export function diffBridge(ctx: DiffContext, b: ResolvedBridge): Change {
  const owned = ownedEntry(ctx, 'bridge', b.ifname);
  const link = ctx.links.get(b.ifname);
  const base = { kind: 'bridge' as const, id: b.ifname, resource: b.meta.name, undo: [] };
  if (!link) return createBridge(ctx, b, owned ? 'missing from the host (deleted by hand?)' : undefined);
  if (!owned && !b.adopt)
    return {
      ...base,
      action: 'no-op',
      reasons: [],
      ops: [],
      blocked: { code: 'conflict', message: conflictMessage('bridge', b.ifname, link.alias) },
    };
  if (link.kind !== 'bridge') {
    if (!owned)
      return {
        ...base,
        action: 'no-op',
        reasons: [],
        ops: [],
        blocked: {
          code: 'conflict',
          message: `bridge ${b.ifname}: the existing interface is a ${link.kind ?? 'plain device'}, not a bridge; adopt cannot change that`,
        },
      };
    const created = createBridge(ctx, b, `is a ${link.kind ?? 'plain device'}, not a bridge`);
    return { ...created, action: 'replace', ops: [{ op: 'link.delete', ifname: b.ifname }, ...created.ops] };
  }
  const reasons: string[] = [];
  const ops: HostOperation[] = [];
  const set: { mtu?: number; up?: boolean } = {};
  if (link.mtu !== b.mtu) {
    set.mtu = b.mtu;
    reasons.push(`mtu ${link.mtu} → ${b.mtu}`);
  }
  if (!link.up) {
    set.up = true;
    reasons.push('down → up');
  }
  if (Object.keys(set).length) ops.push({ op: 'link.set', ifname: b.ifname, ...set });
  for (const a of b.addresses)
    if (!link.addresses.includes(a)) {
      ops.push({ op: 'addr.add', ifname: b.ifname, address: a });
      reasons.push(`address + ${a}`);
    }
  // Extra addresses are removed only from a bridge tshyve created; an adopted one keeps its own.
  if (owned?.origin === 'created')
    for (const a of link.addresses)
      if (!b.addresses.includes(a)) {
        ops.push({ op: 'addr.delete', ifname: b.ifname, address: a });
        reasons.push(`address - ${a}`);
      }
  const attached = new Set(owned?.attachedMembers ?? []);
  for (const m of b.members) {
    const member = ctx.links.get(m);
    if (member?.master !== b.ifname) {
      ops.push({ op: 'link.set', ifname: m, master: b.ifname });
      reasons.push(`member + ${m}`);
    }
    attached.add(m);
  }
  for (const m of owned?.attachedMembers ?? []) {
    if (b.members.includes(m)) continue;
    attached.delete(m);
    if (ctx.links.get(m)?.master === b.ifname) {
      ops.push({ op: 'link.set', ifname: m, master: null });
      reasons.push(`member - ${m}`);
    }
  }
  const record = entry(
    ctx,
    'bridge',
    b.ifname,
    b.meta.name,
    owned?.origin ?? 'adopted',
    attached.size ? { attachedMembers: [...attached].sort() } : {},
  );
  if (owned) record.createdAt = owned.createdAt;
  if (!owned) reasons.unshift('adopt existing bridge');
  const changed = ops.length > 0 || !owned;
  return { ...base, action: changed ? 'update' : 'no-op', reasons, ops, ...(sameEntry(owned, record) ? {} : { record }) };
}

function tapFlags(vnetHeader: boolean, multiQueue: boolean): string {
  return `vnet_hdr ${vnetHeader ? 'on' : 'off'}, multi_queue ${multiQueue ? 'on' : 'off'}`;
}

function createTap(ctx: DiffContext, t: ResolvedTap, reason?: string): Change {
  return {
    kind: 'tap',
    id: t.ifname,
    resource: t.meta.name,
    action: 'create',
    reasons: reason ? [reason] : [],
    ops: [
      {
        op: 'tap.create',
        ifname: t.ifname,
        mtu: t.mtu,
        alias: ownershipAlias('tap', t.meta.name),
        vnetHeader: t.vnetHeader,
        multiQueue: t.multiQueue,
        ...(t.bridgeIfname ? { master: t.bridgeIfname } : {}),
      },
    ],
    undo: [{ op: 'link.delete', ifname: t.ifname }],
    record: entry(ctx, 'tap', t.ifname, t.meta.name, 'created'),
  };
}

/**
 * @param blockedBridges bridge ifnames whose change is blocked: a tap on one is blocked too.
 * @param replacedBridges bridge ifnames being recreated: their taps must be attached again.
 */
export function diffTap(ctx: DiffContext, t: ResolvedTap, blockedBridges: Set<string>, replacedBridges: Set<string>): Change {
  const base = { kind: 'tap' as const, id: t.ifname, resource: t.meta.name, undo: [] };
  if (t.bridgeIfname && blockedBridges.has(t.bridgeIfname))
    return {
      ...base,
      action: 'no-op',
      reasons: [],
      ops: [],
      blocked: { code: 'conflict', message: `tap ${t.ifname} waits: its bridge ${t.bridgeIfname} is in conflict` },
    };
  const owned = ownedEntry(ctx, 'tap', t.ifname);
  const link: ObservedLink | undefined = ctx.links.get(t.ifname);
  if (!link) return createTap(ctx, t, owned ? 'missing from the host (deleted by hand?)' : undefined);
  if (!owned && !t.adopt)
    return {
      ...base,
      action: 'no-op',
      reasons: [],
      ops: [],
      blocked: { code: 'conflict', message: conflictMessage('tap', t.ifname, link.alias) },
    };
  const isTap = link.kind === 'tun' && link.tun?.type === 'tap';
  const flagsDiffer = isTap && (link.tun!.vnetHeader !== t.vnetHeader || link.tun!.multiQueue !== t.multiQueue);
  if (!isTap || flagsDiffer) {
    const why = !isTap
      ? `is a ${link.kind ?? 'plain device'}, not a tap`
      : `${tapFlags(link.tun!.vnetHeader, link.tun!.multiQueue)} → ${tapFlags(t.vnetHeader, t.multiQueue)} (set at creation only)`;
    if (owned?.origin !== 'created')
      return {
        ...base,
        action: 'no-op',
        reasons: [],
        ops: [],
        blocked: { code: 'conflict', message: `tap ${t.ifname} ${why}; tshyve recreates only taps it created` },
      };
    const created = createTap(ctx, t, why);
    return { ...created, action: 'replace', ops: [{ op: 'link.delete', ifname: t.ifname }, ...created.ops] };
  }
  const reasons: string[] = [];
  const set: { mtu?: number; master?: string | null; up?: boolean } = {};
  if (link.mtu !== t.mtu) {
    set.mtu = t.mtu;
    reasons.push(`mtu ${link.mtu} → ${t.mtu}`);
  }
  const wantMaster = t.bridgeIfname;
  if ((link.master ?? undefined) !== wantMaster) {
    set.master = wantMaster ?? null;
    reasons.push(`master ${link.master ?? 'none'} → ${wantMaster ?? 'none'}`);
  } else if (wantMaster && replacedBridges.has(wantMaster)) {
    set.master = wantMaster;
    reasons.push(`attach again to recreated bridge ${wantMaster}`);
  }
  if (!link.up) {
    set.up = true;
    reasons.push('down → up');
  }
  const ops: HostOperation[] = Object.keys(set).length ? [{ op: 'link.set', ifname: t.ifname, ...set }] : [];
  const record = entry(ctx, 'tap', t.ifname, t.meta.name, owned?.origin ?? 'adopted');
  if (owned) record.createdAt = owned.createdAt;
  if (!owned) reasons.unshift('adopt existing tap');
  return { ...base, action: ops.length > 0 || !owned ? 'update' : 'no-op', reasons, ops, ...(sameEntry(owned, record) ? {} : { record }) };
}
