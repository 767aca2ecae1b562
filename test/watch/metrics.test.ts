// The agent's Prometheus endpoint scraped over loopback and read back by a Prometheus text-format
// parser from npm (parse-prometheus-text-format, prom2json's output shape): families, types, escaping.
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TshyveError } from '../../src/errors.js';
import { AgentMetricsRecorder, renderMetrics, vmStates, type MetricsSnapshot } from '../../src/watch/metrics.js';
import { metricsContentType, parseMetricsAddress, startMetricsServer } from '../../src/watch/metrics-server.js';

interface ParsedFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'SUMMARY' | 'HISTOGRAM' | 'UNTYPED';
  metrics: { value?: string; labels?: Record<string, string>; count?: string; sum?: string }[];
}
const parse = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => ParsedFamily[];

const oddName = 'we"ird\\vm\nline2';
const oddDisk = '/var/lib/tshyve/a "b"\\c\nd.img';
const snapshot: MetricsSnapshot = {
  vms: [
    {
      name: 'hello',
      phase: 'running',
      restarts: 2,
      lastExitStatus: 1,
      uptimeSeconds: 12.5,
      vcpus: 2,
      memoryBytes: 33554432,
      stats: {
        userspaceExits: 110,
        exits: { io: 100, mmio: 7, intr: 3, hlt: 0, shutdown: 0, system_event: 0, fail_entry: 0, internal_error: 0, other: 0 },
        disks: [
          {
            slot: 4,
            function: 0,
            path: oddDisk,
            readRequests: 5,
            readBytes: 20480,
            writeRequests: 1,
            writeBytes: 4096,
            flushRequests: 1,
            discardRequests: 0,
            writeZeroesRequests: 0,
            otherRequests: 1,
            errors: 0,
            throttled: 3,
          },
        ],
        nics: [
          {
            slot: 3,
            function: 0,
            tap: 'tshyve-hello0',
            rxPackets: 4,
            rxBytes: 240,
            rxDropped: 0,
            txPackets: 9,
            txBytes: 540,
            txDropped: 1,
            rxThrottled: 0,
            txThrottled: 2,
          },
        ],
      },
    },
    { name: oddName, phase: 'crash-loop', restarts: 0, vcpus: 1, memoryBytes: 16777216 },
  ],
  agent: {
    passes: 3,
    lastPassDurationSeconds: 0.25,
    passDurationSecondsSum: 0.75,
    changesApplied: 4,
    errors: 1,
    heldBackFiles: 2,
    lastAppliedRevision: '3f2a1c9',
  },
};

