// Pure: the nftables rendering of table `inet tshyve` (nft(8) syntax and its -j listing), the dnsmasq
// config, and the plans for network services given plain observations (no host is touched).
import { describe, expect, it } from 'vitest';
import { dnsmasqConfig, dnsmasqHosts, leaseHostname } from '../../src/host/dnsmasq-config.js';
import type { ObservedDnsmasq, ObservedNetwork } from '../../src/host/network-observation.js';
import { desiredChains, nftScript, parseNftTable, renderChains, type NftChain } from '../../src/host/nft-ruleset.js';
import type { HostBackend } from '../../src/host/backend.js';
import { buildLinuxCommands } from '../../src/host/linux-commands.js';
import { applyPlan } from '../../src/reconcile/apply.js';
import { serviceFiles } from '../../src/reconcile/diff-nat.js';
import { formatPlan } from '../../src/reconcile/format-plan.js';
import { planFromObservation } from '../../src/reconcile/reconcile-host.js';
import type { Plan } from '../../src/reconcile/types.js';
import type { Inventory, InventoryEntry } from '../../src/state/inventory.js';
import { bridgeLink, linuxBackend, observation, specs, tapLink } from '../reconcile/helpers.js';

const H = 'apiVersion: tshyve.dev/v1alpha1\n';
const BRIDGE = `${H}kind: Bridge\nmetadata: { name: lan }\nspec: { name: br0, addresses: [10.9.0.1/24], nat: true, dhcp: { range: 10.9.0.100-10.9.0.199 } }\n`;
const VM = (ports = '') =>
  `${H}kind: VirtualMachine\nmetadata: { name: web }\nspec:\n  cpus: 1\n  memory: 64MiB\n  run: Halted\n` +
  `  firmware: { linux: { kernel: /boot/vmlinuz } }\n  nics: [{ bridge: lan, mac: '02:00:00:00:00:01', address: 10.9.0.7${ports} }]\n`;
const STATE = '/st';
const FILES = serviceFiles(STATE, 'lan');

describe('table inet tshyve', () => {
  const chains = desiredChains({
    masquerade: [{ subnet: '10.9.0.0/24', bridge: 'br0', uplinks: ['eth0'] }],
    forwards: [
      { protocol: 'tcp', address: '127.0.0.1', host: 2222, guestAddress: '10.9.0.7', guest: 22, bridge: 'br0' },
      { protocol: 'udp', address: '0.0.0.0', host: 5353, guestAddress: '10.9.0.7', guest: 53, bridge: 'br0' },
    ],
  });

  it('DNATs loopback forwards in output only, others in prerouting too, and masquerades loopback sources toward the bridge', () => {
    expect(renderChains(chains)).toEqual([
      'chain prerouting nat prerouting -100 accept',
      '  fib daddr type local udp dport 5353 dnat ip to 10.9.0.7:53',
      'chain output nat output -100 accept',
      '  ip daddr 127.0.0.1 tcp dport 2222 dnat ip to 10.9.0.7:22',
      '  fib daddr type local udp dport 5353 dnat ip to 10.9.0.7:53',
      'chain postrouting nat postrouting 100 accept',
      '  ip saddr 10.9.0.0/24 ip daddr != 10.9.0.0/24 oifname "eth0" masquerade',
      '  ip saddr 127.0.0.0/8 oifname "br0" masquerade',
      'chain forward filter forward 0 accept',
      '  iifname "br0" accept',
      '  oifname "br0" ct state established,related accept',
      '  oifname "br0" ct status dnat accept',
    ]);
  });

  it('is one transaction that replaces the whole table and touches no other', () => {
    const script = nftScript(chains);
    expect(script.split('\n').slice(0, 3)).toEqual(['table inet tshyve', 'delete table inet tshyve', 'table inet tshyve {']);
    expect(
      script.match(/^\s*(table|delete table) (\S+) (\S+)/gm)!.every((l) => l.trim().endsWith('inet tshyve') || l.trim().endsWith('{')),
    ).toBe(true);
    expect(buildLinuxCommands({ op: 'nft.write', script }, { netns: 'ns1' })).toEqual([
      { argv: ['ip', 'netns', 'exec', 'ns1', 'nft', '-f', '-'], stdin: script },
    ]);
  });

  it('renders a listing back to the same lines, and anything it does not know as JSON (a difference, so drift)', () => {
    const listing = (expr: unknown[], policy = 'accept') =>
      JSON.stringify({
        nftables: [
          { metainfo: { version: '1.0.6' } },
          { table: { family: 'inet', name: 'tshyve', handle: 1 } },
          { chain: { family: 'inet', table: 'tshyve', name: 'forward', handle: 2, type: 'filter', hook: 'forward', prio: 0, policy } },
          { rule: { family: 'inet', table: 'tshyve', chain: 'forward', handle: 3, expr } },
        ],
      });
    const accept = [{ match: { op: '==', left: { meta: { key: 'iifname' } }, right: 'br0' } }, { accept: null }];
    expect(renderChains(parseNftTable(listing(accept)))).toEqual(['chain forward filter forward 0 accept', '  iifname "br0" accept']);
    expect(renderChains(parseNftTable(listing(accept, 'drop')))[0]).toBe('chain forward filter forward 0 drop');
    const odd = parseNftTable(listing([{ counter: { packets: 0, bytes: 0 } }, { accept: null }]));
    expect(odd[0]!.rules).toEqual(['{"counter":{"packets":0,"bytes":0}} accept']);
  });
});

