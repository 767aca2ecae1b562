// Bridge nat/dhcp and NIC address/ports resolution (schema Bridge.spec.nat/dhcp, Nic.address/ports):
// defaults, static addresses derived from MACs (stable, collision-free, independent of file order),
// and each diagnostic at its file:line:col with its code.
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';

const H = 'apiVersion: tshyve.dev/v1alpha1\n';
const bridge = (spec: string) => `${H}kind: Bridge\nmetadata:\n  name: lan\nspec:\n  name: tshlan0\n${spec}`;
const vm = (name: string, nics: string) =>
  `${H}kind: VirtualMachine\nmetadata:\n  name: ${name}\nspec:\n  cpus: 1\n  memory: 64MiB\n` +
  `  firmware: { linux: { kernel: /boot/vmlinuz } }\n  nics:\n${nics}`;
const DHCP = '  addresses: [10.20.0.1/24]\n  dhcp:\n    range: 10.20.0.100-10.20.0.199\n';

function load(...docs: string[]) {
  return loadSpecTexts(docs.map((text, i) => ({ file: `f${i}.yaml`, text })));
}
const errors = (r: ReturnType<typeof load>) =>
  r.diagnostics
    .filter((d) => d.severity === 'error' && !d.code.startsWith('file.'))
    .map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.path}`);
const messages = (r: ReturnType<typeof load>) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
const nicsOf = (r: ReturnType<typeof load>) =>
  Object.fromEntries(r.state.vms.flatMap((v) => v.nics.map((n, i) => [`${v.meta.name}/${i}`, n.address])));

describe('bridge nat and dhcp', () => {
  it('fills the defaults: upper half as range, 1h leases, the bridge as DNS server, NAT out of the default route', () => {
    const r = load(bridge('  addresses: [10.20.0.1/24]\n  nat: true\n  dhcp: true\n'));
    expect(errors(r)).toEqual([]);
    expect(r.state.bridges[0]).toMatchObject({
      nat: { uplinks: [], subnet: '10.20.0.0/24' },
      dhcp: {
        address: '10.20.0.1',
        subnet: '10.20.0.0/24',
        prefixLength: 24,
        rangeStart: '10.20.0.128',
        rangeEnd: '10.20.0.254',
        leaseSeconds: 3600,
        dns: ['10.20.0.1'],
      },
    });
  });

  it('takes the lower half when the bridge address sits in the upper one', () => {
    const r = load(bridge('  addresses: [10.20.0.254/24]\n  dhcp: true\n'));
    expect(r.state.bridges[0]!.dhcp).toMatchObject({ rangeStart: '10.20.0.1', rangeEnd: '10.20.0.127' });
  });

  it('keeps named uplinks, lease time and DNS servers', () => {
    const r = load(bridge('  addresses: [10.20.0.1/24]\n  nat: { uplinks: [eth0, wlan0] }\n  dhcp: { leaseTime: 12h, dns: [9.9.9.9] }\n'));
    expect(errors(r)).toEqual([]);
    expect(r.state.bridges[0]!.nat!.uplinks).toEqual(['eth0', 'wlan0']);
    expect(r.state.bridges[0]!.dhcp).toMatchObject({ leaseSeconds: 43200, dns: ['9.9.9.9'] });
  });

  it('dhcp and nat need an IPv4 address on the bridge', () => {
    const r = load(bridge('  addresses: [fd00::1/64]\n  nat: true\n  dhcp: true\n'));
    expect(errors(r)).toEqual(['f0.yaml:8:8 nat.no-address spec.nat', 'f0.yaml:9:9 dhcp.no-address spec.dhcp']);
    expect(messages(r)[1]).toContain('add one to `addresses` in CIDR form, e.g. 10.77.0.1/24');
  });

  it('the range must lie inside the subnet', () => {
    const r = load(bridge('  addresses: [10.20.0.1/24]\n  dhcp:\n    range: 10.20.0.100-10.20.1.10\n'));
    expect(errors(r)).toEqual(['f0.yaml:9:12 dhcp.range-outside spec.dhcp.range']);
    expect(messages(r)[0]).toContain("is not inside the bridge's subnet 10.20.0.0/24");
  });

  it('the range must not contain the bridge address, nor run backwards', () => {
    expect(errors(load(bridge('  addresses: [10.20.0.1/24]\n  dhcp:\n    range: 10.20.0.1-10.20.0.50\n')))).toEqual([
      'f0.yaml:9:12 dhcp.range-bridge-address spec.dhcp.range',
    ]);
    expect(errors(load(bridge('  addresses: [10.20.0.1/24]\n  dhcp:\n    range: 10.20.0.50-10.20.0.10\n')))).toEqual([
      'f0.yaml:9:12 dhcp.range spec.dhcp.range',
    ]);
  });

  it('refuses a lease shorter than dnsmasq accepts', () => {
    expect(errors(load(bridge('  addresses: [10.20.0.1/24]\n  dhcp:\n    leaseTime: 30s\n')))).toEqual([
      'f0.yaml:9:16 dhcp.lease-time spec.dhcp.leaseTime',
    ]);
  });

  it('a NAT uplink cannot be the bridge itself or one of its members', () => {
    const r = load(bridge('  addresses: [10.20.0.1/24]\n  members: [eth1]\n  nat:\n    uplinks: [tshlan0, eth1]\n'));
    expect(errors(r)).toEqual(['f0.yaml:10:15 nat.uplink spec.nat.uplinks[0]', 'f0.yaml:10:24 nat.uplink spec.nat.uplinks[1]']);
  });
});

describe('static addresses', () => {
  const three = [
    bridge(DHCP),
    vm('web', '    - bridge: lan\n'),
    vm('db', '    - bridge: lan\n    - bridge: lan\n'),
    vm('pinned', '    - bridge: lan\n      address: 10.20.0.5\n'),
  ];

  it('derives one per NIC from its MAC, inside the subnet, outside the range, never the bridge or a pinned one', () => {
    const r = load(...three);
    expect(errors(r)).toEqual([]);
    const a = nicsOf(r);
    expect(a['pinned/0']).toBe('10.20.0.5');
    const all = Object.values(a);
    expect(new Set(all).size).toBe(4);
    for (const address of all) {
      const last = Number(address!.split('.')[3]);
      expect(address!.startsWith('10.20.0.')).toBe(true);
      expect(last === 1 || last === 0 || last === 255 || (last >= 100 && last <= 199)).toBe(false);
    }
  });

  it('is the same whatever the file order, and stays when another VM is added', () => {
    const forward = nicsOf(load(...three));
    const backward = nicsOf(load(...[...three].reverse()));
    expect(backward).toEqual(forward);
    const more = nicsOf(load(...three, vm('zz', '    - bridge: lan\n')));
    for (const [k, v] of Object.entries(forward)) expect(more[k]).toBe(v);
  });

  it('probes past collisions: a subnet with few free addresses still gives every NIC its own', () => {
    const tiny = bridge('  addresses: [10.20.0.1/29]\n  dhcp:\n    range: 10.20.0.4-10.20.0.5\n');
    const r = load(tiny, vm('a', '    - bridge: lan\n'), vm('b', '    - bridge: lan\n'), vm('c', '    - bridge: lan\n'));
    expect(errors(r)).toEqual([]);
    expect(Object.values(nicsOf(r)).sort()).toEqual(['10.20.0.2', '10.20.0.3', '10.20.0.6']);
    const full = load(tiny, ...['a', 'b', 'c', 'd'].map((n) => vm(n, '    - bridge: lan\n')));
    expect(errors(full)).toEqual(['f4.yaml:10:7 nic.address-exhausted spec.nics[0]']);
  });

  it('gives NICs on bridges without dhcp no address and leaves the spec hash alone', () => {
    const r = load(bridge('  addresses: [10.20.0.1/24]\n'), vm('web', '    - bridge: lan\n'));
    expect(r.state.vms[0]!.nics[0]!.address).toBeUndefined();
    const withDhcp = load(bridge(DHCP), vm('web', '    - bridge: lan\n'));
    expect(withDhcp.state.vms[0]!.specHash).toBe(r.state.vms[0]!.specHash);
  });
});

describe('pinned addresses and port forwards', () => {
  const pin = (address: string) => vm('web', `    - bridge: lan\n      address: ${address}\n`);

  it('a pinned address must be inside the subnet, outside the range, not the bridge', () => {
    expect(errors(load(bridge(DHCP), pin('10.21.0.5')))).toEqual(['f1.yaml:11:16 nic.address-outside spec.nics[0].address']);
    expect(errors(load(bridge(DHCP), pin('10.20.0.255')))).toEqual(['f1.yaml:11:16 nic.address-outside spec.nics[0].address']);
    expect(errors(load(bridge(DHCP), pin('10.20.0.150')))).toEqual(['f1.yaml:11:16 nic.address-in-range spec.nics[0].address']);
    expect(errors(load(bridge(DHCP), pin('10.20.0.1')))).toEqual(['f1.yaml:11:16 nic.address-bridge spec.nics[0].address']);
  });

  it('a pinned address is unique on its bridge (the first VM by name keeps it, whatever the file order)', () => {
    const r = load(bridge(DHCP), pin('10.20.0.9'), vm('db', '    - bridge: lan\n      address: 10.20.0.9\n'));
    expect(errors(r)).toEqual(['f1.yaml:11:16 nic.address-duplicate spec.nics[0].address']);
    expect(messages(r)[0]).toBe('address 10.20.0.9 is already pinned by db nics[0]');
  });

  it('a pinned address needs a dhcp bridge', () => {
    expect(errors(load(bridge('  addresses: [10.20.0.1/24]\n'), pin('10.20.0.9')))).toEqual([
      'f1.yaml:11:16 nic.address-no-dhcp spec.nics[0].address',
    ]);
  });

  it('resolves ports with tcp and 127.0.0.1 by default', () => {
    const r = load(
      bridge(DHCP),
      vm('web', '    - bridge: lan\n      ports: [{ host: 2222, guest: 22 }, { host: 53, guest: 53, protocol: udp, address: 0.0.0.0 }]\n'),
    );
    expect(errors(r)).toEqual([]);
    expect(r.state.vms[0]!.nics[0]!.ports).toEqual([
      { host: 2222, guest: 22, protocol: 'tcp', address: '127.0.0.1' },
      { host: 53, guest: 53, protocol: 'udp', address: '0.0.0.0' },
    ]);
  });

  it('ports need the NIC on a dhcp bridge', () => {
    const r = load(bridge('  addresses: [10.20.0.1/24]\n'), vm('web', '    - bridge: lan\n      ports: [{ host: 2222, guest: 22 }]\n'));
    expect(errors(r)).toEqual(['f1.yaml:11:14 ports.no-dhcp spec.nics[0].ports']);
  });

  it('host ports are unique per address and protocol over all VMs; 0.0.0.0 clashes with every address', () => {
    const ports = (p: string) => `    - bridge: lan\n      ports: [${p}]\n`;
    const ok = load(bridge(DHCP), vm('a', ports('{ host: 80, guest: 80 }')), vm('b', ports('{ host: 80, guest: 80, protocol: udp }')));
    expect(errors(ok)).toEqual([]);
    const same = load(bridge(DHCP), vm('a', ports('{ host: 80, guest: 80 }')), vm('b', ports('{ host: 80, guest: 8080 }')));
    expect(errors(same)).toEqual(['f2.yaml:11:23 ports.duplicate spec.nics[0].ports[0].host']);
    expect(messages(same)[0]).toBe('host port 127.0.0.1:80/tcp is already forwarded to a nics[0]; pick another host port');
    const wild = load(bridge(DHCP), vm('a', ports('{ host: 80, guest: 80 }')), vm('b', ports('{ host: 80, guest: 80, address: 0.0.0.0 }')));
    expect(errors(wild)).toEqual(['f2.yaml:11:23 ports.duplicate spec.nics[0].ports[0].host']);
  });
});
