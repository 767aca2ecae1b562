// `zfs list -H -p` and kernel-module parsers (proc(5) /proc/modules, modules.builtin, /sys/module).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyModule, parseModulesBuiltin, parseProcModules } from '../../src/host/parse-modules.js';
import { parseZfsList } from '../../src/host/parse-zfs.js';
import { poolOf } from '../../src/model/volume-identity.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/host/${name}`, import.meta.url), 'utf8');

describe('parseZfsList', () => {
  it('reads volumes with exact sizes, volmode and the tshyve:resource property', () => {
    const z = parseZfsList(fixture('zfs-list-H-p.txt'));
    expect(z.get('tank')).toEqual({ dataset: 'tank', type: 'filesystem' });
    expect(z.get('tank/vms/web')).toEqual({
      dataset: 'tank/vms/web',
      type: 'volume',
      sizeBytes: 17179869184,
      volmode: 'dev',
      resource: 'web-disk',
    });
    expect(z.get('tank/vms/legacy')!.resource).toBeUndefined();
  });

  it('refuses human-readable sizes and short lines', () => {
    expect(() => parseZfsList('tank/v\tvolume\t16G\tdev\t-\n')).toThrow(/-p/);
    expect(() => parseZfsList('tank\tfilesystem\n')).toThrow(/columns/);
  });

  it('finds the pool of a dataset', () => expect(poolOf('tank/vms/web')).toBe('tank'));
});

describe('kernel modules', () => {
  const loaded = parseProcModules(fixture('proc-modules.txt'));
  it('parses /proc/modules and modules.builtin', () => {
    expect([...loaded]).toEqual(['tun', 'bridge', 'stp', 'llc', 'kvm_intel', 'kvm']);
    expect(parseModulesBuiltin('kernel/net/bridge/bridge.ko\nkernel/drivers/net/tun.ko\n')).toEqual(new Set(['bridge', 'tun']));
  });

  it('classifies from the most direct evidence', () => {
    const none = () => 'absent' as const;
    expect(classifyModule('tun', { loaded, sysModule: none }).state).toBe('loaded');
    expect(classifyModule('vhost_net', { loaded, builtin: new Set(), sysModule: none }).state).toBe('absent');
    // A container without /proc/modules: /sys/module/bridge without initstate means built in.
    expect(classifyModule('bridge', { sysModule: () => 'builtin' })).toEqual({
      name: 'bridge',
      state: 'builtin',
      evidence: '/sys/module/bridge without initstate',
    });
    expect(classifyModule('tun', { sysModule: none, deviceProof: () => '/dev/net/tun' }).state).toBe('builtin');
    expect(classifyModule('tun', { sysModule: none }).state).toBe('unknown');
  });
});
