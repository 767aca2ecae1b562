// Volume snapshots and clones in the pure plan: ZFS and file commands, the volume → snapshot →
// clone order (and its reverse for deletes), immutability, conflicts and reclaim policy.
import { describe, expect, it } from 'vitest';
import { formatPlan } from '../../src/reconcile/format-plan.js';
import { planFromObservation } from '../../src/reconcile/reconcile-host.js';
import type { Plan } from '../../src/reconcile/types.js';
import type { Inventory, InventoryEntry } from '../../src/state/inventory.js';
import { linuxBackend, observation, specs } from './helpers.js';

const H = 'apiVersion: tshyve.dev/v1alpha1\n';
const zvol = (name: string, dataset: string, size = '1G', extra = '') =>
  `${H}kind: Volume\nmetadata: { name: ${name} }\nspec: { size: ${size}, zfs: { dataset: ${dataset} }${extra} }\n`;
const fileVol = (name: string, path: string, size = '1MiB', extra = '') =>
  `${H}kind: Volume\nmetadata: { name: ${name} }\nspec: { size: ${size}, file: { path: ${path} }${extra} }\n`;
const snap = (name: string, volume: string, extra = '') =>
  `${H}kind: VolumeSnapshot\nmetadata: { name: ${name} }\nspec: { volume: ${volume}${extra} }\n`;
const docs = (...d: string[]) => d.join('---\n');
const entry = (kind: InventoryEntry['kind'], id: string, resource: string, extra: Partial<InventoryEntry> = {}): InventoryEntry => ({
  kind,
  id,
  resource,
  origin: 'created',
  createdAt: 't',
  reclaimPolicy: 'Retain',
  ...extra,
});

function plan(text: string, obs = observation(), entries: InventoryEntry[] = [], prune = false): Plan {
  const s = specs(text);
  const inventory: Inventory = { version: 1, entries };
  return planFromObservation(
    { desired: s.desired, documentCount: s.documentCount, inventory, backend: linuxBackend, mode: 'apply', prune },
    obs,
  );
}
const argvs = (p: Plan) => p.steps.map((s) => s.commands.map((c) => c.argv.join(' ')));

