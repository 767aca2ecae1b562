// Test helpers for the bhyve target: compile an example file, and normalise a documented bhyve(8)
// command line into tshyve's canonical argv (the normalisations listed in doc-lines.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpecTexts } from '../../../src/manifest/load.js';
import { compileBhyve } from '../../../src/targets/bhyve/compile.js';
import type { BhyveCompileOptions } from '../../../src/targets/bhyve/types.js';

export const EXAMPLES = join(import.meta.dirname, '../../../examples/bhyve');

export function compileTexts(texts: { file: string; text: string }[], options: BhyveCompileOptions = {}) {
  const loaded = loadSpecTexts(texts);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.file}:${d.line} ${d.path} ${d.message}`).join('\n'));
  return { loaded, result: compileBhyve(loaded.state, options) };
}

export function compileExample(name: string, options: BhyveCompileOptions = {}) {
  const file = join(EXAMPLES, name);
  const text = readFileSync(file, 'utf8');
  return { text, ...compileTexts([{ file, text }], options) };
}

const FLAG_ORDER = ['A', 'C', 'D', 'e', 'H', 'P', 'S', 'u', 'W', 'w', 'x', 'Y'];
const WITH_ARG = new Set(['c', 'G', 'l', 'm', 'p', 's', 'U']);

function pciKey(slot: string): number {
  const p = slot.split(':').map(Number);
  const [bus, dev, fn] = p.length === 1 ? [0, p[0]!, 0] : p.length === 2 ? [0, p[0]!, p[1]!] : [p[0]!, p[1]!, p[2]!];
  return bus * 256 + dev * 8 + fn;
}

function lpcKey(arg: string): number {
  const dev = arg.split(',')[0]!;
  return dev.startsWith('com') ? Number(dev.slice(3)) : dev === 'pc-testdev' ? 5 : 6;
}

/**
 * A documented command line (text as printed, `\` continuations included) as canonical argv:
 * bundled flags split (-AHP), attached arguments split (-s3:0,...), a man-page continuation inside
 * one argument (`disk.2,\` newline `hd:...`) joined, relative paths made absolute with `paths`,
 * then the canonical order: flags, -c, -m, -U, -G, -p, -s by PCI address, -l com1-4/pc-testdev/bootrom, name.
 */
export function normalizeDocumentedLine(text: string, paths: Record<string, string> = {}): string[] {
  const joined = text.replace(/,\\\s*\n?\s*/g, ',').replace(/\\\s*\n?/g, ' ');
  const words = joined.trim().split(/\s+/);
  if (words[0] === '#') words.shift();
  if (words[0] !== 'bhyve') throw new Error(`not a bhyve line: ${text}`);
  const flags = new Set<string>();
  const opts: Record<string, string[]> = {};
  const operands: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-')) {
      operands.push(w);
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      const letter = w[j]!;
      if (WITH_ARG.has(letter)) {
        const value = w.slice(j + 1) || words[++i]!;
        (opts[letter] ??= []).push(
          value
            .split(',')
            .map((part) => paths[part] ?? part)
            .join(','),
        );
        break;
      }
      flags.add(letter);
    }
  }
  const argv = ['bhyve', ...FLAG_ORDER.filter((f) => flags.has(f)).map((f) => `-${f}`)];
  for (const letter of ['c', 'm', 'U', 'G', 'p']) for (const v of opts[letter] ?? []) argv.push(`-${letter}`, v);
  const devices = [...(opts.s ?? [])].sort((a, b) => pciKey(a.split(',')[0]!) - pciKey(b.split(',')[0]!));
  for (const d of devices) argv.push('-s', d);
  for (const l of [...(opts.l ?? [])].sort((a, b) => lpcKey(a) - lpcKey(b))) argv.push('-l', l);
  return [...argv, ...operands];
}
