// Linux argv for the network services: dnsmasq(8) per DHCP bridge, nft(8) for table `inet tshyve`,
// sysctl(8). Under a network namespace each runs through `ip netns exec NAME` (ip-netns(8)).
import { TshyveError } from '../errors.js';
import type { DnsmasqFiles } from './dnsmasq-config.js';
import { NFT_FAMILY, NFT_TABLE } from './nft-ruleset.js';
import { IFNAME_PATTERN, NETNS_PATTERN, type HostCommand, type HostOperation } from './operations.js';

type NetworkOperation = Extract<HostOperation, { op: `dnsmasq.${string}` | `nft.${string}` | 'sysctl.set' }>;

/** Seconds a stopped dnsmasq gets to exit before the step fails. */
const STOP_WAIT_SECONDS = '10';

function checkPath(path: string): string {
  if (!path.startsWith('/') || path.includes('\0') || path.split('/').includes('..'))
    throw new TshyveError('TSHYVE_INTERNAL', `refusing service path ${JSON.stringify(path)}: expected an absolute path without ..`);
  return path;
}

function checkPid(pid: number): string {
  if (!Number.isSafeInteger(pid) || pid <= 1) throw new TshyveError('TSHYVE_INTERNAL', `refusing pid ${pid}`);
  return String(pid);
}

/** `net.ipv4.conf.br.0.route_localnet` → `net/ipv4/conf/br.0/route_localnet`: interface names may hold dots. */
export function sysctlPath(key: string): string {
  if (key === 'net.ipv4.ip_forward') return 'net/ipv4/ip_forward';
  const m = /^net\.ipv4\.conf\.(.+)\.route_localnet$/.exec(key);
  if (m && IFNAME_PATTERN.test(m[1]!)) return `net/ipv4/conf/${m[1]}/route_localnet`;
  throw new TshyveError('TSHYVE_INTERNAL', `refusing sysctl ${JSON.stringify(key)}: not one tshyve manages`);
}

/** Wraps an argv to run inside the namespace, when there is one. */
export function inNetns(argv: string[], netns?: string): string[] {
  if (!netns) return argv;
  if (!NETNS_PATTERN.test(netns)) throw new TshyveError('TSHYVE_INTERNAL', `refusing network namespace ${JSON.stringify(netns)}`);
  return ['ip', 'netns', 'exec', netns, ...argv];
}

/** Creates the file empty with mode 0600, then fills it from stdin (execa's stdin is a socket: /dev/stdin cannot be opened). */
const writeFile = (path: string, text: string): HostCommand[] => [
  { argv: ['install', '-m', '0600', '/dev/null', checkPath(path)] },
  { argv: ['dd', `of=${path}`, 'status=none'], stdin: text },
];

function stopPids(pids: number[]): HostCommand[] {
  if (pids.length === 0) return [];
  const ids = pids.map(checkPid);
  return [
    // A process that exited since it was observed is already what the step wants.
    { argv: ['kill', '-TERM', '--', ...ids], okExitCodes: [1] },
    ...ids.map((p) => ({ argv: ['timeout', STOP_WAIT_SECONDS, 'tail', `--pid=${p}`, '--sleep-interval=0.1', '-f', '/dev/null'] })),
  ];
}

function removeFiles(files: DnsmasqFiles): HostCommand {
  return { argv: ['rm', '-f', '--', ...[files.config, files.hosts, files.leases, files.pid].map(checkPath)] };
}

export function buildNetworkCommands(operation: NetworkOperation, netns?: string): HostCommand[] {
  switch (operation.op) {
    case 'dnsmasq.start': {
      const f = operation.files;
      return [
        { argv: ['install', '-d', '-m', '0700', '--', checkPath(operation.parentDir), checkPath(f.dir)] },
        ...writeFile(f.config, operation.config),
        ...writeFile(f.hosts, operation.hosts),
        { argv: ['touch', '--', checkPath(f.leases)] },
        { argv: ['chmod', '0600', '--', f.leases] },
        { argv: ['rm', '-f', '--', checkPath(f.pid)] },
        // dnsmasq forks into the background and writes its pid file; the process outlives tshyve.
        { argv: inNetns(['dnsmasq', `--conf-file=${f.config}`], netns), creates: true },
        // dnsmasq writes it 0644 before its launcher exits (a failure to write it is a startup error).
        { argv: ['chmod', '0600', '--', f.pid] },
      ];
    }
    case 'dnsmasq.reload':
      return [...writeFile(operation.files.hosts, operation.hosts), { argv: ['kill', '-HUP', '--', checkPid(operation.pid)] }];
    case 'dnsmasq.stop':
      return stopPids(operation.pids);
    case 'dnsmasq.stop-pidfile':
      return [{ argv: ['pkill', '-TERM', '--pidfile', checkPath(operation.files.pid), '--', 'dnsmasq'], okExitCodes: [1] }];
    case 'dnsmasq.remove-files':
      return [removeFiles(operation.files), { argv: ['rmdir', '--ignore-fail-on-non-empty', '--', checkPath(operation.files.dir)] }];
    case 'nft.write':
      return [{ argv: inNetns(['nft', '-f', '-'], netns), stdin: operation.script }];
    case 'nft.delete':
      return [{ argv: inNetns(['nft', 'delete', 'table', NFT_FAMILY, NFT_TABLE], netns) }];
    case 'sysctl.set':
      return [{ argv: inNetns(['sysctl', '-q', '-w', `${sysctlPath(operation.key)}=${operation.value}`], netns) }];
  }
}
