// The one-file yaml the build makes (scripts/bundle-yaml.js) against the installed package as the
// oracle: same documents, values, errors and positions, and nodes either side recognises as its own;
// its V8 code cache is taken by V8 and a cache that does not match is not.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as installed from 'yaml';
// @ts-expect-error plain JS build script without types
import { bundleYaml } from '../../scripts/bundle-yaml.js';
import { loadYamlBundle } from '../../src/manifest/yaml.js';

const bundleScript = new URL('../../scripts/bundle-yaml.js', import.meta.url).href;
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

const shape = (y: Pick<typeof installed, 'parseAllDocuments'>, text: string) =>
  y.parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true }).map((d) => ({
    value: d.errors.length ? undefined : d.toJS(),
    errors: d.errors.map((e) => [e.code, e.pos]),
    warnings: d.warnings.map((e) => [e.code, e.pos]),
    range: d.contents?.range,
  }));

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
    for (const text of SAMPLES) expect(shape(bundled, text), text).toEqual(shape(installed, text));
    const doc = bundled.parseDocument('a: { b: 1 }');
    expect(installed.isMap(doc.contents)).toBe(true);
    expect(bundled.isMap(installed.parseDocument('a: 1').contents)).toBe(true);
  });

  it('loads from its code cache, which V8 takes; a cache of other code is refused and the bundle compiled as usual', async () => {
    // Fresh processes as the build and the CLI are: in one process V8's own compilation cache would answer first.
    const file = join(dir, 'cached.cjs');
    const text = (await bundleYaml()) as string;
    writeFileSync(file, text);
    const makeCache = (source: string, samples: string[]) =>
      execFileSync(process.execPath, [
        '--input-type=module',
        '-e',
        `const { yamlCodeCache } = await import(${JSON.stringify(bundleScript)});
         const { readFileSync, writeFileSync } = await import('node:fs');
         writeFileSync(process.argv[1] + '.v8-cache', yamlCodeCache(${source}, process.argv[1], JSON.parse(process.argv[2])));`,
        file,
        JSON.stringify(samples),
      ]);
    const rejected = () =>
      execFileSync(
        process.execPath,
        [
          '-e',
          `const { readFileSync } = require('node:fs'); const { Script } = require('node:vm'); const Module = require('node:module');
           const f = process.argv[1];
           const s = new Script(Module.wrap(readFileSync(f, 'utf8')), { filename: f, cachedData: readFileSync(f + '.v8-cache') });
           process.stdout.write(String(s.cachedDataRejected));`,
          file,
        ],
        { encoding: 'utf8' },
      );
    makeCache("readFileSync(process.argv[1], 'utf8')", SAMPLES);
    expect(rejected()).toBe('false');
    const cached = loadYamlBundle(file)!;
    for (const text of SAMPLES) expect(shape(cached, text), text).toEqual(shape(installed, text));

    makeCache("'module.exports = {};'", []);
    expect(rejected()).toBe('true');
    expect(shape(loadYamlBundle(file)!, SAMPLES[0]!)).toEqual(shape(installed, SAMPLES[0]!));
    expect(loadYamlBundle(join(dir, 'absent.cjs'))).toBeUndefined();
  });
});
