// Diff of one DHCP bridge's dnsmasq: start it when no process runs with its config, restart it when
// its config, pid file or files drifted (or it runs twice), SIGHUP it when only the static leases changed.
import { dnsmasqConfig, dnsmasqHosts, parseDnsmasqHosts } from '../host/dnsmasq-config.js';
import type { ObservedNetwork } from '../host/network-observation.js';
import type { HostOperation } from '../host/operations.js';
import type { DesiredState, ResolvedBridge } from '../model/resolved.js';
import { DEFAULT_STATE_DIR, statePaths } from '../state/paths.js';
import { ownedEntry, type DiffContext } from './diff-context.js';
import { serviceFiles, serviceRecord, staticLeases } from './network-services.js';
import type { Change } from './types.js';

export interface BridgeState {
  blocked: Set<string>;
  replaced: Set<string>;
}

function leaseReasons(before: string, after: string): string[] {
  const [a, b] = [parseDnsmasqHosts(before), parseDnsmasqHosts(after)];
  return [
    ...[...b].filter(([mac, ip]) => a.get(mac) !== ip).map(([mac, ip]) => `static lease + ${mac} ${ip}`),
    ...[...a].filter(([mac, ip]) => b.get(mac) !== ip).map(([mac, ip]) => `static lease - ${mac} ${ip}`),
  ];
}

export function diffDnsmasq(
  ctx: DiffContext,
  network: ObservedNetwork,
  desired: DesiredState,
  b: ResolvedBridge,
  bridgeState: BridgeState,
): Change {
  const files = serviceFiles(ctx.options.stateDir, b.meta.name);
  const dhcp = b.dhcp!;
  const base = { kind: 'dnsmasq' as const, id: b.ifname, resource: b.meta.name };
  if (bridgeState.blocked.has(b.ifname))
    return {
      ...base,
      action: 'no-op',
      reasons: [],
      ops: [],
      undo: [],
      blocked: { code: 'conflict', message: `dnsmasq of ${b.ifname} waits: its bridge is in conflict` },
    };
  const config = dnsmasqConfig(
    {
      bridge: b.meta.name,
      ifname: b.ifname,
      address: dhcp.address,
      prefixLength: dhcp.prefixLength,
      rangeStart: dhcp.rangeStart,
      rangeEnd: dhcp.rangeEnd,
      leaseSeconds: dhcp.leaseSeconds,
      dns: dhcp.dns,
      router: Boolean(b.nat),
    },
    files,
  );
  const leases = staticLeases(desired, b.meta.name);
  const hosts = dnsmasqHosts(leases);
  const seen = network.dnsmasq.get(files.dir) ?? { pids: [], leases: false };
  const owned = ownedEntry(ctx, 'dnsmasq', files.dir);
  const start: HostOperation = {
    op: 'dnsmasq.start',
    files,
    parentDir: statePaths(ctx.options.stateDir ?? DEFAULT_STATE_DIR).networksDir,
    config,
    hosts,
  };
  const undo: HostOperation[] = [
    { op: 'dnsmasq.stop-pidfile', files },
    { op: 'dnsmasq.remove-files', files },
  ];
  const rec = serviceRecord(ctx, 'dnsmasq', files.dir, b.meta.name);
  const summary = `dhcp ${dhcp.rangeStart}-${dhcp.rangeEnd} on ${b.ifname}, ${leases.length} static lease${leases.length === 1 ? '' : 's'}`;
  if (seen.pids.length === 0)
    return {
      ...base,
      action: 'create',
      reasons: [...(owned ? ['not running (killed?): start again'] : []), summary],
      ops: [start],
      undo,
      record: rec,
    };
  const problems: string[] = [];
  if (seen.pids.length > 1) problems.push(`runs ${seen.pids.length} times (pids ${seen.pids.join(', ')})`);
  else if (seen.pidFile !== seen.pids[0])
    problems.push(seen.pidFile ? `pid file names ${seen.pidFile}, not ${seen.pids[0]}` : 'pid file missing');
  if (seen.config === undefined) problems.push('configuration file missing');
  else if (seen.config !== config) {
    const old = new Set(seen.config.split('\n'));
    problems.push(
      `configuration changed: ${
        config
          .split('\n')
          .filter((l) => l && !l.startsWith('#') && !old.has(l))
          .join(', ') || 'lines removed'
      }`,
    );
  }
  if (seen.hosts === undefined) problems.push('static lease file missing');
  if (!seen.leases) problems.push('lease file missing');
  if (bridgeState.replaced.has(b.ifname)) problems.push('its bridge is recreated');
  if (problems.length)
    return { ...base, action: 'replace', reasons: problems, ops: [{ op: 'dnsmasq.stop', pids: seen.pids }, start], undo, record: rec };
  if (seen.hosts !== hosts)
    return {
      ...base,
      action: 'update',
      reasons: [...leaseReasons(seen.hosts ?? '', hosts), 'SIGHUP, no restart'],
      ops: [{ op: 'dnsmasq.reload', files, hosts, pid: seen.pids[0]! }],
      undo: [],
      record: rec,
    };
  return { ...base, action: 'no-op', reasons: [], ops: [], undo: [], ...(owned ? {} : { record: rec }) };
}
