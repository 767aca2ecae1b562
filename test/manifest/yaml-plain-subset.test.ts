// The plain-subset YAML reader (src/manifest/yaml-plain-subset.ts) against the yaml package: for
// every text it takes, the same documents, values and metadata.name positions as parseAllDocuments
// + toJS + locate(); texts outside the subset (or that yaml reports on) are left to yaml. Generated
// texts mix block and flow styles, tricky scalars and damaged lines; seeded, FUZZ_RUNS=N, FUZZ_SEED=S.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { locate, parseManifestText } from '../../src/manifest/parse-yaml.js';
import { readPlainYaml } from '../../src/manifest/yaml-plain-subset.js';
import { render, textDamage, damage, validWorld } from './spec-generators.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

/** What the yaml package makes of `text`, in the reader's terms; undefined when it reports anything. */
function reference(text: string) {
  const parsed = parseManifestText('t.yaml', text);
  if (parsed.diagnostics.length > 0) return undefined;
  return parsed.documents.map((d) => {
    return { index: d.index, value: d.value, name: locate(d, ['metadata', 'name']) };
  });
}

/** The reader agrees with yaml whenever it answers, and a metadata.name it places is where yaml places it. */
function agrees(text: string): boolean {
  const mine = readPlainYaml(text);
  if (mine === undefined) return false;
  const ref = reference(text);
  expect(ref, `yaml reports on a text the reader took:\n${text}`).toBeDefined();
  expect(mine.map((d) => ({ index: d.index, value: d.value }))).toEqual(ref!.map((d) => ({ index: d.index, value: d.value })));
  mine.forEach((d, i) => {
    if (d.metadataName) expect(d.metadataName, text).toEqual(ref![i]!.name);
  });
  return true;
}

const key = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'name', 'metadata', 'spec', 'x-y', 'a.b/c', '_k', 'No', 'on', 'k1'), weight: 9 },
  { arbitrary: fc.constantFrom('true', 'null', '__proto__', '1', '"q"', 'a b', 'a:b'), weight: 1 },
);
const trickyScalar = fc.constantFrom(
  'x',
  'a b',
  'a,b',
  '1',
  '-1',
  '+1',
  '007',
  '0o17',
  '0x1F',
  '0x',
  '1.5',
  '1.',
  '.5',
  '1e3',
  '1E-3',
  '-.inf',
  '.NaN',
  '.nan',
  'nan',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'yes',
  'no',
  'off',
  'null',
  'Null',
  'NULL',
  '~',
  '~x',
  '12345678901234567890',
  '10.0.0.1/16',
  '58:9c:fc:00:00:01',
  'a:b',
  'http://x/y',
  '512/4096',
  '1GiB',
  '30s',
  '-',
  '--x',
  '-x',
  '.x',
  '/usr/x.bin',
  'a#b',
  'a #b',
  "'q'",
  "'it''s'",
  '"d"',
  '"a\\nb"',
  "'a",
  '"',
  '{}',
  '[]',
  '[a, b]',
  '{ a: 1 }',
  '{a: 1}',
  '[a,]',
  '{ a: }',
  '[a: b]',
  '&x a',
  '*x',
  '!t a',
  '| a',
  '> a',
  '%x',
  '@x',
  '`x',
  '?x',
  ': x',
  'é',
  'a: b',
  '',
  ' ',
);
const scalarText = fc.oneof(
  { arbitrary: trickyScalar, weight: 1 },
  { arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9./:-]{0,10}$/), weight: 3 },
);

type Shape = string | { seq: Shape[] } | { map: [string, Shape][] };
const shape: fc.Arbitrary<Shape> = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarText,
    fc.array(tie('node'), { maxLength: 3 }).map((seq) => ({ seq })),
    fc.array(fc.tuple(key, tie('node')), { maxLength: 3 }).map((map) => ({ map })),
  ),
})).node;

