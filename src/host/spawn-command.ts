// Runs one host command (argv, never a shell) in its own process group with LC_ALL=C and collects
// its output; an abort signal terminates it (SIGTERM, then SIGKILL after a grace period).
import { spawn } from 'node:child_process';

export interface SpawnResult {
  /** Undefined when the process could not start or died of a signal. */
  exitCode?: number;
  signal?: NodeJS.Signals;
  stdout: string;
  stderr: string;
  /** Why it could not start (ENOENT…). */
  startError?: string;
  cancelled: boolean;
}

const KILL_GRACE_MS = 5_000;

/** Output without its one final newline (what the command "said"). */
function withoutFinalNewline(text: string): string {
  return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** Writes the command's standard input piece by piece; resolves false if the command stopped reading. */
export type InputWriter = (write: (text: string) => Promise<boolean>) => Promise<void>;

export interface SpawnOptions {
  /** Standard input: all at once, or written by a function (ignored, /dev/null, when absent). */
  input?: string | InputWriter;
  signal?: AbortSignal;
}

export function spawnCommand(argv: string[], options: SpawnOptions = {}): Promise<SpawnResult> {
  const [file, ...args] = argv;
  if (options.signal?.aborted) return Promise.resolve({ stdout: '', stderr: '', cancelled: true });
  return new Promise((resolve) => {
    const child = spawn(file!, args, {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
      // Its own process group: a terminal's Ctrl-C reaches tshyve only, which decides to finish or cancel.
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    let cancelled = false;
    let startError: string | undefined;
    let forceKill: NodeJS.Timeout | undefined;
    const onAbort = () => {
      cancelled = true;
      child.kill('SIGTERM');
      forceKill = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      forceKill.unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const stdin = child.stdin;
    if (stdin) {
      // A command that exits before reading all its input is reported by its exit status, not EPIPE.
      let broken = false;
      stdin.on('error', () => {
        broken = true;
      });
      const input = options.input!;
      if (typeof input === 'string') stdin.end(input);
      else {
        const write = (text: string) =>
          new Promise<boolean>((done) => (broken ? done(false) : stdin.write(text, (e) => done(!e && !broken))));
        void input(write).finally(() => stdin.end());
      }
    }
    child.on('error', (e: NodeJS.ErrnoException) => {
      startError = `${e.code ?? 'error'}: ${e.message}`;
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (forceKill) clearTimeout(forceKill);
      resolve({
        ...(code !== null && !startError ? { exitCode: code } : {}),
        ...(signal ? { signal } : {}),
        stdout: withoutFinalNewline(Buffer.concat(out).toString('utf8')),
        stderr: withoutFinalNewline(Buffer.concat(err).toString('utf8')),
        ...(startError ? { startError } : {}),
        cancelled,
      });
    });
  });
}
