// The agent's metrics endpoint (`--metrics HOST:PORT`, off by default): node:http serving
// `GET /metrics` in the Prometheus text format 0.0.4, 404 for every other path.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { TshyveError } from '../errors.js';
import { renderMetrics, type MetricsSnapshot } from './metrics.js';

export const metricsContentType = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsAddress {
  /** An IP literal (IPv6 without brackets) or `localhost`. */
  host: string;
  /** 0 asks the kernel for a free port. */
  port: number;
}

export interface MetricsServer {
  /** The address actually bound (IPv6 without brackets). */
  address: string;
  port: number;
  close(): Promise<void>;
}

/** `127.0.0.1:9419`, `[::1]:9419`, `localhost:9419`; anything else is a TSHYVE_USAGE error. */
export function parseMetricsAddress(text: string): MetricsAddress {
  const bad = (why: string) =>
    new TshyveError(
      'TSHYVE_USAGE',
      `--metrics ${JSON.stringify(text)}: ${why} (expected HOST:PORT with an IP address or localhost, e.g. 127.0.0.1:9419 or [::1]:9419)`,
    );
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (!m) throw bad('not HOST:PORT');
  const host = m[1] ?? m[2]!;
  if (m[1] !== undefined ? isIP(host) !== 6 : host !== 'localhost' && isIP(host) !== 4) {
    throw bad(m[1] !== undefined ? 'not an IPv6 address' : 'not an IP address or localhost (host names are not resolved)');
  }
  const port = Number(m[3]);
  if (port > 65535) throw bad('port out of range 0-65535');
  return { host, port };
}

function respond(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': status === 200 ? metricsContentType : 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse, provider: () => Promise<MetricsSnapshot>): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/metrics') return respond(res, 404, 'not found: metrics are at /metrics\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return respond(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
  let body: string;
  try {
    body = renderMetrics(await provider());
  } catch (err) {
    return respond(res, 500, `cannot collect metrics: ${(err as Error).message}\n`);
  }
  if (req.method === 'HEAD') {
    res.writeHead(200, { 'Content-Type': metricsContentType, 'Content-Length': Buffer.byteLength(body) });
    res.end();
    return;
  }
  respond(res, 200, body);
}

/** Listens on `address` (parseMetricsAddress) and serves `provider()`'s snapshot at every scrape. */
export async function startMetricsServer(address: string, provider: () => Promise<MetricsSnapshot>): Promise<MetricsServer> {
  const { host, port } = parseMetricsAddress(address);
  const server = createServer((req, res) => {
    handle(req, res, provider).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? 'the port is already in use'
          : err.code === 'EADDRNOTAVAIL'
            ? 'no interface of this host has that address'
            : err.code === 'EACCES'
              ? 'permission denied (ports below 1024 need root)'
              : err.message;
      reject(new TshyveError('TSHYVE_CONFLICT', `cannot serve metrics on ${address}: ${why}`, { cause: err }));
    });
    server.listen({ host, port, exclusive: true }, () => resolve());
  });
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new TshyveError('TSHYVE_INTERNAL', 'metrics server has no TCP address');
  return {
    address: bound.address,
    port: bound.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
