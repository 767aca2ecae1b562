// Does an SSH server answer at HOST:PORT? A TCP connect that reads the identification string
// `SSH-2.0-…` (RFC 4253 §4.2: other lines may come first), from this host or inside a network namespace.
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_BANNER_BYTES = 8192;

export interface BannerResult {
  ok: boolean;
  /** The identification line, or why there is none. */
  detail: string;
}

export function readSshBanner(host: string, port: number, timeoutMs: number): Promise<BannerResult> {
  return new Promise((resolve) => {
    let seen = '';
    const socket = connect({ host, port });
    const done = (r: BannerResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, detail: `no SSH banner from ${host}:${port} within ${timeoutMs} ms` }), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      const line = seen.split(/\r?\n/).find((l, i, all) => l.startsWith('SSH-2.0-') && i < all.length - 1);
      if (line) done({ ok: true, detail: line });
      else if (seen.length > MAX_BANNER_BYTES)
        done({ ok: false, detail: `${host}:${port} sent no SSH-2.0- line in its first ${MAX_BANNER_BYTES} bytes` });
    });
    socket.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, detail: `${host}:${port}: ${e.code ?? e.message}` }));
    socket.on('close', () => done({ ok: false, detail: `${host}:${port} closed without an SSH banner` }));
  });
}

/** The probe as a program (ssh-banner-probe.ts, built into dist/), for inside a namespace. */
const PROBE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'supervise', 'ssh-banner-probe.js');

/** readSshBanner from inside `netns` (a child under `ip netns exec`), or here when there is none. */
export function readSshBannerIn(netns: string | undefined, host: string, port: number, timeoutMs: number): Promise<BannerResult> {
  if (!netns) return readSshBanner(host, port, timeoutMs);
  return new Promise((resolve) => {
    execFile(
      'ip',
      ['netns', 'exec', netns, process.execPath, PROBE, host, String(port), String(timeoutMs)],
      { timeout: timeoutMs + 5000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout) as BannerResult);
        } catch {
          resolve({ ok: false, detail: `probe in netns ${netns} failed: ${(stderr || error?.message || 'no output').trim()}` });
        }
      },
    );
  });
}
