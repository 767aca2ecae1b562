// Pure diff and plan: given these observations, this inventory and these specs, exactly these
// steps and argv lists in this order.
import { describe, expect, it } from 'vitest';
import { formatPlan } from '../../src/reconcile/format-plan.js';
import { planFromObservation } from '../../src/reconcile/reconcile-host.js';
import type { Plan } from '../../src/reconcile/types.js';
import type { Inventory, InventoryEntry } from '../../src/state/inventory.js';
import { bridgeLink, linuxBackend, link, observation, specs, tapLink } from './helpers.js';

const HEADER = 'apiVersion: tshyve.dev/v1alpha1\n';
const bridge = (name: string, ifname: string, extra = '') =>
  `${HEADER}kind: Bridge\nmetadata: { name: ${name} }\nspec: { name: ${ifname}${extra} }\n`;
const tap = (name: string, ifname: string, extra = '') =>
  `${HEADER}kind: Tap\nmetadata: { name: ${name} }\nspec: { name: ${ifname}${extra} }\n`;
const fileVolume = (name: string, path: string, size: string, extra = '') =>
  `${HEADER}kind: Volume\nmetadata: { name: ${name} }\nspec: { size: ${size}, file: { path: ${path} }${extra} }\n`;
const docs = (...d: string[]) => d.join('---\n');

const created = (kind: InventoryEntry['kind'], id: string, resource: string, extra: Partial<InventoryEntry> = {}): InventoryEntry => ({
  kind,
  id,
  resource,
  origin: 'created',
  createdAt: 't',
  ...extra,
});
const inv = (...entries: InventoryEntry[]): Inventory => ({ version: 1, entries });

function plan(
  text: string,
  obs = observation(),
  inventory = inv(),
  opts: { mode?: 'apply' | 'destroy'; prune?: boolean; allowEmpty?: boolean; documentCount?: number } = {},
): Plan {
  const s = text ? specs(text) : { desired: { vms: [], bridges: [], taps: [], volumes: [], firmware: [] }, documentCount: 0 };
  return planFromObservation(
    {
      desired: s.desired,
      documentCount: opts.documentCount ?? s.documentCount,
      inventory,
      backend: linuxBackend,
      mode: opts.mode ?? 'apply',
      prune: opts.prune ?? false,
      allowEmpty: opts.allowEmpty ?? false,
    },
    obs,
  );
}
const argvs = (p: Plan) => p.steps.map((s) => s.commands.map((c) => c.argv.join(' ')));

