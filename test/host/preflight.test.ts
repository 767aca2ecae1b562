// Preflight over planned operations: each problem names what to do; nothing here touches the host.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../src/host/backend.js';
import { checkPreflight } from '../../src/host/preflight.js';
import { bridgeLink, observation } from '../reconcile/helpers.js';

const facts = (extra: Partial<HostFacts> = {}): HostFacts => ({
  isRoot: true,
  capNetAdmin: true,
  freeBytes: async () => 1e12,
  pathExists: async () => true,
  ...extra,
});
const zvol = {
  op: 'zvol.create' as const,
  dataset: 'tank/vms/web',
  sizeBytes: 1 << 30,
  sparse: true,
  volmode: 'dev',
  properties: {},
  resource: 'web',
};

describe('checkPreflight', () => {
  it('says clearly that zfs is missing when a zfs volume is requested', async () => {
    const problems = await checkPreflight([zvol], observation({ zvols: 'absent' }), facts());
    expect(problems).toEqual([
      {
        check: 'zfs',
        message: expect.stringMatching(/zfs command is not installed: install OpenZFS \(zfsutils-linux\) or use `file:` volumes/),
      },
    ]);
  });

  it('names a missing pool', async () => {
    const problems = await checkPreflight([zvol], observation({ zvols: [{ dataset: 'rpool', type: 'filesystem' }] }), facts());
    expect(problems[0]!.message).toMatch(/ZFS pool tank .* does not exist: create or import it/);
  });

  it('requires privileges, /dev/net/tun and existing uplinks', async () => {
    const obs = observation({ links: [bridgeLink('br0')] });
    obs.devices.netTun = false;
    const problems = await checkPreflight(
      [
        { op: 'tap.create', ifname: 'tap0', mtu: 1500, alias: 'a', vnetHeader: true, multiQueue: false },
        { op: 'link.set', ifname: 'eth9', master: 'br0' },
      ],
      obs,
      facts({ isRoot: false, capNetAdmin: false }),
    );
    expect(problems.map((p) => p.check)).toEqual(['privileges', 'tun', 'uplink']);
    expect(problems[2]!.message).toBe(
      "interface eth9 does not exist (an uplink of bridge br0): create it or remove it from the bridge's members",
    );
  });

  it('checks source images and free space for preallocated files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-pre-'));
    writeFileSync(join(dir, 'big.raw'), Buffer.alloc(8192));
    const problems = await checkPreflight(
      [
        { op: 'file.create', path: join(dir, 'a.img'), sizeBytes: 4096, sparse: true, sourceImage: join(dir, 'big.raw') },
        { op: 'file.create', path: join(dir, 'b.img'), sizeBytes: 1 << 30, sparse: false },
        { op: 'file.create', path: join(dir, 'c.img'), sizeBytes: 4096, sparse: true, sourceImage: join(dir, 'missing.raw') },
      ],
      observation(),
      facts({ freeBytes: async () => 1 << 20 }),
    );
    expect(problems.map((p) => p.check)).toEqual(['source-image', 'source-image', 'free-space']);
    expect(problems[0]!.message).toMatch(/larger than volume/);
    expect(problems[2]!.message).toMatch(/need 1073741824 bytes, 1048576 available/);
  });
});