describe('dnsmasq input', () => {
  it('binds to the bridge only, keeps its files in the service directory, announces the router only for NAT', () => {
    const service = {
      bridge: 'lan',
      ifname: 'br0',
      address: '10.9.0.1',
      prefixLength: 24,
      rangeStart: '10.9.0.100',
      rangeEnd: '10.9.0.199',
      leaseSeconds: 3600,
      dns: ['10.9.0.1'],
      router: true,
    };
    const text = dnsmasqConfig(service, FILES);
    for (const line of [
      'interface=br0',
      'bind-interfaces',
      'except-interface=lo',
      'dhcp-range=10.9.0.100,10.9.0.199,255.255.255.0,3600',
      `dhcp-hostsfile=${FILES.hosts}`,
      `dhcp-leasefile=${FILES.leases}`,
      `pid-file=${FILES.pid}`,
      'dhcp-option=option:router,10.9.0.1',
      'dhcp-option=option:dns-server,10.9.0.1',
    ])
      expect(text.split('\n')).toContain(line);
    expect(dnsmasqConfig({ ...service, router: false }, FILES)).toContain('dhcp-option=option:router\n');
  });

  it('writes static leases sorted by MAC with safe hostnames', () => {
    expect(
      dnsmasqHosts([
        { mac: '02:00:00:00:00:02', address: '10.9.0.8', hostname: 'db_1' },
        { mac: '02:00:00:00:00:01', address: '10.9.0.7', hostname: 'web' },
      ]),
    ).toBe('02:00:00:00:00:01,10.9.0.7,web\n02:00:00:00:00:02,10.9.0.8,db-1\n');
    expect(leaseHostname('--')).toBe('guest');
  });
});

const network = (parts: Partial<ObservedNetwork> & { dnsmasq?: Map<string, ObservedDnsmasq> } = {}): ObservedNetwork => ({
  dnsmasq: new Map(),
  nftables: { ok: true, value: undefined },
  sysctls: new Map([['net.ipv4.ip_forward', '0']]),
  defaultRoute: { ok: true, value: 'eth0' },
  ports: new Map(),
  dnsmasqInstalled: true,
  ...parts,
});

const owned = (kind: InventoryEntry['kind'], id: string, extra: Partial<InventoryEntry> = {}): InventoryEntry => ({
  kind,
  id,
  resource: kind === 'dnsmasq' ? 'lan' : id,
  origin: 'created',
  createdAt: 't',
  ...extra,
});
const linkEntries = [owned('bridge', 'br0', { resource: 'lan' }), owned('tap', 'tsh-web-0', { resource: 'web-nic0' })];