describe('diff and plan', () => {
  it('creates bridge, tap and volume in that order with exact argv', () => {
    const p = plan(
      docs(
        fileVolume('disk', '/v/disk.img', '1MiB'),
        tap('t0', 'tap0', ', bridge: lan'),
        bridge('lan', 'tshbr0', ', mtu: 9000, addresses: [10.77.0.1/24]'),
      ),
    );
    expect(argvs(p)).toEqual([
      [
        'ip link add name tshbr0 type bridge',
        'ip link set dev tshbr0 mtu 9000 alias tshyve:bridge/lan up',
        'ip address add 10.77.0.1/24 dev tshbr0',
      ],
      ['ip tuntap add dev tap0 mode tap vnet_hdr', 'ip link set dev tap0 mtu 9000 alias tshyve:tap/t0 master tshbr0 up'],
      [
        'mkdir -p -- /v',
        'rm -f -- /v/.disk.img.tshyve-partial',
        'truncate --size >1048576 -- /v/.disk.img.tshyve-partial',
        'sync -- /v/.disk.img.tshyve-partial',
        'ln -T -- /v/.disk.img.tshyve-partial /v/disk.img',
        'rm -f -- /v/.disk.img.tshyve-partial',
        'sync -- /v',
      ],
    ]);
    expect(p.steps.map((s) => s.undo.map((c) => c.argv.join(' ')))).toEqual([
      ['ip link delete dev tshbr0'],
      ['ip link delete dev tap0'],
      ['rm -f -- /v/disk.img /v/.disk.img.tshyve-partial'],
    ]);
    expect(formatPlan(p)).toEqual([
      '+ bridge tshbr0 (lan)',
      '+ tap tap0 (t0)',
      '+ volume /v/disk.img (disk): 1MiB file',
      'Plan: 3 to add, 0 to change, 0 to destroy.',
    ]);
  });

  it('has no changes when the host matches and the inventory owns it', () => {
    const obs = observation({ links: [bridgeLink('tshbr0', { alias: 'tshyve:bridge/lan' }), tapLink('tap0', { master: 'tshbr0' })] });
    const p = plan(
      docs(bridge('lan', 'tshbr0'), tap('t0', 'tap0', ', bridge: lan')),
      obs,
      inv(created('bridge', 'tshbr0', 'lan'), created('tap', 'tap0', 't0')),
    );
    expect(p.steps).toEqual([]);
    expect(formatPlan(p)).toEqual(['No changes.']);
  });

  it('updates mtu and master in place, recreates a missing tap', () => {
    const obs = observation({ links: [bridgeLink('tshbr0', { mtu: 1500 }), tapLink('tap1', { master: undefined, up: false })] });
    const p = plan(
      docs(bridge('lan', 'tshbr0', ', mtu: 9000'), tap('t0', 'tap0', ', bridge: lan'), tap('t1', 'tap1', ', bridge: lan')),
      obs,
      inv(created('bridge', 'tshbr0', 'lan'), created('tap', 'tap0', 't0'), created('tap', 'tap1', 't1')),
    );
    expect(formatPlan(p)).toEqual([
      '~ bridge tshbr0 (lan): mtu 1500 → 9000',
      '+ tap tap0 (t0): missing from the host (deleted by hand?)',
      '~ tap tap1 (t1): mtu 1500 → 9000, master none → tshbr0, down → up',
      'Plan: 1 to add, 2 to change, 0 to destroy.',
    ]);
    expect(argvs(p)[2]).toEqual(['ip link set dev tap1 mtu 9000 master tshbr0 up']);
  });

  it('shows an unowned bridge as a conflict, blocks its taps, and adopts only when asked', () => {
    const obs = observation({ links: [bridgeLink('brhand')] });
    const p = plan(docs(bridge('lan', 'brhand'), tap('t0', 'tap0', ', bridge: lan')), obs);
    expect(p.steps).toEqual([]);
    expect(p.summary.blocked).toBe(2);
    expect(formatPlan(p)[0]).toMatch(/^! bridge brhand exists but tshyve did not create it; set `adopt: true`/);
    const adopted = plan(docs(bridge('lan', 'brhand', ', adopt: true'), tap('t0', 'tap0', ', bridge: lan')), obs);
    expect(adopted.summary).toEqual({ add: 1, change: 1, destroy: 0, blocked: 0 });
    expect(adopted.steps[0]!.commands).toEqual([]);
    expect(adopted.steps[0]!.change.record).toMatchObject({ kind: 'bridge', id: 'brhand', origin: 'adopted' });
  });

  it('deletes owned taps before owned bridges, never unowned ones; releases adopted ones', () => {
    const obs = observation({
      links: [bridgeLink('oldbr'), tapLink('old0', { master: 'oldbr' }), tapLink('handmade'), tapLink('adopted0')],
    });
    const p = plan(
      docs(bridge('lan', 'tshbr0')),
      obs,
      inv(created('bridge', 'oldbr', 'old'), created('tap', 'old0', 'o'), { ...created('tap', 'adopted0', 'a'), origin: 'adopted' }),
    );
    expect(p.changes.filter((c) => c.action === 'delete').map((c) => `${c.kind} ${c.id}`)).toEqual(['tap old0', 'bridge oldbr']);
    expect(argvs(p).slice(1)).toEqual([[], ['ip link delete dev old0'], ['ip link delete dev oldbr']]);
    expect(p.steps[1]!.change).toMatchObject({ id: 'adopted0', action: 'no-op', forget: 'tap::adopted0' });
    expect(formatPlan(p)).toContain('- tap old0 (o): removed from the specs');
  });

  it('deletes nothing when the directory has no manifests, unless --allow-empty', () => {
    const obs = observation({ links: [tapLink('old0')] });
    const inventory = inv(created('tap', 'old0', 'o'));
    const empty = plan('', obs, inventory);
    expect(empty.steps).toEqual([]);
    expect(empty.notes.join('\n')).toMatch(/no manifests/);
    expect(plan('', obs, inventory, { allowEmpty: true }).summary.destroy).toBe(1);
  });

  it('deletes nothing when observation was incomplete', () => {
    const obs = observation({ links: [tapLink('old0')] });
    obs.zfs = { ok: false, error: 'zfs list failed' };
    const p = plan(bridge('lan', 'tshbr0'), obs, inv(created('tap', 'old0', 'o')));
    expect(p.summary).toMatchObject({ add: 1, destroy: 0 });
    expect(p.deletesAllowed).toBe(false);
  });

  it('replaces a tap whose creation flags differ', () => {
    const obs = observation({ links: [tapLink('tap0')] });
    const p = plan(tap('t0', 'tap0', ', vnetHeader: false'), obs, inv(created('tap', 'tap0', 't0')));
    expect(formatPlan(p)[0]).toBe('-/+ tap tap0 (t0): vnet_hdr on, multi_queue off → vnet_hdr off, multi_queue off (set at creation only)');
    expect(argvs(p)[0]).toEqual([
      'ip link delete dev tap0',
      'ip tuntap add dev tap0 mode tap',
      'ip link set dev tap0 mtu 1500 alias tshyve:tap/t0 up',
    ]);
  });
});

