// Integration: a NAT + DHCP bridge applied by the real `tshyve apply/destroy` inside a "host" network
// namespace this test creates (real dnsmasq, nft, sysctl), a "guest" namespace on the bridge through a
// veth (busybox udhcpc), and an "outside" one behind the uplink. The machine's own ruleset is never touched.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadSpecs } from '../../src/manifest/load.js';

const tag = `${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
const HOST = `tshyve-nat-h-${tag}`;
const GUEST = `tshyve-nat-g-${tag}`;
const OUTSIDE = `tshyve-nat-o-${tag}`;
const H = 'apiVersion: tshyve.dev/v1alpha1\n';

function which(tool: string): boolean {
  return ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(join(d, tool)));
}

function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  for (const tool of ['nft', 'dnsmasq', 'busybox']) if (!which(tool)) return `${tool} is not installed (scripts/setup.sh)`;
  try {
    execFileSync('ip', ['netns', 'add', HOST], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot create a network namespace: ${(error as Error).message}`;
  }
}

const skip = skipReason();
if (skip) console.warn(`skipping NAT network tests: ${skip}`);

const root = mkdtempSync(join(tmpdir(), 'tshyve-nat-'));
const specDir = join(root, 'specs');
const stateDir = join(root, 'state');
const netDir = join(stateDir, 'networks', 'lan');

const BRIDGE = `${H}kind: Bridge\nmetadata: { name: lan }\nspec: { name: tshnat0, addresses: [10.77.0.1/24], nat: true, dhcp: { range: 10.77.0.100-10.77.0.199 } }\n`;
const vm = (name: string, nic: string) =>
  `${H}kind: VirtualMachine\nmetadata: { name: ${name} }\nspec:\n  cpus: 1\n  memory: 64MiB\n  run: Halted\n` +
  `  firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }\n  nics: [${nic}]\n`;
const WEB_PORTS = 'ports: [{ host: 2222, guest: 22 }, { host: 5353, guest: 53, protocol: udp }]';

function writeSpecs(...docs: string[]): void {
  rmSync(specDir, { recursive: true, force: true });
  mkdirSync(specDir, { recursive: true });
  writeFileSync(join(specDir, 'net.yaml'), docs.join('---\n'));
}

async function tshyve(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, specDir, '--state-dir', stateDir, '--netns', HOST], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const run = (...argv: string[]) => execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const inNs = (ns: string, ...argv: string[]) => run('ip', 'netns', 'exec', ns, ...argv);
/** Runs a short Node script inside a namespace and returns what it printed. */
const nodeIn = (ns: string, script: string) => inNs(ns, 'timeout', '10', process.execPath, '-e', script).trim();

const children: ChildProcess[] = [];
function serveIn(ns: string, script: string): Promise<void> {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', `${script}; console.log('ready')`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve) => child.stdout!.once('data', () => resolve()));
}

const tableExists = () => {
  try {
    inNs(HOST, 'nft', 'list', 'table', 'inet', 'tshyve');
    return true;
  } catch {
    return false;
  }
};
const foreignTable = () => inNs(HOST, 'nft', 'list', 'table', 'inet', 'hostfw');
let hostTable = '';
const ourDnsmasqPids = () =>
  run('ps', '-eo', 'pid=,args=')
    .split('\n')
    .filter((l) => l.includes(`--conf-file=${join(netDir, 'dnsmasq.conf')}`))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
const sysctl = (key: string) => inNs(HOST, 'cat', `/proc/sys/${key}`).trim();

async function resolvedNic(vmName: string): Promise<{ mac: string; address: string }> {
  const r = await loadSpecs(specDir);
  const nic = r.state.vms.find((v) => v.meta.name === vmName)!.nics[0]!;
  return { mac: nic.mac, address: nic.address! };
}

const TCP_CLIENT = (port: number, host: string) =>
  `const s=require('net').connect(${port},'${host}');s.on('data',d=>{process.stdout.write(String(d));s.destroy()});s.on('error',e=>{console.log('error '+e.code)})`;