function plan(text: string, net: ObservedNetwork, entries: InventoryEntry[] = [], mode: 'apply' | 'destroy' = 'apply'): Plan {
  const s = specs(text);
  const inventory: Inventory = { version: 1, entries: [...linkEntries, ...entries] };
  const obs = {
    ...observation({ links: [bridgeLink('br0', { addresses: ['10.9.0.1/24'] }), tapLink('tsh-web-0', { master: 'br0' })] }),
    network: net,
  };
  return planFromObservation(
    { desired: s.desired, documentCount: s.documentCount, inventory, backend: linuxBackend, mode, stateDir: STATE },
    obs,
  );
}
const lines = (p: Plan) => formatPlan(p).filter((l) => !/^[+~] (bridge|tap) /.test(l));
describe('network service plans', () => {
  const running = (over: Partial<ObservedDnsmasq> = {}): Map<string, ObservedDnsmasq> => {
    const p = plan(BRIDGE + '---\n' + VM(), network());
    const start = p.steps.find((s) => s.change.kind === 'dnsmasq')!.change.ops[0] as { config: string; hosts: string };
    return new Map([[FILES.dir, { pids: [4242], pidFile: 4242, config: start.config, hosts: start.hosts, leases: true, ...over }]]);
  };

  it('starts dnsmasq, sets ip_forward and writes the table on a fresh host', () => {
    const p = plan(BRIDGE + '---\n' + VM(', ports: [{ host: 2222, guest: 22 }]'), network());
    expect(lines(p)).toEqual([
      '~ sysctl net.ipv4.ip_forward: 0 → 1 (NAT bridge lan)',
      '~ sysctl net.ipv4.conf.br0.route_localnet: unset → 1 (port forwards to 127.0.0.1)',
      '+ dnsmasq br0 (lan): dhcp 10.9.0.100-10.9.0.199 on br0, 1 static lease',
      '+ nftables inet tshyve: masquerade 10.9.0.0/24 → eth0, forward tcp 127.0.0.1:2222 → 10.9.0.7:22',
      'Plan: 2 to add, 2 to change, 0 to destroy.',
    ]);
    const start = p.steps.find((s) => s.change.kind === 'dnsmasq')!;
    expect(start.commands.slice(-2).map((c) => c.argv)).toEqual([
      ['dnsmasq', `--conf-file=${FILES.config}`],
      ['chmod', '0600', '--', FILES.pid],
    ]);
    expect(start.commands.find((c) => c.argv.includes(`of=${FILES.hosts}`))!.stdin).toBe('02:00:00:00:00:01,10.9.0.7,web\n');
    expect(p.steps.find((s) => s.change.id === 'net.ipv4.ip_forward')!.change.record!.previous).toBe('0');
  });

  it('sets ip_forward for forwards from other hosts even without NAT, and route_localnet only for loopback ones', () => {
    const dhcpOnly = BRIDGE.replace('nat: true, ', '');
    const p = plan(dhcpOnly + '---\n' + VM(', ports: [{ host: 8080, guest: 80, address: 0.0.0.0 }]'), network());
    expect(lines(p).filter((l) => l.includes('sysctl'))).toEqual(['~ sysctl net.ipv4.ip_forward: 0 → 1 (port forwards from other hosts)']);
    expect(lines(p)).toContain('+ nftables inet tshyve: forward tcp 0.0.0.0:8080 → 10.9.0.7:80');
  });

  it('reloads with SIGHUP when only the static leases change, and never starts a second dnsmasq', () => {
    const p = plan(
      BRIDGE + '---\n' + VM(),
      network({ dnsmasq: running({ hosts: '' }), sysctls: new Map([['net.ipv4.ip_forward', '1']]) }),
      [owned('dnsmasq', FILES.dir)],
    );
    const step = p.steps.find((s) => s.change.kind === 'dnsmasq')!;
    expect(step.change.action).toBe('update');
    expect(step.change.reasons).toEqual(['static lease + 02:00:00:00:00:01 10.9.0.7', 'SIGHUP, no restart']);
    expect(step.commands.map((c) => c.argv[0])).toEqual(['install', 'dd', 'kill']);
    expect(step.commands.at(-1)!.argv).toEqual(['kill', '-HUP', '--', '4242']);
  });

  it('restarts dnsmasq when its config changed, its lease file went, or it runs twice', () => {
    const cases: [Partial<ObservedDnsmasq>, RegExp][] = [
      [{ config: 'interface=br0\n' }, /configuration changed: /],
      [{ leases: false }, /lease file missing/],
      [{ pids: [4242, 4343] }, /runs 2 times \(pids 4242, 4343\)/],
    ];
    for (const [over, reason] of cases) {
      const p = plan(BRIDGE + '---\n' + VM(), network({ dnsmasq: running(over) }), [owned('dnsmasq', FILES.dir)]);
      const step = p.steps.find((s) => s.change.kind === 'dnsmasq')!;
      expect(step.change.action).toBe('replace');
      expect(step.change.reasons.join(', ')).toMatch(reason);
      expect(step.commands[0]!.argv).toEqual(['kill', '-TERM', '--', ...(over.pids ?? [4242]).map(String)]);
      expect(step.commands.at(-2)!.argv[0]).toBe('dnsmasq');
    }
  });

  it('refuses a forward whose host port is taken and NAT without a default route, in the plan', () => {
    const p = plan(
      BRIDGE + '---\n' + VM(', ports: [{ host: 2222, guest: 22 }]'),
      network({ ports: new Map([['127.0.0.1:2222/tcp', 'EADDRINUSE']]), defaultRoute: { ok: true, value: undefined } }),
    );
    expect(lines(p).filter((l) => l.startsWith('!'))).toEqual([
      '! bridge br0: NAT out of the default route, but the host has no IPv4 default route; name `nat.uplinks`',
    ]);
    const q = plan(
      BRIDGE + '---\n' + VM(', ports: [{ host: 2222, guest: 22 }]'),
      network({ ports: new Map([['127.0.0.1:2222/tcp', 'EADDRINUSE']]) }),
    );
    expect(lines(q)).toContain(
      '! host port 127.0.0.1:2222/tcp for web nics[0] is taken on this host (EADDRINUSE); free it or pick another `host` port',
    );
    expect(q.summary.blocked).toBe(1);
  });

  it('rewrites the table when its listing differs, and leaves it when it matches', () => {
    const desired = plan(BRIDGE + '---\n' + VM(), network()).steps.find((s) => s.change.kind === 'nftables')!;
    const script = (desired.change.ops[0] as { script: string }).script;
    expect(script).toContain('oifname "eth0" masquerade');
    const chains: NftChain[] = desiredChains({ masquerade: [{ subnet: '10.9.0.0/24', bridge: 'br0', uplinks: ['eth0'] }], forwards: [] });
    const same = plan(BRIDGE + '---\n' + VM(), network({ nftables: { ok: true, value: chains } }), [owned('nftables', 'inet tshyve')]);
    expect(same.changes.find((c) => c.kind === 'nftables')!.action).toBe('no-op');
    const edited = chains.map((c) => (c.name === 'postrouting' ? { ...c, rules: [] } : c));
    const drift = plan(BRIDGE + '---\n' + VM(), network({ nftables: { ok: true, value: edited } }), [owned('nftables', 'inet tshyve')]);
    expect(drift.changes.find((c) => c.kind === 'nftables')!.reasons[0]).toBe('rewrite the table (1 line to add, 0 to remove)');
  });

  it('destroy stops dnsmasq, removes its files and the table, and restores ip_forward to what it was', () => {
    const entries = [
      owned('dnsmasq', FILES.dir),
      owned('nftables', 'inet tshyve'),
      owned('sysctl', 'net.ipv4.ip_forward', { previous: '0' }),
    ];
    const chains = desiredChains({ masquerade: [{ subnet: '10.9.0.0/24', bridge: 'br0', uplinks: ['eth0'] }], forwards: [] });
    const p = plan(
      BRIDGE + '---\n' + VM(),
      network({ dnsmasq: running(), nftables: { ok: true, value: chains }, sysctls: new Map([['net.ipv4.ip_forward', '1']]) }),
      entries,
      'destroy',
    );
    expect(lines(p).slice(0, 3)).toEqual([
      '- nftables inet tshyve: destroy',
      '- dnsmasq lan: destroy',
      '- sysctl net.ipv4.ip_forward: restore 1 → 0 (destroy)',
    ]);
    const argv = p.steps.flatMap((s) => s.commands.map((c) => c.argv.join(' ')));
    expect(argv).toContain('nft delete table inet tshyve');
    expect(argv).toContain('kill -TERM -- 4242');
    expect(argv).toContain(`rm -f -- ${FILES.config} ${FILES.hosts} ${FILES.leases} ${FILES.pid}`);
    expect(argv).toContain('sysctl -q -w net/ipv4/ip_forward=0');
  });

  it('a dnsmasq that exited between plan and apply does not fail its stop (kill exits 1), any other failure does', async () => {
    const entries = [owned('dnsmasq', FILES.dir)];
    const plainBridge = `${H}kind: Bridge\nmetadata: { name: lan }\nspec: { name: br0, addresses: [10.9.0.1/24] }\n`;
    const p = plan(plainBridge, network({ dnsmasq: running() }), entries, 'apply');
    const run = async (killExit: number) => {
      const backend: HostBackend = {
        platform: 'test',
        commandsFor: (op) => buildLinuxCommands(op),
        observe: async () => observation(),
        facts: async () => ({ isRoot: true, capNetAdmin: true, freeBytes: async () => 1e12, pathExists: async () => true }),
        run: async (c) => ({ exitCode: c.argv[0] === 'kill' ? killExit : 0, stdout: '', stderr: 'no such process', durationMs: 1 }),
      };
      return applyPlan(p, backend, { inventory: { version: 1, entries: [...linkEntries, ...entries] }, saveInventory: async () => {} });
    };
    expect(p.steps.find((s) => s.change.kind === 'dnsmasq')!.change.action).toBe('delete');
    expect((await run(1)).ok).toBe(true);
    expect((await run(2)).ok).toBe(false);
  });
});
