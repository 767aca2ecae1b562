// Shared pieces of the GDB stub tests: the gdb_target micro guest's label addresses (from its
// object file's symbols: the 64 KiB image runs at 0xf0000), a free loopback port, Debian's gdb in
// batch mode, and a minimal RSP client for what gdb's batch mode cannot send (Ctrl-C, garbage).
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { guestDir } from '../runtime/kvm-env.js';

export const IMAGE_BASE = 0xf0000;

export function labelAddress(label: string): number {
  const syms = execFileSync('nm', [join(guestDir, 'gdb_target.o')], { encoding: 'utf8' });
  const line = syms.split('\n').find((l) => l.endsWith(` ${label}`));
  if (!line) throw new Error(`no symbol ${label} in gdb_target.o`);
  return IMAGE_BASE + parseInt(line.split(' ')[0]!, 16);
}

/** The guest image's bytes at guest address `addr` (an oracle for memory reads). */
export function imageBytes(addr: number, n: number): number[] {
  const img = readFileSync(join(guestDir, 'gdb_target.bin'));
  return [...img.subarray(addr - IMAGE_BASE, addr - IMAGE_BASE + n)];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function gdbAvailable(): boolean {
  try {
    execFileSync('gdb', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs `gdb -batch` with `commands` (each an -ex) and returns stdout + stderr. */
export function runGdb(commands: string[], timeoutMs = 60_000): Promise<string> {
  const args = ['-nx', '-batch', ...commands.flatMap((c) => ['-ex', c])];
  return new Promise((resolve) => {
    execFile('gdb', args, { timeout: timeoutMs }, (err, stdout, stderr) =>
      resolve(`${stdout}${stderr}${err ? `\n[gdb: ${err.message}]` : ''}`),
    );
  });
}

function checksum(s: string): string {
  let sum = 0;
  for (const c of Buffer.from(s, 'latin1')) sum = (sum + c) & 0xff;
  return sum.toString(16).padStart(2, '0');
}

/** A bare RSP client: sends packets, acks what it receives, and yields the payloads. */
export class RspClient {
  private buf = '';
  private waiters: (() => void)[] = [];
  readonly closed: Promise<void>;
  private constructor(private readonly sock: Socket) {
    sock.setEncoding('latin1');
    sock.setNoDelay(true); // as gdb does: no Nagle delay between an ack and the next packet
    sock.on('data', (d: string) => {
      this.buf += d;
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((r) => sock.once('close', () => r()));
    sock.on('close', () => {
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static connect(port: number): Promise<RspClient> {
    return new Promise((resolve, reject) => {
      const s = new Socket();
      s.once('error', reject);
      s.connect(port, '127.0.0.1', () => resolve(new RspClient(s)));
    });
  }

  raw(bytes: string | Buffer): void {
    this.sock.write(bytes);
  }

  send(payload: string): void {
    this.raw(`$${payload}#${checksum(payload)}`);
  }

  /** Everything received that is not a packet (acks, naks) is dropped up to the next packet. */
  async packet(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = /\$([^#]*)#([0-9a-f]{2})/.exec(this.buf);
      if (m) {
        this.buf = this.buf.slice(m.index + m[0].length);
        this.raw('+');
        return m[1]!;
      }
      if (this.sock.destroyed || Date.now() > deadline) throw new Error(`no packet (have ${JSON.stringify(this.buf)})`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  /** The non-packet bytes seen so far (acks `+` and naks `-`). */
  acks(): string {
    return this.buf.replace(/\$[^#]*#[0-9a-f]{2}/g, '');
  }

  async request(payload: string): Promise<string> {
    this.send(payload);
    return this.packet();
  }

  close(): void {
    this.sock.destroy();
  }
}