function family(families: ParsedFamily[], name: string): ParsedFamily {
  const f = families.find((x) => x.name === name);
  if (!f) throw new Error(`no family ${name} in ${families.map((x) => x.name).join(', ')}`);
  return f;
}
function value(f: ParsedFamily, labels: Record<string, string>): number {
  const m = f.metrics.filter((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
  expect(m, `${f.name}${JSON.stringify(labels)}`).toHaveLength(1);
  return Number(m[0]!.value);
}

async function scrape(port: number, path = '/metrics') {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('renderMetrics', () => {
  const families = parse(renderMetrics(snapshot));

  it('gives every family HELP and a type; counters end in _total', () => {
    expect(families.length).toBeGreaterThan(20);
    for (const f of families) {
      expect(f.name).toMatch(/^tshyve_[a-z_]+$/);
      expect(f.help.length, f.name).toBeGreaterThan(5);
      if (f.type === 'COUNTER') expect(f.name).toMatch(/_total$/);
      if (f.name.endsWith('_total')) expect(f.type, f.name).toBe('COUNTER');
    }
  });

  it('reports VM state, restarts, exit status, uptime, size', () => {
    const state = family(families, 'tshyve_vm_state');
    expect(state.type).toBe('GAUGE');
    for (const s of vmStates) expect(value(state, { vm: 'hello', state: s })).toBe(s === 'running' ? 1 : 0);
    expect(value(state, { vm: oddName, state: 'crash-loop' })).toBe(1);
    expect(value(family(families, 'tshyve_vm_restarts_total'), { vm: 'hello' })).toBe(2);
    expect(value(family(families, 'tshyve_vm_last_exit_status'), { vm: 'hello' })).toBe(1);
    expect(family(families, 'tshyve_vm_last_exit_status').metrics).toHaveLength(1); // none for a VM without one
    expect(value(family(families, 'tshyve_vm_uptime_seconds'), { vm: 'hello' })).toBe(12.5);
    expect(value(family(families, 'tshyve_vm_vcpus'), { vm: oddName })).toBe(1);
    expect(value(family(families, 'tshyve_vm_memory_bytes'), { vm: 'hello' })).toBe(33554432);
  });

  it('reports the VMM counters by exit kind, disk and NIC', () => {
    const exits = family(families, 'tshyve_vm_exits_total');
    expect(value(exits, { vm: 'hello', kind: 'io' })).toBe(100);
    expect(value(exits, { vm: 'hello', kind: 'mmio' })).toBe(7);
    expect(exits.metrics.filter((m) => m.labels?.vm === oddName)).toEqual([]); // no stats: no samples
    const disk = { vm: 'hello', disk: oddDisk };
    expect(value(family(families, 'tshyve_virtio_blk_read_requests_total'), disk)).toBe(5);
    expect(value(family(families, 'tshyve_virtio_blk_read_bytes_total'), disk)).toBe(20480);
    expect(value(family(families, 'tshyve_virtio_blk_write_bytes_total'), disk)).toBe(4096);
    expect(value(family(families, 'tshyve_virtio_blk_flush_requests_total'), disk)).toBe(1);
    const nic = { vm: 'hello', nic: 'tshyve-hello0' };
    expect(value(family(families, 'tshyve_virtio_net_rx_packets_total'), nic)).toBe(4);
    expect(value(family(families, 'tshyve_virtio_net_tx_bytes_total'), nic)).toBe(540);
    expect(value(family(families, 'tshyve_virtio_net_tx_dropped_total'), nic)).toBe(1);
    expect(value(family(families, 'tshyve_virtio_blk_throttled_total'), disk)).toBe(3);
    expect(value(family(families, 'tshyve_virtio_net_tx_throttled_total'), nic)).toBe(2);
  });

  it('reports reconcile passes as a summary plus changes, errors, held-back files and the revision', () => {
    const d = family(families, 'tshyve_reconcile_duration_seconds');
    expect(d.type).toBe('SUMMARY');
    expect(d.metrics).toEqual([{ count: '3', sum: '0.75' }]);
    expect(Number(family(families, 'tshyve_reconcile_last_duration_seconds').metrics[0]!.value)).toBe(0.25);
    expect(Number(family(families, 'tshyve_reconcile_changes_total').metrics[0]!.value)).toBe(4);
    expect(Number(family(families, 'tshyve_reconcile_errors_total').metrics[0]!.value)).toBe(1);
    expect(Number(family(families, 'tshyve_held_back_files').metrics[0]!.value)).toBe(2);
    expect(value(family(families, 'tshyve_last_applied_revision_info'), { revision: '3f2a1c9' })).toBe(1);
  });

  it('escapes quotes, backslashes and newlines in label values so they parse back exactly', () => {
    const text = renderMetrics(snapshot);
    expect(text).toContain('vm="we\\"ird\\\\vm\\nline2"');
    expect(text.split('\n').every((l) => l === '' || l.startsWith('# ') || /^tshyve_\w+(\{.*\})? \S+$/.test(l))).toBe(true);
    expect(family(families, 'tshyve_vm_vcpus').metrics.map((m) => m.labels?.vm)).toEqual(['hello', oddName]);
  });

  it('leaves out families that have no samples', () => {
    const empty = parse(
      renderMetrics({ vms: [], agent: { passes: 0, passDurationSecondsSum: 0, changesApplied: 0, errors: 0, heldBackFiles: 0 } }),
    );
    expect(empty.map((f) => f.name)).not.toContain('tshyve_vm_state');
    expect(empty.map((f) => f.name)).not.toContain('tshyve_last_applied_revision_info');
    expect(family(empty, 'tshyve_reconcile_duration_seconds').metrics).toEqual([{ count: '0', sum: '0' }]);
  });
});

describe('AgentMetricsRecorder', () => {
  it('sums passes, durations, changes and failed passes', () => {
    const r = new AgentMetricsRecorder();
    r.recordPass({ durationMs: 250, changes: 2, ok: true });
    r.recordPass({ durationMs: 500, changes: 0, ok: false });
    r.setHeldBackFiles(1);
    r.setLastAppliedRevision('3f2a1c9');
    expect(r.snapshot()).toEqual({
      passes: 2,
      lastPassDurationSeconds: 0.5,
      passDurationSecondsSum: 0.75,
      changesApplied: 2,
      errors: 1,
      heldBackFiles: 1,
      lastAppliedRevision: '3f2a1c9',
    });
  });
});

describe('parseMetricsAddress', () => {
  it('takes an IP literal or localhost and a port', () => {
    expect(parseMetricsAddress('127.0.0.1:9419')).toEqual({ host: '127.0.0.1', port: 9419 });
    expect(parseMetricsAddress('[::1]:9419')).toEqual({ host: '::1', port: 9419 });
    expect(parseMetricsAddress('localhost:0')).toEqual({ host: 'localhost', port: 0 });
    expect(parseMetricsAddress('0.0.0.0:9419')).toEqual({ host: '0.0.0.0', port: 9419 });
  });

  for (const bad of [
    '9419',
    ':9419',
    '127.0.0.1',
    '127.0.0.1:',
    'example.com:9419',
    '::1:9419',
    '[127.0.0.1]:9419',
    '127.0.0.1:65536',
    '127.0.0.1:94a',
    '300.1.1.1:80',
    'localhost:9419/metrics',
    ' 127.0.0.1:9419',
  ]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      expect(() => parseMetricsAddress(bad)).toThrow(TshyveError);
      try {
        parseMetricsAddress(bad);
      } catch (e) {
        expect((e as TshyveError).code).toBe('TSHYVE_USAGE');
        expect((e as Error).message).toContain('--metrics');
      }
    });
  }
});

describe('startMetricsServer', () => {
  it('serves GET /metrics over loopback in the 0.0.4 text format, 404 elsewhere', async () => {
    let scrapes = 0;
    const server = await startMetricsServer('127.0.0.1:0', async () => {
      scrapes++;
      return { ...snapshot, agent: { ...snapshot.agent, passes: scrapes } };
    });
    try {
      expect(server.address).toBe('127.0.0.1');
      expect(server.port).toBeGreaterThan(0);
      const a = await scrape(server.port);
      expect(a.status).toBe(200);
      expect(a.type).toBe(metricsContentType);
      expect(a.type).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(family(parse(a.body), 'tshyve_reconcile_duration_seconds').metrics[0]!.count).toBe('1');
      const b = await scrape(server.port, '/metrics?x=1');
      expect(family(parse(b.body), 'tshyve_reconcile_duration_seconds').metrics[0]!.count).toBe('2'); // a fresh snapshot each scrape
      expect((await scrape(server.port, '/')).status).toBe(404);
      expect((await scrape(server.port, '/metricsx')).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await server.close();
    }
    await expect(fetch(`http://127.0.0.1:${server.port}/metrics`)).rejects.toThrow(); // closed
  });

  it('answers 500 when the snapshot cannot be taken', async () => {
    const server = await startMetricsServer('127.0.0.1:0', async () => {
      throw new Error('state dir unreadable');
    });
    try {
      const r = await scrape(server.port);
      expect(r.status).toBe(500);
      expect(r.body).toContain('state dir unreadable');
    } finally {
      await server.close();
    }
  });

  it('refuses a port that is taken with a clear error', async () => {
    const other = createServer();
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const port = (other.address() as { port: number }).port;
    try {
      const err = await startMetricsServer(`127.0.0.1:${port}`, async () => snapshot).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TshyveError);
      expect((err as TshyveError).code).toBe('TSHYVE_CONFLICT');
      expect((err as Error).message).toBe(`cannot serve metrics on 127.0.0.1:${port}: the port is already in use`);
    } finally {
      await new Promise((r) => other.close(r));
    }
  });

  it('refuses an address this host does not have', async () => {
    const err = await startMetricsServer('192.0.2.1:9419', async () => snapshot).catch((e: unknown) => e);
    expect((err as TshyveError).code).toBe('TSHYVE_CONFLICT');
    expect((err as Error).message).toContain('no interface of this host has that address');
  });
});
