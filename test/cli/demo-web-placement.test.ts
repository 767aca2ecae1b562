// The demo's `web` VM (the day-one recipe) runs only where KVM is hardware: on a PVM host it, its
// NAT bridge and its disk stay out of the plan and it is reported as placed elsewhere, with the reason.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/manifest/load.js';
import { filterForHost, unplacedVms } from '../../src/placement/host-filter.js';

const vmsDir = join(import.meta.dirname, '..', '..', 'vms');

describe('the demo web VM', () => {
  it('is placed elsewhere on a PVM host, with its bridge and volume', async () => {
    const { state, ok } = await loadSpecs(vmsDir);
    expect(ok).toBe(true);
    const pvm = { name: 'ci', labels: { 'tshyve.dev/kvm': 'pvm' } };
    const here = filterForHost(state, pvm);
    expect(here.vms.map((v) => v.meta.name).sort()).toEqual(['grub', 'hello']);
    expect(here.bridges.map((b) => b.meta.name)).toEqual(['demo-lan']);
    expect(here.volumes.map((v) => v.meta.name)).toEqual(['grub-disk']);
    expect(here.taps.some((t) => t.generatedFor?.vm === 'web')).toBe(false);
    expect(unplacedVms(state, pvm)).toContainEqual({
      name: 'web',
      reason: 'placement.hostSelector tshyve.dev/kvm=hardware does not match this host (tshyve.dev/kvm=pvm)',
    });
  });

  it('runs on a hardware-KVM host, gated on hello running, as the first cloud-init user over the forwarded port', async () => {
    const { state } = await loadSpecs(vmsDir);
    const here = filterForHost(state, { name: 'metal', labels: { 'tshyve.dev/kvm': 'hardware' } });
    const web = here.vms.find((v) => v.meta.name === 'web')!;
    expect(web.autostart.ready).toEqual([{ vm: 'hello', ready: { kind: 'running' }, timeoutMs: 120_000 }]);
    expect(web.cloudInit?.users[0]?.name).toBe('demo');
    expect(here.volumes.map((v) => v.meta.name)).toContain('web-root');
    expect(here.bridges.map((b) => b.meta.name)).toContain('demo-nat');
  });
});
