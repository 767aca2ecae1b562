// The in-process volume-file commands against the real coreutils as the oracle: the same argv in two
// scratch trees must give the same exit status, the same files (kind, size, mode) and the same stderr.
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFileBuiltin } from '../../src/host/file-builtins.js';
import { spawnCommand } from '../../src/host/spawn-command.js';

const root = mkdtempSync(join(tmpdir(), 'tshyve-builtins-'));
let n = 0;

/** Two identical trees (`real`, `ours`) made by `setup`, then argv (with @ for the tree) run in each. */
async function compare(setup: (dir: string) => void, argv: string[], probe: string[]) {
  const trees = ['real', 'ours'].map((side) => join(root, `${n}-${side}`));
  n++;
  for (const t of trees) {
    mkdirSync(t);
    setup(t);
  }
  const inTree = (t: string) => argv.map((a) => a.replaceAll('@', t));
  const real = await spawnCommand(inTree(trees[0]!));
  const ours = await runFileBuiltin(inTree(trees[1]!));
  expect(ours, `${argv.join(' ')} is a builtin`).toBeDefined();
  const state = (t: string) =>
    probe.map((p) => {
      const path = join(t, p);
      if (!existsSync(path)) return `${p}: absent`;
      const s = lstatSync(path);
      return `${p}: ${s.isDirectory() ? 'dir' : 'file'} ${s.isDirectory() ? '' : s.size} ${(s.mode & 0o7777).toString(8)} links ${s.isDirectory() ? '' : s.nlink}`;
    });
  expect(ours!.exitCode).toBe(real.exitCode);
  expect(state(trees[1]!)).toEqual(state(trees[0]!));
  expect(ours!.stderr.replaceAll(trees[1]!, '@')).toBe(real.stderr.replaceAll(trees[0]!, '@'));
}

const file = (dir: string, name: string, bytes = 0) => writeFileSync(join(dir, name), Buffer.alloc(bytes));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('volume file builtins match coreutils', () => {
  it('mkdir -p', async () => {
    await compare(() => {}, ['mkdir', '-p', '--', '@/a/b/c'], ['a', 'a/b', 'a/b/c']);
    await compare((d) => mkdirSync(join(d, 'a')), ['mkdir', '-p', '--', '@/a'], ['a']);
    await compare((d) => file(d, 'f'), ['mkdir', '-p', '--', '@/f/sub'], ['f', 'f/sub']);
  });

  it('rm -f', async () => {
    await compare(() => {}, ['rm', '-f', '--', '@/missing'], ['missing']);
    await compare((d) => (file(d, 'a'), file(d, 'b')), ['rm', '-f', '--', '@/a', '@/b'], ['a', 'b']);
    await compare((d) => (mkdirSync(join(d, 'dir')), file(d, 'x')), ['rm', '-f', '--', '@/dir', '@/x'], ['dir', 'x']);
  });

  it('truncate --size >N creates, extends, never shrinks', async () => {
    await compare(() => {}, ['truncate', '--size', '>1048576', '--', '@/new.img'], ['new.img']);
    await compare((d) => file(d, 'small', 100), ['truncate', '--size', '>4096', '--', '@/small'], ['small']);
    await compare((d) => file(d, 'big', 8192), ['truncate', '--size', '>4096', '--', '@/big'], ['big']);
    await compare((d) => mkdirSync(join(d, 'dir')), ['truncate', '--size', '>4096', '--', '@/dir'], ['dir']);
    await compare(() => {}, ['truncate', '--size', '>4096', '--', '@/no/such'], ['no']);
  });

  it('sync of files and directories', async () => {
    await compare((d) => file(d, 'f', 10), ['sync', '--', '@/f'], ['f']);
    await compare(() => {}, ['sync', '--', '@'], []);
    await compare(() => {}, ['sync', '--', '@/missing'], ['missing']);
  });

  it('ln -T links and refuses an existing name', async () => {
    await compare((d) => file(d, 'tmp', 5), ['ln', '-T', '--', '@/tmp', '@/vol'], ['tmp', 'vol']);
    await compare((d) => (file(d, 'tmp', 5), file(d, 'vol', 1)), ['ln', '-T', '--', '@/tmp', '@/vol'], ['tmp', 'vol']);
    await compare(() => {}, ['ln', '-T', '--', '@/none', '@/vol'], ['vol']);
  });

  it('permission problems read as the tools say them', async (ctx) => {
    if (process.getuid?.() === 0) return ctx.skip('root passes every permission check: run the tests as another user to compare these');
    await compare((d) => (mkdirSync(join(d, 'ro')), chmodSync(join(d, 'ro'), 0o500)), ['mkdir', '-p', '--', '@/ro/x'], ['ro/x']);
  });

  it('leaves every other argv to the real tool', () => {
    expect(runFileBuiltin(['rm', '-rf', '--', '/x'])).toBeUndefined();
    expect(runFileBuiltin(['rm', '-f', '/x'])).toBeUndefined();
    expect(runFileBuiltin(['fallocate', '--length', '10', '--', '/x'])).toBeUndefined();
    expect(runFileBuiltin(['truncate', '--size', '10', '--', '/x'])).toBeUndefined();
    expect(runFileBuiltin(['cp', '--sparse=always', '--reflink=auto', '--', '/a', '/b'])).toBeUndefined();
    expect(runFileBuiltin(['mkdir', '-p', '--', 'relative'])).toBeUndefined();
    expect(runFileBuiltin(['ln', '-s', '--', '/a', '/b'])).toBeUndefined();
  });
});
