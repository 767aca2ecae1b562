// The state directory: atomic 0600 inventory in a 0700 directory, and the pid lock with stale takeover.
import { mkdtempSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInventory, recordEntry, writeInventory, emptyInventory } from '../../src/state/inventory.js';
import { acquireLock } from '../../src/state/lock.js';
import { resolveStateDir, statePaths } from '../../src/state/paths.js';

const scratch = () => join(mkdtempSync(join(tmpdir(), 'tshyve-state-')), 'state');

describe('inventory', () => {
  it('round-trips, writes 0600 in a 0700 directory and leaves no temp files', async () => {
    const paths = statePaths(scratch());
    expect(await readInventory(paths.inventory)).toEqual(emptyInventory());
    const inv = emptyInventory();
    recordEntry(inv, { kind: 'tap', id: 'tap0', resource: 't0', origin: 'created', createdAt: 'x' });
    recordEntry(inv, { kind: 'tap', id: 'tap0', resource: 't0-renamed', origin: 'created', createdAt: 'x' });
    await writeInventory(paths.inventory, inv);
    expect((await readInventory(paths.inventory)).entries).toEqual([
      { kind: 'tap', id: 'tap0', resource: 't0-renamed', origin: 'created', createdAt: 'x' },
    ]);
    expect(statSync(paths.inventory).mode & 0o777).toBe(0o600);
    expect(statSync(paths.dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(paths.dir)).toEqual(['inventory.json']);
  });

  it('reports a corrupt inventory instead of treating it as empty', async () => {
    const paths = statePaths(scratch());
    await writeInventory(paths.inventory, emptyInventory());
    writeFileSync(paths.inventory, '{not json');
    await expect(readInventory(paths.inventory)).rejects.toMatchObject({ code: 'TSHYVE_STATE_CORRUPT' });
  });
});

describe('lock', () => {
  it('is exclusive while the owner lives', async () => {
    const paths = statePaths(scratch());
    const lock = await acquireLock(paths.lock, paths.dir);
    expect(JSON.parse(readFileSync(paths.lock, 'utf8')).pid).toBe(process.pid);
    await expect(acquireLock(paths.lock, paths.dir)).rejects.toMatchObject({ code: 'TSHYVE_LOCKED' });
    await lock.release();
    const again = await acquireLock(paths.lock, paths.dir);
    expect(again.tookOverFrom).toBeUndefined();
    await again.release();
  });

  it('takes over a stale lock from a dead pid and says so', async () => {
    const paths = statePaths(scratch());
    await writeInventory(paths.inventory, emptyInventory());
    writeFileSync(paths.lock, JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const lock = await acquireLock(paths.lock, paths.dir);
    expect(lock.tookOverFrom).toBe(2 ** 22 + 12345);
    await lock.release();
  });

  it('resolves the state dir from flag, then env, then the default', () => {
    expect(resolveStateDir('/a', { TSHYVE_STATE_DIR: '/b' })).toBe('/a');
    expect(resolveStateDir(undefined, { TSHYVE_STATE_DIR: '/b' })).toBe('/b');
    expect(resolveStateDir(undefined, {})).toBe('/var/lib/tshyve');
  });
});
