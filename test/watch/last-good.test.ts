// A half-written or broken file is never a deletion: it is held at its last good version, and a
// broken file never seen valid forbids deletes (its content is unknown).
import { describe, expect, it } from 'vitest';
import { LastGoodManifests } from '../../src/watch/last-good.js';

const HDR = 'apiVersion: tshyve.dev/v1alpha1';
const vm = (name: string, memory: string) =>
  `${HDR}\nkind: VirtualMachine\nmetadata: { name: ${name} }\nspec: { cpus: 1, memory: ${memory}, firmware: { bootrom: { image: /x.bin } } }\n`;

describe('LastGoodManifests', () => {
  it('holds a broken file at its last good version', () => {
    const m = new LastGoodManifests();
    m.loadTexts([
      { file: '/v/a.yaml', text: vm('a', '1G') },
      { file: '/v/b.yaml', text: vm('b', '1G') },
    ]);
    const broken = m.loadTexts([
      { file: '/v/a.yaml', text: vm('a', '2G') },
      { file: '/v/b.yaml', text: 'apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMa' },
    ]);
    expect(broken.heldBack).toEqual(['/v/b.yaml']);
    expect(broken.diagnostics.some((d) => d.severity === 'error' && d.file === '/v/b.yaml')).toBe(true);
    expect(broken.result.state.vms.map((v) => [v.meta.name, v.memoryBytes])).toEqual([
      ['a', 2 * 2 ** 30],
      ['b', 2 ** 30],
    ]);
  });

  it('marks a broken file it never saw valid as unknown content', () => {
    const m = new LastGoodManifests();
    const r = m.loadTexts([
      { file: '/v/a.yaml', text: vm('a', '1G') },
      { file: '/v/new.yaml', text: vm('n', '8') },
    ]);
    expect(r.unknownContent).toEqual(['/v/new.yaml']);
    expect(r.result.state.vms.map((v) => v.meta.name)).toEqual(['a']);
  });

  it('lets a deleted file go', () => {
    const m = new LastGoodManifests();
    m.loadTexts([
      { file: '/v/a.yaml', text: vm('a', '1G') },
      { file: '/v/b.yaml', text: vm('b', '1G') },
    ]);
    const r = m.loadTexts([{ file: '/v/a.yaml', text: vm('a', '1G') }]);
    expect(r.result.state.vms.map((v) => v.meta.name)).toEqual(['a']);
  });
});
