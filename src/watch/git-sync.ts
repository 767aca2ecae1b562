// `watch --git`: the agent pulls the repository itself (git CLI, fast-forward only) on an interval.
import { execa } from 'execa';

export async function pullRepository(dir: string): Promise<{ changed: boolean; error?: string }> {
  const head = async () => (await execa('git', ['-C', dir, 'rev-parse', 'HEAD'], { reject: false })).stdout.trim();
  const before = await head();
  const pull = await execa('git', ['-C', dir, 'pull', '--ff-only', '--quiet'], { reject: false, timeout: 120_000 });
  if (pull.exitCode !== 0) return { changed: false, error: (pull.stderr || pull.stdout).trim().split('\n').slice(-3).join(' ') };
  return { changed: (await head()) !== before };
}
