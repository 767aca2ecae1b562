// Property tests of YAML → resolved spec (src/manifest, the pipeline `tshyve validate` runs) over
// generated manifests: nothing but diagnostics come out of hostile input, each at a file:line:col
// inside the file; alias bombs are refused quickly; valid worlds resolve and re-serialise stably.
// Seeded; FUZZ_RUNS=N runs each property N times (default 100), FUZZ_SEED=S picks another seed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSpecTexts, type LoadResult } from '../../src/manifest/load.js';
import { damage, paths, render, replaceAt, textDamage, validWorld, weirdValue, type Rendering } from './spec-generators.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201); // FUZZ_SEED explores other cases
const FILE = 'gen.yaml';
const TIME_LIMIT_MS = 10_000; // one load takes < 50 ms typically, < 1 s with deep nesting; an expanded bomb never ends
const TEST_TIMEOUT_MS = Math.max(60_000, RUNS * 250); // FUZZ_RUNS in the thousands takes minutes

function load(text: string): LoadResult {
  const started = performance.now();
  const result = loadSpecTexts([{ file: FILE, text }]);
  const took = performance.now() - started;
  if (took > TIME_LIMIT_MS) throw new Error(`load took ${took.toFixed(0)} ms`);
  return result;
}

/** Every diagnostic is well-formed and points inside the file it names. */
function checkDiagnostics(text: string | Record<string, string>, result: LoadResult): void {
  const files = typeof text === 'string' ? { [FILE]: text } : text;
  for (const d of result.diagnostics) {
    const where = `${d.file}:${d.line}:${d.column} ${d.code} (${d.message})`;
    expect(Object.keys(files), where).toContain(d.file);
    const lines = files[d.file]!.split('\n'); // lines as the diagnostics count them (LF; a CR stays in its line)
    expect(['error', 'warning'], where).toContain(d.severity);
    expect(d.code, where).toMatch(/^[a-z]+(\.[A-Za-z0-9-]+)+$/); // e.g. schema.minLength, yaml.bad-indent
    expect(d.message.length, where).toBeGreaterThan(0);
    expect(d.message, where).not.toContain('[object Object]');
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines.length, where).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1 && d.column <= lines[d.line - 1]!.length + 1, where).toBe(true);
  }
  expect(result.ok).toBe(!result.diagnostics.some((d) => d.severity === 'error'));
}

/** The state without where each resource was written (its `source` file:line:col). */
function placeless(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(placeless);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== 'source')
      .map(([k, v]) => [k, placeless(v)]),
  );
}

const params = (runs = RUNS) => ({ seed: SEED, numRuns: runs, endOnFailure: true });

describe('generated manifests', () => {
  it(
    'valid worlds validate, and re-serialised in another style resolve to the same state',
    () => {
      fc.assert(
        fc.property(validWorld, fc.constantFrom<Rendering>('flow', 'quoted'), (docs, style) => {
          const text = render(docs);
          const first = load(text);
          checkDiagnostics(text, first);
          expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          expect(first.state.vms.length).toBe(docs.filter((d) => (d as { kind: string }).kind === 'VirtualMachine').length);
          const again = load(render(docs, style));
          expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          expect(placeless(again.state)).toEqual(placeless(first.state));
          // The resolved state is what state files record: it survives JSON unchanged.
          expect(JSON.parse(JSON.stringify(first.state))).toEqual(first.state);
        }),
        params(),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'one wrong value anywhere yields diagnostics inside the file, never an exception',
    () => {
      const mutated = validWorld.chain((docs) =>
        fc.record({
          docs: fc.constant(docs),
          doc: fc.nat({ max: docs.length - 1 }),
          pick: fc.nat(),
          value: weirdValue,
          newKey: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), { nil: undefined }),
        }),
      );
      let refused = 0;
      fc.assert(
        fc.property(mutated, ({ docs, doc, pick, value, newKey }) => {
          const all = paths(docs[doc]);
          const out: unknown[] = [...docs];
          out[doc] = replaceAt(docs[doc], all[pick % all.length]!, value, newKey);
          const text = render(out);
          const result = load(text);
          checkDiagnostics(text, result);
          if (!result.ok) refused++;
        }),
        params(),
      );
      expect(refused).toBeGreaterThan(RUNS / 4); // the mutations really break documents
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'text-level damage (duplicate keys, alias bombs, separators, cuts) stays a diagnostic',
    () => {
      fc.assert(
        fc.property(validWorld, fc.array(textDamage, { minLength: 1, maxLength: 3 }), (docs, damages) => {
          const text = damages.reduce(damage, render(docs));
          const result = load(text);
          checkDiagnostics(text, result);
          for (const d of damages) {
            if (d.kind === 'duplicate-key') continue; // a later splice or cut may have removed it
            // An alias bomb that would expand past what any manifest needs is refused, not expanded.
            if (d.kind === 'alias-bomb' && d.fanout ** d.depth > 100_000 && damages.length === 1) expect(result.ok).toBe(false);
          }
          if (damages.length === 1 && damages[0]!.kind === 'duplicate-key' && text !== render(docs))
            expect(result.diagnostics.some((x) => x.code === 'yaml.duplicate-key')).toBe(true);
        }),
        params(),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'many documents in one file, with empty ones between, load like separate files',
    () => {
      fc.assert(
        fc.property(validWorld, fc.array(fc.constantFrom('', '# comment\n', '...\n'), { maxLength: 4 }), (docs, fillers) => {
          const one = render(docs);
          const spread = docs.map((d, i) => render([d]) + (fillers[i % Math.max(fillers.length, 1)] ?? '')).join('---\n');
          const a = load(one);
          const b = load(spread);
          checkDiagnostics(spread, b);
          expect(placeless(b.state)).toEqual(placeless(a.state));
          expect(b.documentCount).toBeGreaterThanOrEqual(docs.length);
        }),
        params(Math.ceil(RUNS / 2)),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'documents spread over files load as one; a document repeated in another file is a duplicate there',
    () => {
      fc.assert(
        fc.property(validWorld, fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }), fc.nat(), (docs, side, repeat) => {
          const one = load(render(docs));
          const files = { 'a.yaml': render(docs.filter((_, i) => !side[i % 32])), 'b.yaml': render(docs.filter((_, i) => side[i % 32])) };
          const spread = loadSpecTexts(Object.entries(files).map(([file, text]) => ({ file, text })));
          checkDiagnostics(files, spread);
          expect(spread.state.vms.map((v) => v.meta.name).sort()).toEqual(one.state.vms.map((v) => v.meta.name).sort());
          const again = docs[repeat % docs.length]!;
          const dup = { ...files, 'c.yaml': render([again]) };
          const duplicated = loadSpecTexts(Object.entries(dup).map(([file, text]) => ({ file, text })));
          checkDiagnostics(dup, duplicated);
          expect(duplicated.diagnostics.filter((d) => d.code === 'name.duplicate').map((d) => d.file)).toEqual(['c.yaml']);
        }),
        params(Math.ceil(RUNS / 2)),
      );
    },
    TEST_TIMEOUT_MS,
  );
});
