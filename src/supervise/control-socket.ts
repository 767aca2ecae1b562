// The VM process's control socket (control.sock, 0600), one JSON object per line. The agent keeps a
// connection to every VM process it supervises: the kernel closes it the moment the process dies,
// so deaths are seen at once without polling. The process also pushes its events (guest started,
// guest exited) and answers `{"op":"stats"}` with the VMM's counters.
import type { Server, Socket } from 'node:net';
import { createConnection } from 'node:net';
import { closeUnixSocket, listenUnixSocket } from './unix-socket.js';

export type ControlEvent =
  | { type: 'hello'; name: string; pid: number }
  | { type: 'guest-started'; name: string; pid: number; at: string }
  | { type: 'guest-exited'; name: string; status: number; reason: string; at: string; next: 'restart' | 'stop' }
  | { type: 'stats'; stats: unknown };

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

export async function serveControl(path: string, hello: () => ControlEvent, stats: () => unknown): Promise<ControlServer> {
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
      if ((request as { op?: unknown }).op === 'stats') send(socket, { type: 'stats', stats: stats() });
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
        close: () => socket.destroy(),
      });
    });
    onJsonLines(socket, MAX_EVENT_BYTES, (value) => {
      const event = value as ControlEvent;
      if (event.type === 'stats') waiters.shift()?.(event.stats);
      else onEvent(event);
    });
    socket.on('error', (error) => {
      if (!connected) reject(error);
    });
    socket.on('close', () => {
      for (const w of waiters.splice(0)) w(undefined);
      if (connected) onClose();
    });
  });
}
