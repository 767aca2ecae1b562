// The Linux argv builders: exact argv per operation, `ip -n NS` for namespaces, and names refused
// before they could reach a command.
import { describe, expect, it } from 'vitest';
import { buildLinuxCommands } from '../../src/host/linux-commands.js';

const argv = (...args: Parameters<typeof buildLinuxCommands>) => buildLinuxCommands(...args).map((c) => c.argv);

describe('buildLinuxCommands', () => {
  it('creates a bridge, then sets mtu, alias and up (in a namespace)', () => {
    expect(argv({ op: 'bridge.create', ifname: 'tshbr0', mtu: 9000, alias: 'tshyve:bridge/lan' }, { netns: 'ns1' })).toEqual([
      ['ip', '-n', 'ns1', 'link', 'add', 'name', 'tshbr0', 'type', 'bridge'],
      ['ip', '-n', 'ns1', 'link', 'set', 'dev', 'tshbr0', 'mtu', '9000', 'alias', 'tshyve:bridge/lan', 'up'],
    ]);
  });

  it('creates a tap with flags and master', () => {
    expect(
      argv({ op: 'tap.create', ifname: 'tap0', mtu: 1500, alias: 'tshyve:tap/t', vnetHeader: true, multiQueue: true, master: 'br0' }),
    ).toEqual([
      ['ip', 'tuntap', 'add', 'dev', 'tap0', 'mode', 'tap', 'vnet_hdr', 'multi_queue'],
      ['ip', 'link', 'set', 'dev', 'tap0', 'mtu', '1500', 'alias', 'tshyve:tap/t', 'master', 'br0', 'up'],
    ]);
    expect(
      buildLinuxCommands({ op: 'tap.create', ifname: 'tap0', mtu: 1500, alias: 'a', vnetHeader: false, multiQueue: false })[0]!.creates,
    ).toBe(true);
  });

  it('sets, detaches and deletes links; adds addresses', () => {
    expect(argv({ op: 'link.set', ifname: 'tap0', master: null, up: true })).toEqual([
      ['ip', 'link', 'set', 'dev', 'tap0', 'nomaster', 'up'],
    ]);
    expect(argv({ op: 'link.delete', ifname: 'tap0' })).toEqual([['ip', 'link', 'delete', 'dev', 'tap0']]);
    expect(argv({ op: 'addr.add', ifname: 'br0', address: '10.0.0.1/24' })).toEqual([
      ['ip', 'address', 'add', '10.0.0.1/24', 'dev', 'br0'],
    ]);
  });

  it('refuses unsafe names, namespaces, paths and addresses', () => {
    expect(() => buildLinuxCommands({ op: 'link.delete', ifname: '-rf' })).toThrow(/refusing interface/);
    expect(() => buildLinuxCommands({ op: 'link.delete', ifname: 'averyveryverylongname' })).toThrow(/refusing/);
    expect(() => buildLinuxCommands({ op: 'link.delete', ifname: 'ok' }, { netns: 'a b' })).toThrow(/refusing/);
    expect(() => buildLinuxCommands({ op: 'file.delete', path: 'relative.img' })).toThrow(/absolute/);
    expect(() => buildLinuxCommands({ op: 'file.delete', path: '/a/../etc/passwd' })).toThrow(/absolute/);
    expect(() => buildLinuxCommands({ op: 'addr.add', ifname: 'br0', address: '1.2.3.4/24 dev lo' })).toThrow(/refusing address/);
  });

  it('builds file volumes under a hidden temporary, flushed and linked into place; copy with reflink', () => {
    const tmp = '/v/.a.img.tshyve-partial';
    const finish = [
      ['sync', '--', tmp],
      ['ln', '-T', '--', tmp, '/v/a.img'],
      ['rm', '-f', '--', tmp],
      ['sync', '--', '/v'],
    ];
    expect(argv({ op: 'file.create', path: '/v/a.img', sizeBytes: 1048576, sparse: true })).toEqual([
      ['mkdir', '-p', '--', '/v'],
      ['rm', '-f', '--', tmp],
      ['truncate', '--size', '>1048576', '--', tmp],
      ...finish,
    ]);
    expect(argv({ op: 'file.create', path: '/v/a.img', sizeBytes: 4096, sparse: false })).toEqual([
      ['mkdir', '-p', '--', '/v'],
      ['rm', '-f', '--', tmp],
      ['fallocate', '--length', '4096', '--', tmp],
      ...finish,
    ]);
    const copy = buildLinuxCommands({ op: 'file.create', path: '/v/a.img', sizeBytes: 4096, sparse: true, sourceImage: '/img/base.raw' });
    expect(copy.map((c) => c.argv)).toEqual([
      ['mkdir', '-p', '--', '/v'],
      ['rm', '-f', '--', tmp],
      ['cp', '--sparse=always', '--reflink=auto', '--', '/img/base.raw', tmp],
      // cp keeps the source's mode: a read-only image still gives a writable volume.
      ['chmod', 'u+w', '--', tmp],
      ['truncate', '--size', '>4096', '--', tmp],
      ...finish,
    ]);
    // Only the link brings the volume into existence; every command that writes the temporary removes it on failure.
    expect(copy.filter((c) => c.creates).map((c) => c.argv[0])).toEqual(['ln']);
    expect(copy.filter((c) => c.cleanup).map((c) => c.argv[0])).toEqual(['cp', 'chmod', 'truncate', 'sync', 'ln']);
    expect(copy[2]!.progress).toEqual({ path: tmp, sourcePath: '/img/base.raw' });
    expect(argv({ op: 'file.grow', path: '/v/a.img', sizeBytes: 8192, sparse: true })).toEqual([
      ['truncate', '--size', '>8192', '--', '/v/a.img'],
    ]);
    expect(argv({ op: 'file.delete', path: '/v/a.img' })).toEqual([['rm', '-f', '--', '/v/a.img', tmp]]);
  });

  it('builds zfs commands', () => {
    expect(
      argv({
        op: 'zvol.create',
        dataset: 'tank/vms/web',
        sizeBytes: 17179869184,
        sparse: true,
        volmode: 'dev',
        properties: { compression: 'lz4' },
        resource: 'web-disk',
      }),
    ).toEqual([
      [
        'zfs',
        'create',
        '-p',
        '-s',
        '-V',
        '17179869184',
        '-o',
        'volmode=dev',
        '-o',
        'compression=lz4',
        '-o',
        'tshyve:resource=web-disk',
        'tank/vms/web',
      ],
    ]);
    expect(
      argv({
        op: 'zvol.create',
        dataset: 'tank/w',
        sizeBytes: 8192,
        sparse: false,
        volmode: 'dev',
        properties: {},
        resource: 'w',
        sourceImage: '/img/b.raw',
      })[1],
    ).toEqual(['dd', 'if=/img/b.raw', 'of=/dev/zvol/tank/w', 'bs=1M', 'conv=sparse,notrunc,fsync', 'status=none']);
    expect(argv({ op: 'zvol.set', dataset: 'tank/vms/web', property: 'volsize', value: '34359738368' })).toEqual([
      ['zfs', 'set', 'volsize=34359738368', 'tank/vms/web'],
    ]);
    expect(argv({ op: 'zvol.destroy', dataset: 'tank/vms/web' })).toEqual([['zfs', 'destroy', 'tank/vms/web']]);
    expect(() => buildLinuxCommands({ op: 'zvol.destroy', dataset: 'tank' })).toThrow(/refusing ZFS/);
  });
});
