// Symlinks judged by what they were when the spec was first started (src/runtime/run-time-paths.ts):
// the record kept per spec hash, a symlink that appeared or changed target refused, one that stayed
// followed, paths with no symlink passed as written (native then refuses any symlink in them), and
// paths the record does not name followed as found.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PLANNED_PATHS_FILE,
  plannedPathsOf,
  readPlannedPaths,
  recordPlannedPaths,
  resolveForRun,
  runTimePathsOf,
  usePlannedPaths,
} from '../../src/runtime/run-time-paths.js';
import type { ResolvedVm } from '../../src/model/resolved.js';

const dirs: string[] = [];
afterEach(() => {
  usePlannedPaths(undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'tshyve-planned-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'images'));
  mkdirSync(join(dir, 'other'));
  for (const d of ['images', 'other']) writeFileSync(join(dir, d, 'disk.img'), '');
  writeFileSync(join(dir, 'rom.bin'), '');
  symlinkSync(join(dir, 'rom.bin'), join(dir, 'rom-link.bin'));
  const vm = (hash: string) =>
    ({
      specHash: hash,
      disks: [{ path: join(dir, 'images', 'disk.img') }],
      firmware: { type: 'bootrom', image: join(dir, 'rom-link.bin') },
    }) as unknown as Pick<ResolvedVm, 'disks' | 'firmware' | 'specHash'>;
  return { dir, vm };
}

describe('planned paths', () => {
  it('records the run-time paths that go through a symlink, once per spec', async () => {
    const { dir, vm } = setUp();
    expect(runTimePathsOf(vm('a'))).toEqual([join(dir, 'images', 'disk.img'), join(dir, 'rom-link.bin')]);
    expect(plannedPathsOf(vm('a'))).toEqual({
      specHash: 'a',
      resolved: { [join(dir, 'images', 'disk.img')]: join(dir, 'images', 'disk.img'), [join(dir, 'rom-link.bin')]: join(dir, 'rom.bin') },
    });
    const vmDir = join(dir, 'vm');
    await recordPlannedPaths(vmDir, vm('a'));
    expect((statSync(join(vmDir, PLANNED_PATHS_FILE)).mode & 0o777).toString(8)).toBe('600');
    renameSync(join(dir, 'images'), join(dir, 'images.moved'));
    symlinkSync(join(dir, 'other'), join(dir, 'images'));
    await recordPlannedPaths(vmDir, vm('a')); // same spec: the first record stands
    expect((await readPlannedPaths(vmDir))!.resolved[join(dir, 'images', 'disk.img')]).toBe(join(dir, 'images', 'disk.img'));
    await recordPlannedPaths(vmDir, vm('b')); // a changed spec records afresh
    expect((await readPlannedPaths(vmDir))!.resolved[join(dir, 'images', 'disk.img')]).toBe(join(dir, 'other', 'disk.img'));
    writeFileSync(join(vmDir, PLANNED_PATHS_FILE), 'not json');
    expect(await readPlannedPaths(vmDir)).toBeUndefined();
  });

  it('follows a symlink only as recorded, and passes a path without one as written', () => {
    const { dir, vm } = setUp();
    const disk = join(dir, 'images', 'disk.img');
    usePlannedPaths(plannedPathsOf(vm('a')));
    expect(resolveForRun(disk, 'write', `disk ${disk}`)).toBe(disk);
    expect(resolveForRun(join(dir, 'rom-link.bin'), 'read', 'boot ROM')).toBe(join(dir, 'rom.bin'));
    renameSync(join(dir, 'images'), join(dir, 'images.moved'));
    symlinkSync(join(dir, 'other'), join(dir, 'images'));
    expect(() => resolveForRun(disk, 'write', `disk ${disk}`)).toThrow(
      `disk ${disk}: ${disk} now resolves to ${join(dir, 'other', 'disk.img')} through a symlink that was not in the path when this spec was started: refused`,
    );
    rmSync(join(dir, 'rom-link.bin'));
    writeFileSync(join(dir, 'rom2.bin'), '');
    symlinkSync(join(dir, 'rom2.bin'), join(dir, 'rom-link.bin'));
    expect(() => resolveForRun(join(dir, 'rom-link.bin'), 'read', 'boot ROM')).toThrow(
      `boot ROM: ${join(dir, 'rom-link.bin')} now resolves to ${join(dir, 'rom2.bin')} through a symlink, not to ${join(dir, 'rom.bin')} as when this spec was started`,
    );
    const vars = join(dir, 'images', 'vars.fd'); // not a recorded path (the state directory's copy): followed
    writeFileSync(join(dir, 'other', 'vars.fd'), '');
    expect(resolveForRun(vars, 'write', 'firmware vars')).toBe(join(dir, 'other', 'vars.fd'));
    usePlannedPaths(undefined); // no record (`tshyve run`, or a VM started before records): followed as found
    expect(resolveForRun(disk, 'write', 'disk')).toBe(join(dir, 'other', 'disk.img'));
    expect(readFileSync(join(dir, 'other', 'disk.img'), 'utf8')).toBe('');
  });
});
