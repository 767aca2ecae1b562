// Integration: the real `tshyve apply` takes a file volume's snapshot (a read-only copy made with
// cp --reflink=auto beside it) and clones a volume from it, in a temp directory; the snapshot keeps
// the data of the moment it was taken, and goes only by its own reclaim policy.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const H = 'apiVersion: tshyve.dev/v1alpha1\n';
const root = mkdtempSync(join(tmpdir(), 'tshyve-snap-'));
const specDir = join(root, 'specs');
const stateDir = join(root, 'state');
const data = join(root, 'volumes', 'data.img');
const snapshot = `${data}@before`;
const copy = join(root, 'volumes', 'copy.img');

const volume = (name: string, path: string, size: string, extra = '') =>
  `${H}kind: Volume\nmetadata: { name: ${name} }\nspec: { size: ${size}, file: { path: ${path} }${extra} }\n`;
const snap = (extra = '') => `${H}kind: VolumeSnapshot\nmetadata: { name: before }\nspec: { volume: data${extra} }\n`;

function writeSpecs(...docs: string[]): void {
  rmSync(specDir, { recursive: true, force: true });
  mkdirSync(specDir, { recursive: true });
  writeFileSync(join(specDir, 'volumes.yaml'), docs.join('---\n'));
}

async function tshyve(...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main([...args, specDir, '--state-dir', stateDir], { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, out: out.join('\n') };
}

const head = (path: string, n: number) => readFileSync(path).subarray(0, n).toString();
const inventory = () => JSON.parse(readFileSync(join(stateDir, 'inventory.json'), 'utf8')).entries as { kind: string; id: string }[];

describe('volume snapshots and clones on files', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('takes a read-only snapshot that keeps the data of its moment', async () => {
    writeSpecs(volume('data', data, '8MiB'));
    expect((await tshyve('apply')).code).toBe(0);
    writeFileSync(data, 'VERSION-1', { flag: 'r+' });
    writeSpecs(volume('data', data, '8MiB'), snap());
    const planned = await tshyve('plan');
    expect(planned.out).toMatch(new RegExp(`\\+ snapshot ${snapshot} \\(before\\): of volume data, (reflink|full sparse|block clone)`));
    const applied = await tshyve('apply');
    expect(applied.code).toBe(0);
    expect(statSync(snapshot).mode & 0o777).toBe(0o400);
    expect(statSync(snapshot).size).toBe(8 * 1024 * 1024);
    expect(head(snapshot, 9)).toBe('VERSION-1');
    writeFileSync(data, 'VERSION-2', { flag: 'r+' });
    expect((await tshyve('apply')).out).toBe('No changes.');
    expect(head(snapshot, 9)).toBe('VERSION-1');
    expect(inventory()).toContainEqual(expect.objectContaining({ kind: 'snapshot', id: snapshot }));
  });

  it('clones a larger volume from the snapshot, not from the volume as it is now', async () => {
    writeSpecs(volume('data', data, '8MiB'), snap(), volume('copy', copy, '16MiB', ', source: { snapshot: before }'));
    const r = await tshyve('apply');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`+ volume ${copy} (copy): 16MiB file, from snapshot before (${snapshot})`);
    expect(statSync(copy).size).toBe(16 * 1024 * 1024);
    expect(head(copy, 9)).toBe('VERSION-1');
    expect(statSync(copy).mode & 0o200).toBe(0o200);
  });

  it('takes a snapshot deleted by hand again, from the volume as it is now', async () => {
    unlinkSync(snapshot);
    const r = await tshyve('apply');
    expect(r.out).toContain('missing from the host (deleted by hand?)');
    expect(head(snapshot, 9)).toBe('VERSION-2');
  });

  it('keeps a removed Retain snapshot, and deletes a Delete one only with --prune; the clone outlives it', async () => {
    writeSpecs(volume('data', data, '8MiB'), volume('copy', copy, '16MiB', ', source: { snapshot: before }'));
    const removed = await tshyve('apply', '--prune');
    expect(removed.code).toBe(0);
    expect(removed.out).toContain('warning: VolumeSnapshot `before` is not defined (the volume cannot be made without it)');
    expect(removed.out).toMatch(/note: snapshot .*@before \(before\) is kept: reclaimPolicy Retain/);
    expect(existsSync(snapshot)).toBe(true);
    writeSpecs(volume('data', data, '8MiB'), snap(', reclaimPolicy: Delete'));
    await tshyve('apply');
    writeSpecs(volume('data', data, '8MiB'));
    expect(existsSync(snapshot)).toBe(true);
    const pruned = await tshyve('apply', '--prune');
    expect(pruned.out).toContain(`- snapshot ${snapshot} (before): removed from the specs`);
    expect(existsSync(snapshot)).toBe(false);
    expect(existsSync(copy)).toBe(true);
  });

  it('refuses a file at the snapshot path that tshyve did not make', async () => {
    writeFileSync(snapshot, 'SOMEONE-ELSE');
    writeSpecs(volume('data', data, '8MiB'), snap());
    const r = await tshyve('apply');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`! snapshot ${snapshot} exists but tshyve did not take it`);
    expect(head(snapshot, 12)).toBe('SOMEONE-ELSE');
  });
});