it('replaces an owned bridge of the wrong kind and attaches its taps again', () => {
  const obs = observation({ links: [link('tshbr0', { kind: 'veth' }), tapLink('tap0', { master: 'tshbr0' })] });
  const p = plan(
    docs(bridge('lan', 'tshbr0'), tap('t0', 'tap0', ', bridge: lan')),
    obs,
    inv(created('bridge', 'tshbr0', 'lan'), created('tap', 'tap0', 't0')),
  );
  expect(formatPlan(p).slice(0, 2)).toEqual([
    '-/+ bridge tshbr0 (lan): is a veth, not a bridge',
    '~ tap tap0 (t0): attach again to recreated bridge tshbr0',
  ]);
  expect(argvs(p)[0]![0]).toBe('ip link delete dev tshbr0');
  expect(argvs(p)[1]).toEqual(['ip link set dev tap0 master tshbr0']);
});

describe('bridge members and addresses', () => {
  it('attaches uplinks, detaches only the ones tshyve attached, and converges addresses', () => {
    const obs = observation({
      links: [
        bridgeLink('tshbr0', { addresses: ['10.0.0.1/24', '10.9.9.9/24'] }),
        link('eth1'),
        link('eth2', { master: 'tshbr0' }),
        link('eth3', { master: 'tshbr0' }),
      ],
    });
    const inventory = inv(created('bridge', 'tshbr0', 'lan', { attachedMembers: ['eth2'] }));
    const p = plan(bridge('lan', 'tshbr0', ', members: [eth1], addresses: [10.0.0.1/24, 10.0.0.2/24]'), obs, inventory);
    expect(formatPlan(p)[0]).toBe('~ bridge tshbr0 (lan): address + 10.0.0.2/24, address - 10.9.9.9/24, member + eth1, member - eth2');
    expect(argvs(p)).toEqual([
      [
        'ip address add 10.0.0.2/24 dev tshbr0',
        'ip address delete 10.9.9.9/24 dev tshbr0',
        'ip link set dev eth1 master tshbr0',
        'ip link set dev eth2 nomaster',
      ],
    ]);
    expect(p.steps[0]!.change.record?.attachedMembers).toEqual(['eth1']);
  });
});

