// `watch --git`: the agent pulls its checkout (fast-forward only) and notices new commits.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyGitError, pullRepository } from '../../src/watch/git-sync.js';

const work = mkdtempSync(join(tmpdir(), 'tshyve-git-'));
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
  });
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

describe('pullRepository with --require-signed', () => {
  const gpg = (home: string, ...args: string[]) =>
    execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', ...args], { encoding: 'utf8', env: { ...process.env, GNUPGHOME: home } });
  const newKey = (home: string, who: string) => {
    execFileSync('mkdir', ['-m', '700', '-p', home]);
    gpg(home, '--passphrase', '', '--quick-gen-key', `${who} <${who}@example.org>`, 'ed25519', 'sign', 'never');
    return gpg(home, '--list-secret-keys', '--with-colons')
      .split('\n')
      .find((l) => l.startsWith('fpr:'))!
      .split(':')[9]!;
  };

  it('applies a head signed by a trusted key and refuses an unsigned or foreign one', async () => {
    const w = mkdtempSync(join(tmpdir(), 'tshyve-signed-'));
    try {
      const signer = join(w, 'signer-gnupg');
      const stranger = join(w, 'stranger-gnupg');
      const trusted = join(w, 'trusted-gnupg');
      const signerKey = newKey(signer, 'signer');
      const strangerKey = newKey(stranger, 'stranger');
      execFileSync('mkdir', ['-m', '700', '-p', trusted]);
      execFileSync('gpg', ['--homedir', trusted, '--batch', '--quiet', '--import'], {
        input: gpg(signer, '--export', '--armor', signerKey),
      });
      git(w, 'init', '--bare', '-q', 'origin.git');
      git(w, 'clone', '-q', 'origin.git', 'author');
      const author = join(w, 'author');
      const commit = (message: string, key?: { home: string; fpr: string }) => {
        writeFileSync(join(author, 'vm.yaml'), `a: ${message}\n`);
        git(author, 'add', '.');
        const sign = key ? ['-c', `user.signingkey=${key.fpr}`, '-c', 'commit.gpgsign=true'] : [];
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...sign, 'commit', '-qm', message], {
          cwd: author,
          env: { ...process.env, GNUPGHOME: key?.home ?? join(w, 'none') },
        });
        git(author, 'push', '-q', 'origin', 'HEAD:main');
        return git(author, 'rev-parse', 'HEAD').trim();
      };
      commit('first', { home: signer, fpr: signerKey });
      git(w, 'clone', '-q', '--branch', 'main', 'origin.git', 'agent');
      const agent = join(w, 'agent');
      const head = () => git(agent, 'rev-parse', 'HEAD').trim();

      const unsigned = commit('unsigned');
      const refused = await pullRepository(agent, { requireSignedBy: trusted });
      expect(refused).toMatchObject({ changed: false, kind: 'unsigned' });
      expect(refused.error).toContain(`upstream head ${unsigned.slice(0, 7)} is not signed by a key in ${trusted}`);
      expect(head()).not.toBe(unsigned);

      const foreign = commit('foreign', { home: stranger, fpr: strangerKey });
      expect(await pullRepository(agent, { requireSignedBy: trusted })).toMatchObject({ changed: false, kind: 'unsigned' });
      expect(head()).not.toBe(foreign);

      const signed = commit('signed', { home: signer, fpr: signerKey });
      expect(await pullRepository(agent, { requireSignedBy: trusted })).toEqual({ changed: true });
      expect(head()).toBe(signed);
    } finally {
      // gpg started an agent per home: end them before the homes go.
      for (const home of ['signer-gnupg', 'stranger-gnupg', 'trusted-gnupg'])
        spawnSync('gpgconf', ['--homedir', join(w, home), '--kill', 'gpg-agent']);
      rmSync(w, { recursive: true, force: true });
    }
  });

  it('classifies pull failures for status', () => {
    expect(classifyGitError('fatal: not a git repository (or any of the parent directories): .git')).toBe('not-a-repository');
    expect(classifyGitError('fatal: Not possible to fast-forward, aborting.')).toBe('not-fast-forward');
    expect(classifyGitError("fatal: could not read Username for 'https://example.org': terminal prompts disabled")).toBe('auth');
    expect(classifyGitError('git@example.org: Permission denied (publickey).')).toBe('auth');
    expect(classifyGitError('fatal: unable to access: Could not resolve host')).toBe('other');
  });
});
