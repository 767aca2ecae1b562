// One COM port console of a running VM on a unix socket (0600): every viewer gets the scrollback on
// attach, then live output; what any viewer types goes to the guest's port. Output is also appended
// to the port's log. A guest resumed from a snapshot keeps the scrollback its log holds from before.
import { closeSync, createWriteStream, fstatSync, openSync, readSync, type WriteStream } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { closeUnixSocket, listenUnixSocket } from './unix-socket.js';

export const SCROLLBACK_BYTES = 64 * 1024;
const MAX_VIEWERS = 16;

/** A byte ring that keeps the last `capacity` bytes written. */
export class Scrollback {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly capacity = SCROLLBACK_BYTES) {}

  push(data: Buffer): void {
    this.chunks.push(Buffer.from(data));
    this.size += data.length;
    while (this.size > this.capacity && this.chunks.length > 0) {
      const excess = this.size - this.capacity;
      const first = this.chunks[0]!;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  /** Bytes from before everything pushed so far (the oldest are dropped past the capacity). */
  prepend(data: Buffer): void {
    const room = this.capacity - this.size;
    if (room <= 0 || data.length === 0) return;
    const kept = data.length > room ? data.subarray(data.length - room) : data;
    this.chunks.unshift(Buffer.from(kept));
    this.size += kept.length;
  }

  contents(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** The last `bytes` bytes of the file at `path` (empty when there is none or it cannot be read). */
function readTail(path: string, bytes: number): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const end = fstatSync(fd).size;
    const out = Buffer.alloc(Math.min(end, bytes));
    const n = readSync(fd, out, 0, out.length, end - out.length);
    return out.subarray(0, n);
  } catch {
    return Buffer.alloc(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export class ConsoleServer {
  private readonly viewers = new Set<Socket>();
  private readonly scrollback = new Scrollback();
  private server: Server | undefined;
  private log: WriteStream | undefined;
  private input: (data: Buffer) => void = () => {};
  private earlier: Buffer | undefined = Buffer.alloc(0); // the log's tail from before this process, until the first boot starts

  constructor(
    private readonly socketPath: string,
    private readonly logPath: string,
  ) {}

  async listen(): Promise<void> {
    this.server = await listenUnixSocket(this.socketPath, (socket) => this.attach(socket));
    // Read now: after the jail the log may belong to another user (the process before this one).
    this.earlier = readTail(this.logPath, SCROLLBACK_BYTES);
    this.log = createWriteStream(this.logPath, { flags: 'a', mode: 0o600 });
    this.log.on('error', () => {
      this.log = undefined;
    }); // a full disk must not kill the VM
  }

  /** Where bytes typed by viewers go (the guest's COM port). */
  onInput(handler: (data: Buffer) => void): void {
    this.input = handler;
  }

  /** A boot started: a guest resumed from a snapshot (a first boot only) keeps the log's earlier tail as scrollback. */
  bootStarted(resumed: boolean): void {
    if (resumed && this.earlier) this.scrollback.prepend(this.earlier);
    this.earlier = undefined;
  }

  /** Guest output: to the scrollback, the log and every viewer. */
  write(data: Buffer): void {
    this.scrollback.push(data);
    this.log?.write(data);
    for (const v of this.viewers) if (!v.destroyed && v.writableLength < 1024 * 1024) v.write(data);
  }

  private attach(socket: Socket): void {
    if (this.viewers.size >= MAX_VIEWERS) {
      socket.end('tshyve: too many console viewers\r\n');
      return;
    }
    this.viewers.add(socket);
    socket.on('data', (d) => this.input(d));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.viewers.delete(socket));
    const history = this.scrollback.contents();
    if (history.length) socket.write(history);
  }

  async close(): Promise<void> {
    for (const v of this.viewers) v.end();
    this.viewers.clear();
    await closeUnixSocket(this.server, this.socketPath);
    await new Promise<void>((resolve) => (this.log ? this.log.end(() => resolve()) : resolve()));
  }
}
