// Placement: one repository, many hosts; each reconciles only what names it (by name or labels).
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { filterForHost, parseHostLabels } from '../../src/placement/host-filter.js';

const HDR = 'apiVersion: tshyve.dev/v1alpha1';
const text = [
  `${HDR}\nkind: Bridge\nmetadata: { name: lan }\nspec: { name: br0 }\n`,
  `${HDR}\nkind: VirtualMachine\nmetadata: { name: everywhere }\nspec: { cpus: 1, memory: 64M, firmware: { bootrom: { image: /x.bin } }, nics: [{ bridge: lan }] }\n`,
  `${HDR}\nkind: VirtualMachine\nmetadata: { name: on-a }\nspec: { cpus: 1, memory: 64M, firmware: { bootrom: { image: /x.bin } }, nics: [{ bridge: lan }], placement: { hosts: [host-a] } }\n`,
  `${HDR}\nkind: VirtualMachine\nmetadata: { name: needs-kvm }\nspec: { cpus: 1, memory: 64M, firmware: { bootrom: { image: /x.bin } }, placement: { hostSelector: { tshyve.dev/kvm: hardware } } }\n`,
].join('---\n');
const state = loadSpecTexts([{ file: 'm.yaml', text }]).state;

describe('filterForHost', () => {
  it('keeps unplaced resources everywhere and placed ones only on their hosts', () => {
    const a = filterForHost(state, { name: 'host-a', labels: { 'tshyve.dev/kvm': 'pvm' } });
    expect(a.vms.map((v) => v.meta.name)).toEqual(['everywhere', 'on-a']);
    const b = filterForHost(state, { name: 'host-b', labels: { 'tshyve.dev/kvm': 'hardware' } });
    expect(b.vms.map((v) => v.meta.name)).toEqual(['everywhere', 'needs-kvm']);
    expect(b.bridges).toHaveLength(1);
  });
  it('drops the taps generated for VMs placed elsewhere', () => {
    const b = filterForHost(state, { name: 'host-b', labels: {} });
    expect(b.taps.map((t) => t.generatedFor?.vm)).toEqual(['everywhere']);
  });
  it('parses --host-label flags', () => {
    expect(parseHostLabels(['rack=r1', 'ssd=yes'])).toEqual({ rack: 'r1', ssd: 'yes' });
    expect(() => parseHostLabels(['rack'])).toThrow(/key=value/);
  });
});
