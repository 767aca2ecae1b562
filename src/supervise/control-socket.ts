// The VM process's control socket (control.sock, 0600), one JSON object per line. The agent keeps a
// connection to every VM process it supervises: the kernel closes it the moment the process dies,
// so deaths are seen at once without polling. The process also pushes its events (guest started,
// guest exited) and answers `{"op":"stats"}` with the VMM's counters and
// `{"op":"snapshot","path":P,"stop":B}` with the result of a VM snapshot (docs/vm-snapshots.md).
import type { Server, Socket } from 'node:net';
import { createConnection } from 'node:net';
import { closeUnixSocket, listenUnixSocket } from './unix-socket.js';

export type ControlEvent =
  | { type: 'hello'; name: string; pid: number }
  | { type: 'guest-started'; name: string; pid: number; at: string }
  | { type: 'guest-exited'; name: string; status: number; reason: string; at: string; next: 'restart' | 'stop' }
  | { type: 'stats'; stats: unknown }
  | { type: 'snapshot'; ok: boolean; result?: unknown; error?: string };

/** Writes a snapshot of the running VM to `path` (then ends it with `stop`); throws why it cannot. */
export type SnapshotHandler = (path: string, stop: boolean) => unknown;

const MAX_CLIENTS = 16;
const MAX_REQUEST_BYTES = 1024;
const MAX_EVENT_BYTES = 1024 * 1024;

/** One JSON value per line from `socket`; a peer that sends more than `maxBytes` without a newline is cut off, a line that is not JSON skipped. */
function onJsonLines(socket: Socket, maxBytes: number, handle: (value: unknown) => void): void {
  let pending = '';
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      if (value !== null && typeof value === 'object') handle(value);
    }
    if (pending.length > maxBytes) socket.destroy();
  });
}

export interface ControlServer {
  broadcast(event: ControlEvent): void;
  close(): Promise<void>;
}

export async function serveControl(
  path: string,
  hello: () => ControlEvent,
  stats: () => unknown,
  snapshot?: SnapshotHandler,
): Promise<ControlServer> {
  const clients = new Set<Socket>();
  const send = (socket: Socket, event: ControlEvent) => {
    if (!socket.destroyed && socket.writableLength < 64 * 1024) socket.write(JSON.stringify(event) + '\n');
  };
  const server: Server = await listenUnixSocket(path, (socket) => {
    if (clients.size >= MAX_CLIENTS) {
      socket.destroy();
      return;
    }
    clients.add(socket);
    onJsonLines(socket, MAX_REQUEST_BYTES, (request) => {
      const op = (request as { op?: unknown }).op;
      if (op === 'stats') send(socket, { type: 'stats', stats: stats() });
      if (op === 'snapshot') {
        const { path: file, stop } = request as { path?: unknown; stop?: unknown };
        if (typeof file !== 'string' || !file.startsWith('/') || !snapshot) {
          send(socket, {
            type: 'snapshot',
            ok: false,
            error: snapshot ? 'snapshot needs an absolute path' : 'this VM process takes no snapshots',
          });
          return;
        }
        try {
          send(socket, { type: 'snapshot', ok: true, result: snapshot(file, stop === true) });
        } catch (error) {
          send(socket, { type: 'snapshot', ok: false, error: (error as Error).message });
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => clients.delete(socket));
    send(socket, hello());
  });
  return {
    broadcast: (event) => {
      for (const c of clients) send(c, event);
    },
    close: async () => {
      for (const c of clients) c.destroy();
      clients.clear();
      await closeUnixSocket(server, path);
    },
  };
}

export interface ControlConnection {
  /** Resolves with the VM process's counters, or undefined if it does not answer within `timeoutMs`. */
  stats(timeoutMs?: number): Promise<unknown>;
  /** Asks the VM process for a snapshot at `path`; undefined if it does not answer within `timeoutMs`. */
  snapshot(path: string, stop: boolean, timeoutMs?: number): Promise<{ ok: boolean; result?: unknown; error?: string } | undefined>;
  close(): void;
}

/**
 * Connects to a VM process's control socket. `onEvent` gets every event it pushes; `onClose` fires
 * once when the connection ends (the process died or closed it). Rejects if nobody listens.
 */
export function connectControl(path: string, onEvent: (event: ControlEvent) => void, onClose: () => void): Promise<ControlConnection> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let connected = false;
    const waiters: ((stats: unknown) => void)[] = [];
    const snapshotWaiters: ((answer: Extract<ControlEvent, { type: 'snapshot' }> | undefined) => void)[] = [];
    socket.on('connect', () => {
      connected = true;
      resolve({
        stats: (timeoutMs = 1000) =>
          new Promise((done) => {
            const timer = setTimeout(() => {
              const at = waiters.indexOf(answer);
              if (at >= 0) waiters.splice(at, 1);
              done(undefined);
            }, timeoutMs);
            const answer = (stats: unknown) => {
              clearTimeout(timer);
              done(stats);
            };
            waiters.push(answer);
            socket.write('{"op":"stats"}\n');
          }),
        snapshot: (path, stop, timeoutMs = 60_000) =>
          new Promise((done) => {
            const timer = setTimeout(() => {
              const at = snapshotWaiters.indexOf(answer);
              if (at >= 0) snapshotWaiters.splice(at, 1);
              done(undefined);
            }, timeoutMs);
            const answer = (event: Extract<ControlEvent, { type: 'snapshot' }> | undefined) => {
              clearTimeout(timer);
              done(event && { ok: event.ok, result: event.result, ...(event.error ? { error: event.error } : {}) });
            };
            snapshotWaiters.push(answer);
            socket.write(JSON.stringify({ op: 'snapshot', path, stop }) + '\n');
          }),
        close: () => socket.destroy(),
      });
    });
    onJsonLines(socket, MAX_EVENT_BYTES, (value) => {
      const event = value as ControlEvent;
      if (event.type === 'stats') waiters.shift()?.(event.stats);
      else if (event.type === 'snapshot') snapshotWaiters.shift()?.(event);
      else onEvent(event);
    });
    socket.on('error', (error) => {
      if (!connected) reject(error);
    });
    socket.on('close', () => {
      for (const w of waiters.splice(0)) w(undefined);
      for (const w of snapshotWaiters.splice(0)) w(undefined);
      if (connected) onClose();
    });
  });
}
