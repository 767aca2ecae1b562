// `watch --git`: the agent pulls the repository itself (git CLI, fast-forward only) on an interval,
// and knows which commit it applied. Pull failures are classified so `status` can say what to fix.
import { execa } from 'execa';

export type GitErrorKind = 'not-a-repository' | 'not-fast-forward' | 'auth' | 'other';

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

export async function pullRepository(dir: string): Promise<{ changed: boolean; error?: string; kind?: GitErrorKind }> {
  const head = async () => (await execa('git', ['-C', dir, 'rev-parse', 'HEAD'], { reject: false })).stdout.trim();
  const before = await head();
  // No prompt for credentials: an agent has nobody to answer it.
  const pull = await execa('git', ['-C', dir, 'pull', '--ff-only', '--quiet'], { reject: false, timeout: 120_000, env: { GIT_TERMINAL_PROMPT: '0' } });
  if (pull.exitCode !== 0) {
    const error = (pull.stderr || pull.stdout || `git exited ${pull.exitCode}`).trim().split('\n').slice(-3).join(' ');
    return { changed: false, error, kind: classifyGitError(error) };
  }
  return { changed: (await head()) !== before };
}
