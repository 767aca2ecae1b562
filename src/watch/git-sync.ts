// `watch --git`: the agent pulls the repository itself (git CLI, fast-forward only) on an interval,
// and knows which commit it applied; it can require signed heads. Pull failures are classified so
// `status` can say what to fix.
import { execa } from 'execa';

export type GitErrorKind = 'not-a-repository' | 'not-fast-forward' | 'auth' | 'unsigned' | 'other';

export interface GitError {
  kind: GitErrorKind;
  message: string;
}

export interface GitHead {
  revision: string;
  subject: string;
}

export function classifyGitError(text: string): GitErrorKind {
  if (/not a git repository|cannot change to|no such file or directory/i.test(text)) return 'not-a-repository';
  if (/not possible to fast-forward|diverg|non-fast-forward|fast-forward only|--ff-only/i.test(text)) return 'not-fast-forward';
  if (/authentication|permission denied|could not read username|access denied|publickey|403|401/i.test(text)) return 'auth';
  return 'other';
}

/** The checked-out commit of `dir`, or undefined when it is not a git work tree. */
export async function gitHead(dir: string): Promise<GitHead | undefined> {
  const r = await execa('git', ['-C', dir, 'log', '-1', '--format=%H%n%s'], { reject: false });
  if (r.exitCode !== 0) return undefined;
  const [revision = '', subject = ''] = r.stdout.split('\n');
  return revision ? { revision, subject } : undefined;
}

export interface PullOptions {
  /** A GnuPG home holding the keys allowed to sign: an upstream head not signed by one is not applied. */
  requireSignedBy?: string;
}

export interface PullResult {
  changed: boolean;
  error?: string;
  kind?: GitErrorKind;
}

const lastLines = (r: { stderr: string; stdout: string; exitCode?: number | undefined }) =>
  (r.stderr || r.stdout || `git exited ${r.exitCode}`).trim().split('\n').slice(-3).join(' ');

/**
 * Fetches and fast-forwards the checkout. With `requireSignedBy`, the upstream head must carry a
 * good signature from a key in that keyring (git verify-commit), or nothing is merged: anyone who
 * can push would otherwise be root on every agent.
 */
export async function pullRepository(dir: string, options: PullOptions = {}): Promise<PullResult> {
  // No prompt for credentials: an agent has nobody to answer it.
  const git = (args: string[], env: Record<string, string> = {}) =>
    execa('git', ['-C', dir, ...args], { reject: false, timeout: 120_000, env: { GIT_TERMINAL_PROMPT: '0', ...env } });
  const before = (await git(['rev-parse', 'HEAD'])).stdout.trim();
  const fetch = await git(['fetch', '--quiet']);
  if (fetch.exitCode !== 0) {
    const error = lastLines(fetch);
    return { changed: false, error, kind: classifyGitError(error) };
  }
  const upstream = await git(['rev-parse', '@{upstream}']);
  if (upstream.exitCode !== 0) return { changed: false, error: lastLines(upstream), kind: classifyGitError(lastLines(upstream)) };
  const target = upstream.stdout.trim();
  if (target === before) return { changed: false };
  if (options.requireSignedBy) {
    const verified = await git(['verify-commit', target], { GNUPGHOME: options.requireSignedBy });
    if (verified.exitCode !== 0) {
      return {
        changed: false,
        kind: 'unsigned',
        error:
          `upstream head ${target.slice(0, 7)} is not signed by a key in ${options.requireSignedBy}; ` +
          `it was not applied (${lastLines(verified)})`,
      };
    }
  }
  const merge = await git(['merge', '--ff-only', '--quiet', target]);
  if (merge.exitCode !== 0) {
    const error = lastLines(merge);
    return { changed: false, error, kind: classifyGitError(error) };
  }
  return { changed: (await git(['rev-parse', 'HEAD'])).stdout.trim() !== before };
}