/** Renders a shape as block YAML by hand (not by a serialiser), with a chosen indent and dash style. */
function block(s: Shape, indent: number, step: number, sameIndentSeq: boolean): string[] {
  const pad = ' '.repeat(indent);
  if (typeof s === 'string') return [`${pad}${s}`];
  if ('map' in s) {
    if (s.map.length === 0) return [`${pad}{}`];
    return s.map.flatMap(([k, v]) => {
      if (typeof v === 'string') return [`${pad}${k}: ${v}`];
      if ('seq' in v && v.seq.length === 0) return [`${pad}${k}: []`];
      if ('map' in v && v.map.length === 0) return [`${pad}${k}: {}`];
      const childIndent = 'seq' in v && sameIndentSeq ? indent : indent + step;
      return [`${pad}${k}:`, ...block(v, childIndent, step, sameIndentSeq)];
    });
  }
  if (s.seq.length === 0) return [`${pad}[]`];
  return s.seq.flatMap((v) => {
    if (typeof v === 'string') return [`${pad}- ${v}`];
    const inner = block(v, indent + 2, step, sameIndentSeq);
    return [`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1)];
  });
}

const documentText = fc
  .record({
    entries: fc.array(fc.tuple(key, shape), { minLength: 1, maxLength: 4 }),
    step: fc.constantFrom(1, 2, 4),
    sameIndentSeq: fc.boolean(),
    name: scalarText,
    flowMeta: fc.boolean(),
    comment: fc.constantFrom('', ' # c', '  #c'),
  })
  .map(({ entries, step, sameIndentSeq, name, flowMeta, comment }) => {
    const meta = flowMeta ? [`metadata: { name: ${name} }${comment}`] : ['metadata:', `${' '.repeat(step)}name: ${name}${comment}`];
    return [...meta, ...block({ map: entries }, 0, step, sameIndentSeq)].join('\n') + '\n';
  });

const fileText = fc
  .record({
    docs: fc.array(documentText, { minLength: 1, maxLength: 3 }),
    leading: fc.constantFrom('', '---\n', '# head\n', '# head\n---\n', '--- # x\n'),
    separator: fc.constantFrom('---\n', '---\n', '--- # s\n', '\n---\n\n', '---x\n', '...\n'),
  })
  .map(({ docs, leading, separator }) => leading + docs.join(separator));

describe('plain-subset YAML reader', () => {
  it('reads every manifest in the repository that it takes exactly as yaml does', () => {
    const files = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], { encoding: 'utf8' }).trim().split('\n');
    let taken = 0;
    for (const file of files) if (agrees(readFileSync(file, 'utf8'))) taken++;
    // The demo, the examples and the valid fixtures are plain: the fast path is the usual path.
    expect(taken).toBeGreaterThan(files.length * 0.8);
  });

  it('agrees with yaml on generated texts, damaged or not, whenever it answers', () => {
    let taken = 0;
    fc.assert(
      fc.property(fileText, fc.option(textDamage, { nil: undefined, freq: 3 }), (text, d) => {
        if (agrees(d ? damage(text, d) : text)) taken++;
      }),
      { numRuns: RUNS * 4, seed: SEED },
    );
    expect(taken).toBeGreaterThan(RUNS / 10); // the generator is not so hostile that the reader never answers
  });

  it('agrees with yaml on generated worlds of valid manifests in every rendering', () => {
    let taken = 0;
    fc.assert(
      fc.property(validWorld, fc.constantFrom('block' as const, 'flow' as const, 'quoted' as const), (world, style) => {
        if (agrees(render(world, style))) taken++;
        if (agrees(stringify(world[0]))) taken++;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(taken).toBeGreaterThan(RUNS / 2);
  });

  it('leaves to yaml what it does not take: tabs, anchors, block scalars, escapes, multi-line scalars, duplicates', () => {
    for (const text of [
      'a:\t1\n',
      'a: &x 1\nb: *x\n',
      'a: |\n  x\n',
      'a: "x\\ty"\n',
      'a: b\n  c\n',
      'a: 1\na: 2\n',
      'a: [1,\n  2]\n',
      '? a\n: b\n',
      'a: 1\r\n',
      '',
      '# only a comment\n',
      'a: 1\n---\n',
      '- a\n',
    ])
      expect(readPlainYaml(text), JSON.stringify(text)).toBeUndefined();
  });
});