describe('volumes', () => {
  const MiB = 1048576;
  it('grows in place and refuses to shrink', () => {
    const inventory = inv(created('volume', '/v/d.img', 'd', { backend: 'file', reclaimPolicy: 'Retain' }));
    const grow = plan(fileVolume('d', '/v/d.img', '2MiB'), observation({ files: [{ path: '/v/d.img', sizeBytes: MiB }] }), inventory);
    expect(formatPlan(grow)[0]).toBe('~ volume /v/d.img (d): size 1MiB → 2MiB (grow in place)');
    expect(argvs(grow)).toEqual([['truncate --size >2097152 -- /v/d.img']]);
    const shrink = plan(fileVolume('d', '/v/d.img', '1MiB'), observation({ files: [{ path: '/v/d.img', sizeBytes: 2 * MiB }] }), inventory);
    expect(shrink.steps).toEqual([]);
    expect(shrink.changes[0]!.blocked).toMatchObject({ code: 'refused' });
    expect(formatPlan(shrink)[0]).toMatch(/shrinking 2MiB → 1MiB is refused/);
  });

  it('copies a source image only on creation', () => {
    const text = fileVolume('d', '/v/d.img', '1MiB', ', source: { image: /img/base.raw }');
    expect(argvs(plan(text))[0]).toContain('cp --sparse=always --reflink=auto -- /img/base.raw /v/.d.img.tshyve-partial');
    const existing = plan(
      text,
      observation({ files: [{ path: '/v/d.img', sizeBytes: MiB }] }),
      inv(created('volume', '/v/d.img', 'd', { backend: 'file', reclaimPolicy: 'Retain' })),
    );
    expect(existing.steps).toEqual([]);
  });

  it('keeps a removed volume unless reclaimPolicy Delete and --prune', () => {
    const obs = observation({ files: [{ path: '/v/d.img', sizeBytes: MiB }] });
    const retain = plan(
      bridge('lan', 'tshbr0'),
      obs,
      inv(created('volume', '/v/d.img', 'd', { backend: 'file', reclaimPolicy: 'Retain' })),
      { prune: true },
    );
    expect(retain.summary.destroy).toBe(0);
    expect(retain.notes.join('\n')).toMatch(/kept: reclaimPolicy Retain/);
    const del = inv(created('volume', '/v/d.img', 'd', { backend: 'file', reclaimPolicy: 'Delete' }));
    expect(plan(bridge('lan', 'tshbr0'), obs, del).summary.destroy).toBe(0);
    expect(argvs(plan(bridge('lan', 'tshbr0'), obs, del, { prune: true })).at(-1)).toEqual(['rm -f -- /v/d.img /v/.d.img.tshyve-partial']);
  });

  it('plans zfs volumes: create, grow with volsize, volmode; conflict on unowned', () => {
    const text = `${HEADER}kind: Volume\nmetadata: { name: web }\nspec: { size: 32GiB, zfs: { dataset: tank/vms/web, sparse: true } }\n`;
    expect(argvs(plan(text, observation({ zvols: [{ dataset: 'tank', type: 'filesystem' }] })))).toEqual([
      ['zfs create -p -s -V 34359738368 -o volmode=dev -o tshyve:resource=web tank/vms/web'],
    ]);
    const obs = observation({ zvols: [{ dataset: 'tank/vms/web', type: 'volume', sizeBytes: 17179869184, volmode: 'geom' }] });
    expect(plan(text, obs).changes[0]!.blocked?.code).toBe('conflict');
    const owned = plan(text, obs, inv(created('volume', 'tank/vms/web', 'web', { backend: 'zfs', reclaimPolicy: 'Retain' })));
    expect(argvs(owned)).toEqual([['zfs set volsize=34359738368 tank/vms/web', 'zfs set volmode=dev tank/vms/web']]);
  });
});

describe('destroy', () => {
  it('removes owned network resources the specs name, keeps volumes without --prune', () => {
    const obs = observation({
      links: [bridgeLink('tshbr0'), tapLink('tap0', { master: 'tshbr0' }), bridgeLink('other')],
      files: [{ path: '/v/d.img', sizeBytes: 1048576 }],
    });
    const inventory = inv(
      created('bridge', 'tshbr0', 'lan'),
      created('tap', 'tap0', 't0'),
      created('bridge', 'other', 'x'),
      created('volume', '/v/d.img', 'd', { backend: 'file', reclaimPolicy: 'Delete' }),
    );
    const p = plan(
      docs(bridge('lan', 'tshbr0'), tap('t0', 'tap0', ', bridge: lan'), fileVolume('d', '/v/d.img', '1MiB', ', reclaimPolicy: Delete')),
      obs,
      inventory,
      { mode: 'destroy' },
    );
    expect(argvs(p)).toEqual([['ip link delete dev tap0'], ['ip link delete dev tshbr0']]);
    expect(p.notes.join('\n')).toMatch(/pass --prune/);
  });
});

it('re-checks interface names on observed links', () => {
  const p = plan(bridge('lan', 'tshbr0'), observation({ links: [link('eth0')] }));
  expect(p.steps).toHaveLength(1);
});
