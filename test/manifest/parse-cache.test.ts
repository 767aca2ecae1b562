// The parse cache the watch loop keeps between passes: an unchanged file's parse and schema results
// are reused (the same objects), a changed text is parsed again, and results equal an uncached load.
import { describe, expect, it } from 'vitest';
import { loadSpecTexts, type ParseCache } from '../../src/manifest/load.js';

const H = 'apiVersion: tshyve.dev/v1alpha1\n';
const bridge = (mtu: unknown) => `${H}kind: Bridge\nmetadata: { name: lan }\nspec: { name: tshbr0, mtu: ${mtu} }\n`;
const vm = `${H}kind: VirtualMachine\nmetadata: { name: a }\nspec: { cpus: 1, memory: 64MiB, firmware: { bootrom: { image: /x.bin } } }\n`;

describe('parse cache', () => {
  it('reuses an unchanged file and parses a changed one again, with the results of an uncached load', () => {
    const cache: ParseCache = new Map();
    const texts = [
      { file: '/s/net.yaml', text: bridge(1500) },
      { file: '/s/vm.yaml', text: vm },
    ];
    const first = loadSpecTexts(texts, { parseCache: cache, absolutePaths: true });
    const entry = cache.get('/s/vm.yaml');
    expect(entry).toBeDefined();
    const second = loadSpecTexts(texts, { parseCache: cache, absolutePaths: true });
    expect(cache.get('/s/vm.yaml')).toBe(entry);
    expect(second).toEqual(first);
    expect(second).toEqual(loadSpecTexts(texts, { absolutePaths: true }));

    const broken = [{ file: '/s/net.yaml', text: bridge('"big"') }, texts[1]!];
    const third = loadSpecTexts(broken, { parseCache: cache, absolutePaths: true });
    expect(cache.get('/s/vm.yaml')).toBe(entry);
    expect(third.ok).toBe(false);
    expect(third.diagnostics).toEqual(loadSpecTexts(broken, { absolutePaths: true }).diagnostics);
    expect(third.diagnostics.some((d) => d.file === '/s/net.yaml' && d.path === 'spec.mtu')).toBe(true);
  });
});
