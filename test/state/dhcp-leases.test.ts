// dnsmasq lease files (its `EXPIRY MAC IP HOSTNAME CLIENT-ID` lines) and the guest addresses and SSH
// endpoint derived from them and the resolved NICs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activeLease, parseLeases, readLeases } from '../../src/state/dhcp-leases.js';
import { guestAddresses, primaryAddress, sshEndpoint } from '../../src/state/guest-address.js';
import { BRIDGE_YAML, leaseLine, resolveVms, writeLeases } from '../cli/guest-fixture.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('dnsmasq lease file', () => {
  it('reads IPv4 leases, skips DHCPv6 lines, torn lines and junk', () => {
    const leases = parseLeases(
      [
        '1767225600 58:9C:FC:00:00:01 10.99.0.10 web 01:58:9c:fc:00:00:01',
        '0 58:9c:fc:00:00:02 10.99.0.11 * *',
        'duid 00:01:00:01:2c:5a:12:34:58:9c:fc:00:00:01',
        '1767225600 1234 fd00::10 web 00:01:00:01',
        'garbage line',
        '1767225600 58:9c:fc:00:00:03 10.99.0.300 x *',
        '1767225600 58:9c:fc:00:00:04 10.99.0', // torn mid-address: no hostname field yet
      ].join('\n'),
    );
    expect(leases).toEqual([
      { expiresAtMs: 1767225600_000, mac: '58:9c:fc:00:00:01', ip: '10.99.0.10', hostname: 'web' },
      { expiresAtMs: 0, mac: '58:9c:fc:00:00:02', ip: '10.99.0.11' },
    ]);
  });

  it('ignores expired leases, keeps never-expiring ones, prefers the latest expiry', () => {
    const now = 1_700_000_000_000;
    const leases = parseLeases(
      [
        `1699999999 58:9c:fc:00:00:01 10.99.0.5 a *`,
        `1700000100 58:9c:fc:00:00:01 10.99.0.6 a *`,
        `0 58:9c:fc:00:00:02 10.99.0.7 b *`,
      ].join('\n'),
    );
    expect(activeLease(leases, '58:9C:FC:00:00:01', now)?.ip).toBe('10.99.0.6');
    expect(activeLease(leases, '58:9c:fc:00:00:01', 1_700_000_200_000)).toBeUndefined();
    expect(activeLease(leases, '58:9c:fc:00:00:02', now)?.ip).toBe('10.99.0.7');
    expect(activeLease(leases, '58:9c:fc:00:00:09', now)).toBeUndefined();
  });

  it('a missing file is no leases', async () => {
    expect(await readLeases('/nonexistent/leases')).toEqual([]);
  });
});

const VMS = `${BRIDGE_YAML}---
apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: web }
spec:
  cpus: 1
  memory: 32MiB
  firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }
  nics: [{ bridge: lan }, { bridge: lan, mac: "02:00:00:00:00:02" }]
`;

describe('guest addresses', () => {
  it('per NIC from the lease of its MAC on its bridge; unknown is null', async () => {
    const state = mkdtempSync(join(tmpdir(), 'tshyve-leases-'));
    dirs.push(state);
    const [web] = resolveVms(VMS);
    expect(primaryAddress(await guestAddresses(state, web!))).toBeNull();
    writeLeases(state, 'lan', [leaseLine('02:00:00:00:00:02', '10.99.0.42'), leaseLine(web!.nics[0]!.mac, '10.99.0.41', -10)]);
    const addresses = await guestAddresses(state, web!);
    expect(addresses.map((a) => [a.address, a.source])).toEqual([
      [null, null],
      ['10.99.0.42', 'lease'],
    ]);
    expect(primaryAddress(addresses)).toBe('10.99.0.42');
    expect(sshEndpoint(web!, addresses)).toEqual({ host: '10.99.0.42', port: 22, via: 'guest' });
  });

  it('falls back to the static address of the resolved NIC; a forward to guest port 22 wins for ssh', async () => {
    const state = mkdtempSync(join(tmpdir(), 'tshyve-leases-'));
    dirs.push(state);
    const [web] = resolveVms(VMS);
    const nics = web!.nics.map((n, i) =>
      i === 0 ? { ...n, address: '10.99.0.20', ports: [{ host: 2222, guest: 22, protocol: 'tcp' as const, address: '127.0.0.1' }] } : n,
    );
    const vm = { ...web!, nics };
    const addresses = await guestAddresses(state, vm);
    expect(addresses[0]).toMatchObject({ address: '10.99.0.20', source: 'static' });
    expect(sshEndpoint(vm, addresses)).toEqual({ host: '127.0.0.1', port: 2222, via: 'forward' });
    const udpOnly = {
      ...web!,
      nics: [{ ...web!.nics[0]!, ports: [{ host: 5353, guest: 22, protocol: 'udp' as const, address: '127.0.0.1' }] }],
    };
    expect(sshEndpoint(udpOnly, [])).toBeUndefined();
  });
});
