// A counter-vm.ts (or other VM script) child process for the snapshot tests: its com1 output, its
// JSON reports on stderr, waiting for either, and killing it; plus the `count XXXX` lines of a counter guest.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const script = join(import.meta.dirname, 'counter-vm.ts');

export interface Child {
  stdout: () => string;
  reports: () => Record<string, unknown>[];
  waitFor: (what: (c: Child) => boolean, timeoutMs?: number) => Promise<void>;
  kill: () => Promise<void>;
  exited: Promise<number | null>;
}

/** Starts `vmScript` (counter-vm.ts) with `args` (and `env` on top of this process's environment). */
export function runChild(args: string[], env: Record<string, string> = {}, vmScript = script): Child {
  const p = spawn(process.execPath, ['--import', 'tsx', vmScript, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  p.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
  p.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
  const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
  const child: Child = {
    stdout: () => out,
    reports: () =>
      err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    waitFor: async (what, timeoutMs = 30_000) => {
      const end = Date.now() + timeoutMs;
      while (!what(child)) {
        if (Date.now() > end) throw new Error(`timed out; stdout: ${out.slice(-300)} stderr: ${err.slice(-500)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    kill: async () => {
      p.kill('SIGKILL');
      await exited;
    },
    exited,
  };
  return child;
}

/** The counts of the complete `count XXXX` lines in `text`, in order. */
export function counts(text: string): number[] {
  return [...text.matchAll(/count ([0-9a-f]{4})\n/g)].map((m) => parseInt(m[1]!, 16));
}
