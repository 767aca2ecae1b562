// `watch --git`: the agent pulls its checkout (fast-forward only) and notices new commits.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pullRepository } from '../../src/watch/git-sync.js';

const work = mkdtempSync(join(tmpdir(), 'tshyve-git-'));
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('pullRepository', () => {
  it('reports new commits and no change when up to date', async () => {
    git(work, 'init', '--bare', '-q', 'origin.git');
    git(work, 'clone', '-q', 'origin.git', 'author');
    writeFileSync(join(work, 'author', 'vm.yaml'), 'a: 1\n');
    git(join(work, 'author'), 'add', '.');
    git(join(work, 'author'), 'commit', '-qm', 'first');
    git(join(work, 'author'), 'push', '-q', 'origin', 'HEAD:main');
    git(work, 'clone', '-q', '--branch', 'main', 'origin.git', 'agent');
    expect(await pullRepository(join(work, 'agent'))).toEqual({ changed: false });
    writeFileSync(join(work, 'author', 'vm.yaml'), 'a: 2\n');
    git(join(work, 'author'), 'commit', '-qam', 'second');
    git(join(work, 'author'), 'push', '-q', 'origin', 'HEAD:main');
    expect(await pullRepository(join(work, 'agent'))).toEqual({ changed: true });
  });

  it('reports a failed pull instead of throwing', async () => {
    const result = await pullRepository(join(work, 'does-not-exist'));
    expect(result.changed).toBe(false);
    expect(result.error).toBeTruthy();
  });
});
