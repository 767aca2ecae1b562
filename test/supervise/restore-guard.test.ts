// The refusal to restore one snapshot twice over writable disks (supervise/restore-guard.ts), on real
// files: the identity of a snapshot (path, size, mtime, head hash) and which disks a second restore
// would fork (read-only disks and clones of a VolumeSnapshot, as the inventory records them, would not).
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import type { Inventory } from '../../src/state/inventory.js';
import { forkingDisks, readRestored, recordRestored, restoreTwiceProblem, snapshotIdentityOf } from '../../src/supervise/restore-guard.js';

const dir = mkdtempSync(join(tmpdir(), 'tshyve-restore-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vmWith(disks: string) {
  const r = loadSpecTexts([
    {
      file: 'vm.yaml',
      text: `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: web }
spec:
  cpus: 1
  memory: 64MiB
  firmware: { bootrom: { image: /x.bin } }
  disks: ${disks}
`,
    },
  ]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.state.vms[0]!;
}

const inventory = (entries: Inventory['entries'] = []): Inventory => ({ version: 1, entries });
const clone = (id: string): Inventory['entries'][number] => ({
  kind: 'volume',
  id,
  resource: 'c',
  origin: 'created',
  createdAt: '',
  backend: id.startsWith('/') ? 'file' : 'zfs',
  cloneOf: 'base@snap',
});

describe('restore guard', () => {
  const snapshot = join(dir, 'web.snapshot');
  writeFileSync(snapshot, Buffer.concat([Buffer.from('TSHYSNAP'), Buffer.alloc(100_000, 7)]));

  it('names the disks a second restore would fork', () => {
    expect(forkingDisks(vmWith('[{ path: /a.img }, { path: /b.iso, device: ahci-cd }]'), inventory())).toEqual(['disk 0 (/a.img)']);
    expect(forkingDisks(vmWith('[{ path: /a.img, options: { readOnly: true } }]'), inventory())).toEqual([]);
    expect(forkingDisks(vmWith('[{ path: /a.img }]'), inventory([clone('/a.img')]))).toEqual([]);
    expect(forkingDisks(vmWith('[{ path: /dev/zvol/tank/web }]'), inventory([clone('tank/web')]))).toEqual([]);
    expect(forkingDisks(vmWith('[{ path: /a.img }]'), inventory([{ ...clone('/a.img'), cloneOf: undefined }]))).toEqual([
      'disk 0 (/a.img)',
    ]);
  });

  it('refuses only a repeat of a recorded restore, and only over writable disks', async () => {
    const vmDir = join(dir, 'vm');
    const vm = vmWith('[{ path: /a.img }]');
    const id = snapshotIdentityOf(snapshot);
    expect(id).toMatchObject({ path: snapshot, bytes: 100_008 });
    expect(restoreTwiceProblem(vm, dir, id, inventory())).toBeUndefined(); // never restored
    await recordRestored(dir, id);
    expect(statSync(join(dir, 'restored-snapshots.json')).mode & 0o777).toBe(0o600);
    expect(restoreTwiceProblem(vm, dir, id, inventory())).toContain(
      `web was already started from the snapshot ${snapshot} (same size, mtime and header), and its disk 0 (/a.img) is writable`,
    );
    expect(restoreTwiceProblem(vm, dir, id, inventory([clone('/a.img')]))).toBeUndefined();
    expect(restoreTwiceProblem(vm, vmDir, id, inventory())).toBeUndefined(); // another VM's record
    // A new snapshot in the same place is another snapshot.
    utimesSync(snapshot, new Date(), new Date(Date.now() + 5000));
    expect(restoreTwiceProblem(vm, dir, snapshotIdentityOf(snapshot), inventory())).toBeUndefined();
  });

  it('keeps a bounded record', async () => {
    for (let i = 0; i < 40; i++) await recordRestored(dir, { path: `/s${i}`, bytes: i, mtimeMs: i, headSha256: 'x' });
    expect(readRestored(dir).length).toBe(32);
    expect(readRestored(dir).at(-1)!.path).toBe('/s39');
  });
});
