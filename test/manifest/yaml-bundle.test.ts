// The one-file yaml the build makes (scripts/bundle-yaml.js) against the installed package as the
// oracle: same documents, values, errors and positions, and nodes either side recognises as its own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as installed from 'yaml';
// @ts-expect-error plain JS build script without types
import { bundleYaml } from '../../scripts/bundle-yaml.js';

const dir = mkdtempSync(join(tmpdir(), 'tshyve-yaml-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLES = [
  'apiVersion: tshyve.dev/v1alpha1\nkind: Bridge\nmetadata: { name: lan }\nspec: { name: br0, mtu: 9000 }\n',
  'a: &x { b: [1, 2.5, "three", null, true] }\nc: *x\n---\n- one\n- two: 2\n',
  'a: 1\na: 2\n',
  'key: [unclosed\n',
  'x: !!binary aGVsbG8=\ny: 0o17\nz: 1e3\n',
  '%YAML 1.2\n---\n? complex key\n: value\n',
];

describe('yaml bundle', () => {
  it('parses like the installed package', async () => {
    const file = join(dir, 'yaml.cjs');
    writeFileSync(file, await bundleYaml());
    const bundled = createRequire(import.meta.url)(file) as typeof installed;
    expect(Object.keys(bundled).sort()).toEqual(
      Object.keys(installed)
        .filter((k) => k !== 'default')
        .sort(),
    );
    for (const text of SAMPLES) {
      const shape = (y: typeof installed) =>
        y.parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true }).map((d) => ({
          value: d.errors.length ? undefined : d.toJS(),
          errors: d.errors.map((e) => [e.code, e.pos]),
          warnings: d.warnings.map((e) => [e.code, e.pos]),
          range: d.contents?.range,
        }));
      expect(shape(bundled), text).toEqual(shape(installed));
    }
    const doc = bundled.parseDocument('a: { b: 1 }');
    expect(installed.isMap(doc.contents)).toBe(true);
    expect(bundled.isMap(installed.parseDocument('a: 1').contents)).toBe(true);
  });
});