const UDP_CLIENT = (port: number, host: string) =>
  `const u=require('dgram').createSocket('udp4');u.on('message',m=>{console.log(String(m));u.close()});u.send('ping',${port},'${host}')`;

describe.skipIf(skip !== undefined)('NAT + DHCP bridge in network namespaces', () => {
  beforeAll(() => {
    for (const ns of [GUEST, OUTSIDE]) run('ip', 'netns', 'add', ns);
    for (const ns of [HOST, GUEST, OUTSIDE]) run('ip', '-n', ns, 'link', 'set', 'lo', 'up');
    // The host's uplink leads to the outside namespace; the default route goes through it.
    run('ip', '-n', HOST, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', OUTSIDE);
    run('ip', '-n', HOST, 'address', 'add', '192.0.2.1/24', 'dev', 'up0');
    run('ip', '-n', HOST, 'link', 'set', 'up0', 'up');
    run('ip', '-n', OUTSIDE, 'address', 'add', '192.0.2.2/24', 'dev', 'eth0');
    run('ip', '-n', OUTSIDE, 'link', 'set', 'eth0', 'up');
    run('ip', '-n', HOST, 'route', 'add', 'default', 'via', '192.0.2.2');
    // A table of the host's own, which tshyve must leave exactly as it is.
    const own =
      'table inet hostfw {\n chain input {\n  type filter hook input priority 10; policy accept;\n  tcp dport 9999 counter accept\n }\n}\n';
    writeFileSync(join(root, 'hostfw.nft'), own);
    inNs(HOST, 'nft', '-f', join(root, 'hostfw.nft'));
    hostTable = foreignTable();
  });

  afterAll(() => {
    for (const c of children) c.kill();
    for (const ns of [GUEST, OUTSIDE, HOST]) {
      try {
        run('ip', 'netns', 'delete', ns);
      } catch {
        /* already gone */
      }
    }
    // A failed run must not leave a dnsmasq behind: stop exactly ours (by pid).
    for (const pid of ourDnsmasqPids()) process.kill(pid);
    rmSync(root, { recursive: true, force: true });
  });

  it('apply starts dnsmasq, writes the table and sets ip_forward, all reported in the plan', async () => {
    writeSpecs(BRIDGE, vm('web', `{ bridge: lan, ${WEB_PORTS} }`), vm('db', '{ bridge: lan, address: 10.77.0.50 }'));
    expect(sysctl('net/ipv4/ip_forward')).toBe('0');
    const r = await tshyve('apply');
    expect(r.err).not.toMatch(/FAILED/);
    expect(r.code).toBe(0);
    expect(r.out).toContain('~ sysctl net.ipv4.ip_forward: 0 → 1 (NAT bridge lan)');
    expect(r.out).toContain('+ dnsmasq tshnat0 (lan): dhcp 10.77.0.100-10.77.0.199 on tshnat0, 2 static leases');
    expect(r.out).toMatch(/\+ nftables inet tshyve: masquerade 10\.77\.0\.0\/24 → up0, forward tcp 127\.0\.0\.1:2222 → 10\.77\.0\.\d+:22/);
    expect(sysctl('net/ipv4/ip_forward')).toBe('1');
    expect(sysctl('net/ipv4/conf/tshnat0/route_localnet')).toBe('1');
    expect(ourDnsmasqPids()).toHaveLength(1);
    expect(tableExists()).toBe(true);
    expect(foreignTable()).toBe(hostTable);
    const web = await resolvedNic('web');
    expect(readFileSync(join(netDir, 'hosts'), 'utf8')).toContain(`${web.mac},${web.address},web\n`);
    expect(readFileSync(join(netDir, 'hosts'), 'utf8')).toContain(',10.77.0.50,db\n');
    expect(statSync(netDir).mode & 0o777).toBe(0o700);
    for (const f of ['dnsmasq.conf', 'hosts', 'leases', 'dnsmasq.pid'])
      expect([f, statSync(join(netDir, f)).mode & 0o777]).toEqual([f, 0o600]);
  });

  it('a second apply changes nothing', async () => {
    const r = await tshyve('apply');
    expect(r.code).toBe(0);
    expect(r.out).toContain('No changes.');
    expect(r.out).not.toMatch(/^[+~!-]/m);
  });

  it('a guest on the bridge gets the static address for its MAC from udhcpc, and the lease file records it', async () => {
    const web = await resolvedNic('web');
    expect(web.address).toMatch(/^10\.77\.0\.\d+$/);
    run('ip', '-n', HOST, 'link', 'add', 'gv0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', GUEST);
    run('ip', '-n', HOST, 'link', 'set', 'gv0', 'master', 'tshnat0', 'up');
    run('ip', '-n', GUEST, 'link', 'set', 'eth0', 'address', web.mac, 'up');
    // udhcpc reports on stderr; `-s /bin/true`: the test configures the address itself below.
    const udhcpc = ['timeout', '30', 'busybox', 'udhcpc', '-i', 'eth0', '-s', '/bin/true', '-q', '-f', '-n', '-t', '10', '-T', '1'];
    const out = spawnSync('ip', ['netns', 'exec', GUEST, ...udhcpc], { encoding: 'utf8' }).stderr;
    expect(out).toContain(`lease of ${web.address} obtained from 10.77.0.1`);
    const lease = readFileSync(join(netDir, 'leases'), 'utf8');
    expect(lease).toMatch(new RegExp(`^\\d+ ${web.mac} ${web.address.replace(/\./g, '\\.')} web `, 'm'));
    run('ip', '-n', GUEST, 'address', 'add', `${web.address}/24`, 'dev', 'eth0');
    run('ip', '-n', GUEST, 'route', 'add', 'default', 'via', '10.77.0.1');
  });

  it('the guest reaches the outside through the masquerade: the outside sees the uplink address', async () => {
    await serveIn(OUTSIDE, `require('net').createServer(s=>s.end(s.remoteAddress)).listen(7000,'192.0.2.2')`);
    expect(nodeIn(GUEST, TCP_CLIENT(7000, '192.0.2.2'))).toBe('192.0.2.1');
  });

  it('TCP and UDP listeners in the guest answer through the forwards on 127.0.0.1 of the host', async () => {
    await serveIn(
      GUEST,
      `require('net').createServer(s=>s.end('tcp ok')).listen(22);` +
        `const u=require('dgram').createSocket('udp4');u.on('message',(m,r)=>u.send('udp '+m,r.port,r.address));u.bind(53)`,
    );
    expect(nodeIn(HOST, TCP_CLIENT(2222, '127.0.0.1'))).toBe('tcp ok');
    expect(nodeIn(HOST, UDP_CLIENT(5353, '127.0.0.1'))).toBe('udp ping');
  });

  it('a new static lease rewrites the hosts file and reloads dnsmasq with SIGHUP, same process', async () => {
    const [before] = ourDnsmasqPids();
    writeSpecs(
      BRIDGE,
      vm('web', `{ bridge: lan, ${WEB_PORTS} }`),
      vm('db', '{ bridge: lan, address: 10.77.0.50 }'),
      vm('cache', '{ bridge: lan }'),
    );
    const r = await tshyve('apply');
    expect(r.code).toBe(0);
    const cache = await resolvedNic('cache');
    expect(r.out).toContain(`~ dnsmasq tshnat0 (lan): static lease + ${cache.mac} ${cache.address}, SIGHUP, no restart`);
    expect(ourDnsmasqPids()).toEqual([before]);
    expect(readFileSync(join(netDir, 'hosts'), 'utf8')).toContain(`${cache.mac},${cache.address},cache\n`);
  });

  it('refuses a forward whose host port another process holds, in the plan', async () => {
    await serveIn(HOST, `require('net').createServer().listen(2223,'127.0.0.1')`);
    writeSpecs(
      BRIDGE,
      vm('web', `{ bridge: lan, ports: [{ host: 2222, guest: 22 }, { host: 5353, guest: 53, protocol: udp }, { host: 2223, guest: 80 }] }`),
    );
    const r = await tshyve('plan');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/! host port 127\.0\.0\.1:2223\/tcp for web nics\[0\] is taken on this host \(EADDRINUSE\)/);
    writeSpecs(
      BRIDGE,
      vm('web', `{ bridge: lan, ${WEB_PORTS} }`),
      vm('db', '{ bridge: lan, address: 10.77.0.50 }'),
      vm('cache', '{ bridge: lan }'),
    );
  });

  it('repairs drift: a deleted table and a killed dnsmasq come back, and the forwards work again', async () => {
    inNs(HOST, 'nft', 'delete', 'table', 'inet', 'tshyve');
    for (const pid of ourDnsmasqPids()) process.kill(pid);
    await new Promise((r) => setTimeout(r, 300));
    // A separate tshyve process this time: the dnsmasq it starts must outlive it.
    const bin = join(import.meta.dirname, '../../bin/tshyve.js');
    const r = spawnSync(process.execPath, [bin, 'apply', specDir, '--state-dir', stateDir, '--netns', HOST], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('+ dnsmasq tshnat0 (lan): not running (killed?): start again');
    expect(r.stdout).toContain('+ nftables inet tshyve: missing from the host (deleted by hand?)');
    await new Promise((done) => setTimeout(done, 300));
    expect(ourDnsmasqPids()).toHaveLength(1);
    expect(Number(readFileSync(join(netDir, 'dnsmasq.pid'), 'utf8'))).toBe(ourDnsmasqPids()[0]);
    expect(nodeIn(HOST, TCP_CLIENT(2222, '127.0.0.1'))).toBe('tcp ok');
    expect((await tshyve('apply')).out).toContain('No changes.');
  });

  it('the agent repairs a rule edited by hand (the whole table rewritten) and a deleted static-lease file (dnsmasq restarted)', async () => {
    const [before] = ourDnsmasqPids();
    inNs(HOST, 'nft', 'flush', 'chain', 'inet', 'tshyve', 'output');
    rmSync(join(netDir, 'hosts'));
    const plan = await tshyve('plan');
    expect(plan.out).toMatch(/~ nftables inet tshyve: rewrite the table \(2 lines to add, 0 to remove\)/);
    expect(plan.out).toContain('-/+ dnsmasq tshnat0 (lan): static lease file missing');
    const r = await tshyve('watch', '--once');
    expect(r.code).toBe(0);
    expect(ourDnsmasqPids()).toHaveLength(1);
    expect(ourDnsmasqPids()[0]).not.toBe(before);
    expect(existsSync(join(netDir, 'hosts'))).toBe(true);
    expect(nodeIn(HOST, UDP_CLIENT(5353, '127.0.0.1'))).toBe('udp ping');
    expect((await tshyve('plan')).out).toContain('No changes.');
  });

  it('destroy leaves no dnsmasq, no table, no lease file, and restores ip_forward', async () => {
    const r = await tshyve('destroy');
    expect(r.err).not.toMatch(/FAILED/);
    expect(r.code).toBe(0);
    expect(ourDnsmasqPids()).toEqual([]);
    expect(tableExists()).toBe(false);
    expect(existsSync(join(netDir, 'leases'))).toBe(false);
    expect(existsSync(join(netDir, 'hosts'))).toBe(false);
    expect(sysctl('net/ipv4/ip_forward')).toBe('0');
    expect(foreignTable()).toBe(hostTable);
    expect(JSON.parse(readFileSync(join(stateDir, 'inventory.json'), 'utf8')).entries).toEqual([]);
  });
});
