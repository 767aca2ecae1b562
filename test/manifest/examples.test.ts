// Every file in examples/ and the demo in vms/ validates and resolves without errors.
import { readdirSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/manifest/load.js';
import { formatDiagnostic } from '../../src/manifest/diagnostics.js';

const root = join(import.meta.dirname, '../..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

describe('examples', () => {
  const files = [...yamlFiles(join(root, 'examples')), ...yamlFiles(join(root, 'vms'))];

  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(5));

  // The demo directory is one set of manifests (its files refer to each other); examples stand alone.
  it.each([...yamlFiles(join(root, 'examples')).map((f) => [f.slice(root.length + 1), f]), ['vms/', join(root, 'vms')]])(
    '%s validates and resolves',
    async (_name, file) => {
      const result = await loadSpecs(file);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map(formatDiagnostic)).toEqual([]);
      expect(result.documentCount).toBeGreaterThan(0);
      const kinds =
        result.state.vms.length +
        result.state.bridges.length +
        result.state.taps.length +
        result.state.volumes.length +
        result.state.firmware.length;
      expect(kinds).toBeGreaterThan(0);
    },
  );

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s starts with the yaml-language-server schema line', (_name, file) => {
    expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+schema\/tshyve\.schema\.json\n/);
  });
});
