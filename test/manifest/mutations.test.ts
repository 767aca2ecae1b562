// Random mutations of the valid examples never crash the loader: each yields diagnostics or a
// valid state. Seeded, so a failure names a reproducible case.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';

const dir = join(import.meta.dirname, '../../examples');
const seeds = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(dir, f), 'utf8'));

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  1e308,
  2 ** 64,
  '',
  'x'.repeat(5000),
  [],
  {},
  [[[]]],
  '../../etc/passwd',
  '\u0000\u202e',
  'NaN',
  -0.5,
];

function collectNodes(node: unknown, out: Node[]): void {
  if (isMap(node) || isSeq(node)) {
    out.push(node as Node);
    for (const item of node.items) collectNodes(isMap(node) ? (item as { value: unknown }).value : item, out);
  } else if (isScalar(node)) out.push(node as Node);
}

function mutateStructurally(text: string, rnd: () => number): string {
  const docs = text.split(/^---$/m);
  const i = Math.floor(rnd() * docs.length);
  const doc = parseDocument(docs[i]!);
  const nodes: Node[] = [];
  collectNodes(doc.contents, nodes);
  const target = nodes[Math.floor(rnd() * nodes.length)];
  if (isMap(target) && target.items.length > 0) {
    const k = Math.floor(rnd() * target.items.length);
    if (rnd() < 0.5)
      target.items.splice(k, 1); // deleted key
    else (target.items[k] as { value: unknown }).value = doc.createNode(WEIRD_VALUES[Math.floor(rnd() * WEIRD_VALUES.length)]); // wrong type
  } else if (isSeq(target) && target.items.length > 0) {
    target.items.splice(Math.floor(rnd() * target.items.length), 1);
  } else if (isScalar(target)) {
    const primitives = WEIRD_VALUES.filter((v) => v === null || typeof v !== 'object');
    target.value = primitives[Math.floor(rnd() * primitives.length)];
  }
  docs[i] = doc.toString();
  return docs.join('---\n');
}

function mutateBytes(text: string, rnd: () => number): string {
  const chars = [...text];
  const n = 1 + Math.floor(rnd() * 8);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(rnd() * chars.length);
    const junk = String.fromCharCode(Math.floor(rnd() * 256));
    if (rnd() < 0.5) chars[at] = junk;
    else chars.splice(at, 0, junk);
  }
  return chars.join('');
}

function loadsWithoutCrashing(text: string): void {
  const result = loadSpecTexts([{ file: 'fuzz.yaml', text }]);
  expect(Array.isArray(result.diagnostics)).toBe(true);
  for (const d of result.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(typeof d.message).toBe('string');
  }
}

describe('mutated manifests', () => {
  it('survive 600 structural and byte-level mutations', () => {
    const rnd = prng(20261122);
    let withErrors = 0;
    for (let n = 0; n < 600; n++) {
      const seed = seeds[n % seeds.length]!;
      const text = n % 2 === 0 ? mutateStructurally(seed, rnd) : mutateBytes(seed, rnd);
      const result = loadSpecTexts([{ file: `fuzz-${n}.yaml`, text }]);
      if (!result.ok) withErrors++;
    }
    expect(withErrors).toBeGreaterThan(300); // the mutations really break things
  });

  it('reports deep nesting instead of overflowing the stack', () => {
    loadsWithoutCrashing(`a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    loadsWithoutCrashing(`${'- '.repeat(5000)}x\n`);
    loadsWithoutCrashing(
      'apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: a }\nspec:\n  cpus: ' +
        '{ a: '.repeat(3000) +
        '1' +
        ' }'.repeat(3000) +
        '\n',
    );
  });

  it('handles huge numbers, alias bombs and a 10 MB file', () => {
    loadsWithoutCrashing(
      'apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: a }\nspec: { cpus: 1e400, memory: 99999999999999999999T, firmware: x }\n',
    );
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    const bombed = loadSpecTexts([{ file: 'bomb.yaml', text: bomb }]);
    expect(bombed.ok).toBe(false);
    const big = `# ${'x'.repeat(100)}\n`.repeat(100_000) + seeds[0];
    expect(big.length).toBeGreaterThan(10_000_000);
    const result = loadSpecTexts([{ file: 'big.yaml', text: big }]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
