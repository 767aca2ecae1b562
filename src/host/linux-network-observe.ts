// Linux observation of the network services: /proc/PID/cmdline for dnsmasq, `nft -j list table`,
// /proc/sys through sysctl(8), `ip -j route show default`, and a bind(2) probe per forwarded port,
// each inside the backend's network namespace when it has one.
import { readdir, readFile, stat } from 'node:fs/promises';
import { findExecutable, runCommand } from './linux-backend.js';
import { inNetns, sysctlPath } from './network-commands.js';
import type { DnsmasqFiles } from './dnsmasq-config.js';
import type { NetworkObserveRequest, ObservedDnsmasq, ObservedNetwork, PortProbe } from './network-observation.js';
import { portKey } from './network-observation.js';
import { parseNftTable } from './nft-ruleset.js';
import type { Observed } from './observation.js';

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** argv of every process, by pid (processes that vanish while reading are skipped). */
async function processArgvs(): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  const entries = await readdir('/proc');
  await Promise.all(
    entries
      .filter((e) => /^[0-9]+$/.test(e))
      .map(async (e) => {
        const text = await readText(`/proc/${e}/cmdline`);
        if (text) out.set(Number(e), text.split('\0').filter(Boolean));
      }),
  );
  return out;
}

async function observeDnsmasq(files: DnsmasqFiles, argvs: Map<number, string[]>): Promise<ObservedDnsmasq> {
  const flag = `--conf-file=${files.config}`;
  const pids = [...argvs]
    .filter(([, argv]) => argv.includes(flag))
    .map(([pid]) => pid)
    .sort((a, b) => a - b);
  const pidText = await readText(files.pid);
  const pidFile = pidText && /^[0-9]+\s*$/.test(pidText) ? Number(pidText) : undefined;
  const [config, hosts, leases] = await Promise.all([
    readText(files.config),
    readText(files.hosts),
    stat(files.leases).then(
      () => true,
      () => false,
    ),
  ]);
  return {
    pids,
    ...(pidFile ? { pidFile } : {}),
    ...(config !== undefined ? { config } : {}),
    ...(hosts !== undefined ? { hosts } : {}),
    leases,
  };
}

async function observeNft(netns?: string): Promise<Observed<ObservedNetwork['nftables'] extends Observed<infer T> ? T : never>> {
  const r = await runCommand({ argv: inNetns(['nft', '-j', 'list', 'table', 'inet', 'tshyve'], netns) });
  if (r.exitCode === 0) {
    try {
      return { ok: true, value: parseNftTable(r.stdout) };
    } catch (error) {
      return { ok: false, error: `cannot parse nft output: ${(error as Error).message}` };
    }
  }
  // `ip netns exec` reports a missing program as `exec of "nft" failed`; nft itself a missing table as `Error: …`.
  if (r.exitCode === 127 || /exec of "nft" failed|ENOENT/.test(r.stderr))
    return { ok: false, error: 'nft is not installed (Debian package nftables)' };
  if (/^Error: No such file or directory/m.test(r.stderr)) return { ok: true, value: undefined };
  return { ok: false, error: `nft exited with ${r.exitCode}: ${r.stderr.trim()}` };
}

async function observeSysctl(key: string, netns?: string): Promise<string | undefined> {
  const path = `/proc/sys/${sysctlPath(key)}`;
  if (!netns) return (await readText(path))?.trim();
  const r = await runCommand({ argv: inNetns(['cat', '--', path], netns) });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

async function observeDefaultRoute(netns?: string): Promise<Observed<string | undefined>> {
  const r = await runCommand({ argv: ['ip', ...(netns ? ['-n', netns] : []), '-j', '-4', 'route', 'show', 'default'] });
  if (r.exitCode !== 0) return { ok: false, error: `ip route exited with ${r.exitCode}: ${r.stderr.trim()}` };
  try {
    const routes = JSON.parse(r.stdout || '[]') as { dev?: string }[];
    return { ok: true, value: routes.find((x) => x.dev)?.dev };
  } catch (error) {
    return { ok: false, error: `cannot parse ip route output: ${(error as Error).message}` };
  }
}

/** Binds each port once and reports the errno of those that cannot be bound (JSON on stdout). */
const PROBE_SCRIPT = `
const net = require('node:net'), dgram = require('node:dgram');
const probes = JSON.parse(process.argv[1]);
const one = (p) => new Promise((done) => {
  const s = p.protocol === 'tcp' ? net.createServer() : dgram.createSocket('udp4');
  s.once('error', (e) => done(e.code || String(e)));
  const close = () => s.close(() => done(null));
  if (p.protocol === 'tcp') s.listen({ port: p.port, host: p.address, exclusive: true }, close);
  else s.bind({ port: p.port, address: p.address, exclusive: true }, close);
});
Promise.all(probes.map(one)).then((r) => process.stdout.write(JSON.stringify(r)));
`;

async function observePorts(probes: PortProbe[], netns?: string): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  if (probes.length === 0) return out;
  const r = await runCommand({ argv: inNetns([process.execPath, '-e', PROBE_SCRIPT, JSON.stringify(probes)], netns) });
  let results: (string | null)[] = [];
  try {
    results = r.exitCode === 0 ? (JSON.parse(r.stdout) as (string | null)[]) : [];
  } catch {
    /* reported below */
  }
  probes.forEach((p, i) =>
    out.set(portKey(p), results.length ? (results[i] ?? undefined) : `cannot probe: ${r.stderr.trim() || `exit ${r.exitCode}`}`),
  );
  return out;
}

export async function observeNetwork(request: NetworkObserveRequest, netns?: string): Promise<ObservedNetwork> {
  const argvs = request.dnsmasq.length ? await processArgvs() : new Map<number, string[]>();
  const [dnsmasq, nftables, sysctls, defaultRoute, ports, dnsmasqPath] = await Promise.all([
    Promise.all(request.dnsmasq.map(async (f) => [f.dir, await observeDnsmasq(f, argvs)] as const)),
    request.nftables ? observeNft(netns) : Promise.resolve({ ok: true as const, value: undefined }),
    Promise.all(request.sysctls.map(async (k) => [k, await observeSysctl(k, netns)] as const)),
    request.defaultRoute ? observeDefaultRoute(netns) : Promise.resolve({ ok: true as const, value: undefined }),
    observePorts(request.ports, netns),
    request.dnsmasq.length ? findExecutable('dnsmasq') : Promise.resolve(undefined),
  ]);
  return { dnsmasq: new Map(dnsmasq), nftables, sysctls: new Map(sysctls), defaultRoute, ports, dnsmasqInstalled: Boolean(dnsmasqPath) };
}
