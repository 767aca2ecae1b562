// Parsers of `ip -j -d link` and `ip -j addr`, fed output recorded in a scratch namespace.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeLinksAndAddresses, parseIpAddr, parseIpLink } from '../../src/host/parse-ip.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/host/${name}`, import.meta.url), 'utf8');

describe('parseIpLink', () => {
  const links = parseIpLink(fixture('ip-d-j-link.json'));

  it('reads a bridge with mtu, up flag and alias', () => {
    expect(links.get('tshbr0')).toEqual({
      ifname: 'tshbr0',
      kind: 'bridge',
      mtu: 9000,
      up: true,
      alias: 'tshyve:bridge/lan',
      addresses: [],
    });
  });

  it('reads tap flags and master', () => {
    const tap0 = links.get('tap0')!;
    expect(tap0).toMatchObject({ kind: 'tun', master: 'tshbr0', mtu: 9000, up: true, alias: 'tshyve:tap/tap0' });
    expect(tap0.tun).toEqual({ type: 'tap', vnetHeader: true, multiQueue: false, persist: true });
    expect(links.get('tap1')).toMatchObject({ up: false, tun: { type: 'tap', vnetHeader: false, multiQueue: true } });
  });

  it('reads other kinds and plain devices', () => {
    expect(links.get('uplink0')).toMatchObject({ kind: 'veth', master: 'tshbr0' });
    expect(links.get('brhand')).toMatchObject({ kind: 'bridge', up: false });
    expect(links.get('brhand')!.alias).toBeUndefined();
    expect(links.get('lo')!.kind).toBeUndefined();
  });

  it('accepts empty output and rejects non-arrays', () => {
    expect(parseIpLink('').size).toBe(0);
    expect(() => parseIpLink('{}')).toThrow(/JSON array/);
  });
});

describe('parseIpAddr', () => {
  it('keeps global addresses and drops IPv6 link-local ones', () => {
    const addrs = parseIpAddr(fixture('ip-j-addr.json'));
    expect(addrs.get('tshbr0')).toEqual(['10.77.0.1/24']);
    expect(addrs.get('lo')).toEqual([]);
    const merged = mergeLinksAndAddresses(parseIpLink(fixture('ip-d-j-link.json')), addrs);
    expect(merged.get('tshbr0')!.addresses).toEqual(['10.77.0.1/24']);
  });
});