describe('volume snapshots', () => {
  it('takes a zvol snapshot after the volume and clones it after the snapshot, whatever the file order', () => {
    const p = plan(docs(zvol('copy', 'tank/copy', '2G', ', source: { snapshot: base }'), snap('base', 'data'), zvol('data', 'tank/data')));
    expect(argvs(p)).toEqual([
      ['zfs create -p -V 1073741824 -o volmode=dev -o tshyve:resource=data tank/data'],
      ['zfs snapshot -o tshyve:resource=base tank/data@base'],
      ['zfs clone -p -o volmode=dev -o tshyve:resource=copy tank/data@base tank/copy', 'zfs set volsize=2147483648 tank/copy'],
    ]);
    expect(formatPlan(p).join('\n')).toContain('+ volume tank/copy (copy): 2GiB zfs, zfs clone of tank/data@base (snapshot base)');
    expect(p.steps[1]!.change.record).toMatchObject({ kind: 'snapshot', id: 'tank/data@base', backend: 'zfs', reclaimPolicy: 'Retain' });
    expect(p.steps[2]!.change.record).toMatchObject({ kind: 'volume', id: 'tank/copy', cloneOf: 'tank/data@base' });
  });

  it('copies a file volume read-only beside it, and says how the filesystem copies', () => {
    const obs = observation({ files: [{ path: '/v/data.img', sizeBytes: 1 << 20 }] });
    obs.filesystems = new Map([['/v', 'ext4']]);
    const p = plan(docs(fileVol('data', '/v/data.img'), snap('s1', 'data')), obs, [
      entry('volume', '/v/data.img', 'data', { backend: 'file' }),
    ]);
    expect(argvs(p)).toEqual([
      [
        'mkdir -p -- /v',
        'rm -f -- /v/.data.img@s1.tshyve-partial',
        'cp --sparse=always --reflink=auto -- /v/data.img /v/.data.img@s1.tshyve-partial',
        'chmod 0400 -- /v/.data.img@s1.tshyve-partial',
        'sync -- /v/.data.img@s1.tshyve-partial',
        'ln -T -- /v/.data.img@s1.tshyve-partial /v/data.img@s1',
        'rm -f -- /v/.data.img@s1.tshyve-partial',
        'sync -- /v',
      ],
    ]);
    expect(formatPlan(p).join('\n')).toContain('+ snapshot /v/data.img@s1 (s1): of volume data, full sparse copy (ext4 has no reflinks)');
  });

  it('says a snapshot of a volume a VM writes is crash-consistent only', () => {
    const vm = `${H}kind: VirtualMachine\nmetadata: { name: web }\nspec: { cpus: 1, memory: 256MiB, firmware: { linux: { kernel: /boot/vmlinuz } }, disks: [{ volume: data }] }\n`;
    const p = plan(docs(fileVol('data', '/v/data.img'), snap('s1', 'data'), vm));
    expect(p.notes.join('\n')).toContain('snapshot /v/data.img@s1: crash-consistent only if vm web is running when it is taken');
  });

  it('never changes a snapshot it owns, and takes a hand-deleted one again', () => {
    const text = docs(zvol('data', 'tank/data'), snap('s1', 'data'));
    const owned = [entry('volume', 'tank/data', 'data', { backend: 'zfs' }), entry('snapshot', 'tank/data@s1', 's1', { backend: 'zfs' })];
    const both = observation({
      zvols: [
        { dataset: 'tank/data', type: 'volume', sizeBytes: 1 << 30, volmode: 'dev' },
        { dataset: 'tank/data@s1', type: 'snapshot' },
      ],
    });
    expect(plan(text, both, owned).steps).toEqual([]);
    const gone = observation({ zvols: [{ dataset: 'tank/data', type: 'volume', sizeBytes: 1 << 30, volmode: 'dev' }] });
    expect(formatPlan(plan(text, gone, owned)).join('\n')).toContain(
      '+ snapshot tank/data@s1 (s1): missing from the host (deleted by hand?)',
    );
  });

  it('refuses a snapshot it did not take', () => {
    const obs = observation({
      zvols: [
        { dataset: 'tank/data', type: 'volume', sizeBytes: 1 << 30, volmode: 'dev' },
        { dataset: 'tank/data@s1', type: 'snapshot' },
      ],
    });
    const p = plan(docs(zvol('data', 'tank/data'), snap('s1', 'data')), obs, [entry('volume', 'tank/data', 'data', { backend: 'zfs' })]);
    expect(p.summary.blocked).toBe(1);
    expect(formatPlan(p).join('\n')).toContain('! snapshot tank/data@s1 exists but tshyve did not take it');
  });

  it('keeps a removed snapshot unless its policy is Delete and --prune is given, and deletes clones before snapshots', () => {
    const obs = observation({
      zvols: [
        { dataset: 'tank/data', type: 'volume', sizeBytes: 1 << 30, volmode: 'dev' },
        { dataset: 'tank/data@s1', type: 'snapshot' },
        { dataset: 'tank/copy', type: 'volume', sizeBytes: 1 << 30, volmode: 'dev' },
      ],
    });
    const owned = (policy: 'Retain' | 'Delete') => [
      entry('volume', 'tank/data', 'data', { backend: 'zfs' }),
      entry('snapshot', 'tank/data@s1', 's1', { backend: 'zfs', reclaimPolicy: policy }),
      entry('volume', 'tank/copy', 'copy', { backend: 'zfs', reclaimPolicy: 'Delete', cloneOf: 'tank/data@s1' }),
    ];
    const kept = plan(zvol('data', 'tank/data'), obs, owned('Retain'), true);
    expect(argvs(kept)).toEqual([['zfs destroy tank/copy']]);
    expect(kept.notes.join('\n')).toContain('snapshot tank/data@s1 (s1) is kept: reclaimPolicy Retain');
    const pruned = plan(zvol('data', 'tank/data'), obs, owned('Delete'), true);
    expect(argvs(pruned)).toEqual([['zfs destroy tank/copy'], ['zfs destroy tank/data@s1']]);
  });
});
