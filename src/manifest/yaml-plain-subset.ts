// A fast reader for the plain subset of YAML 1.2 that manifests are written in (block maps and
// sequences, one-line flow collections, plain and simple quoted scalars, the core schema's tags),
// giving the same values as the yaml package's parseAllDocuments + toJS. Anything outside that
// subset, or anything the yaml package would report, gives undefined: the caller parses with yaml.
import type { Position } from './parse-yaml.js';

export interface PlainDocument {
  /** Index of the document inside its file (0-based, counting `---` separators). */
  index: number;
  value: Record<string, unknown>;
  /** Where the value of metadata.name starts, when it is a scalar (what locate() gives for that path). */
  metadataName?: Position;
}

/** Thrown inside the reader when the text leaves the subset; never escapes it. */
class OutsideSubset extends Error {}
const outside = (): never => {
  throw new OutsideSubset();
};

/** Characters the subset refuses anywhere: tabs, CR, other controls, BOM, and YAML 1.1 line breaks. */
const REFUSED_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** A plain key: nothing that a tag could resolve to other than a string is let through (checked again below). */
const PLAIN_KEY = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
/** The first character of a plain scalar in the subset (indicators, quotes and `-` handled apart). */
const PLAIN_START = /[A-Za-z0-9_/~.+]/;
const MAX_LINE = 1000;
/** A plain scalar starting with one of these is a string or one of WORDS: every other core tag's pattern starts with a digit, sign, dot or `~`. */
const WORD_START = /^[A-Za-z_/]/;
const WORDS = new Map<string, boolean | null>([
  ...['null', 'Null', 'NULL'].map((w) => [w, null] as const),
  ...['true', 'True', 'TRUE'].map((w) => [w, true] as const),
  ...['false', 'False', 'FALSE'].map((w) => [w, false] as const),
]);

/** Where a node sits, as far as metadata.name's position cares. */
type Where = 'root' | 'metadata' | 'metadata.name' | 'elsewhere';
const child = (where: Where, key: string): Where =>
  where === 'root' && key === 'metadata' ? 'metadata' : where === 'metadata' && key === 'name' ? 'metadata.name' : 'elsewhere';

interface Line {
  /** 1-based line number. */
  number: number;
  indent: number;
  /** The line's content from `indent` on, comment and trailing blanks removed. */
  text: string;
}

/** The core schema's scalar tags, in the order yaml tries them (schema/core/schema.js). */
function resolvePlain(text: string): unknown {
  if (WORD_START.test(text)) {
    const word = WORDS.get(text);
    return word === undefined ? text : word;
  }
  if (/^(?:~|[Nn]ull|NULL)?$/.test(text)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(text)) return text[0] === 't' || text[0] === 'T';
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(text)) return parseInt(text, 10);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(text))
    return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(text)) return parseFloat(text);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) return parseFloat(text);
  return text;
}

/** The line without its comment (a `#` at its start or after a blank, outside quotes) and trailing blanks. */
function stripComment(text: string): string {
  if (!text.includes('#')) return text.trimEnd();
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ')) {
      return text.slice(0, i).trimEnd();
    } else if ((c === '"' || c === "'") && (i === 0 || /[ [{,:]/.test(text[i - 1]!))) {
      quote = c;
    }
  }
  return text.trimEnd();
}

/** A quoted scalar at text[at]: its value and the index after the closing quote. */
function readQuoted(text: string, at: number): { value: string; end: number } {
  const quote = text[at]!;
  if (quote === '"') {
    const close = text.indexOf('"', at + 1);
    if (close === -1) outside();
    const body = text.slice(at + 1, close);
    if (body.includes('\\')) outside();
    return { value: body, end: close + 1 };
  }
  let value = '';
  let i = at + 1;
  for (;;) {
    const close = text.indexOf("'", i);
    if (close === -1) outside();
    value += text.slice(i, close);
    if (text[close + 1] === "'") {
      value += "'";
      i = close + 2;
    } else {
      return { value, end: close + 1 };
    }
  }
}

/** A scalar written alone as a block value (the rest of its line). */
function blockScalar(text: string): unknown {
  const first = text[0]!;
  if (first === '"' || first === "'") {
    const { value, end } = readQuoted(text, 0);
    if (end !== text.length) outside();
    return value;
  }
  if (!PLAIN_START.test(first) && !(first === '-' && text.length > 1 && text[1] !== ' ')) outside();
  if (/[#{}[\]"'`]|: |:$| $/.test(text)) outside();
  return resolvePlain(text);
}

/** One-line flow collections: `{ a: b, c: [d, e] }`. */
class FlowReader {
  at = 0;
  constructor(
    private readonly text: string,
    private readonly where: Where,
    /** Called with the offset in `text` of metadata.name's value. */
    private readonly onMetadataName: (at: number) => void,
  ) {}

  private blanks(): void {
    while (this.text[this.at] === ' ') this.at++;
  }

  read(): unknown {
    const value = this.node(this.where);
    this.blanks();
    if (this.at !== this.text.length) outside();
    return value;
  }

  private node(where: Where): unknown {
    this.blanks();
    const c = this.text[this.at];
    if (c === '{') return this.map(where);
    if (c === '[') return this.seq();
    if (where === 'metadata.name') this.onMetadataName(this.at);
    if (c === '"' || c === "'") {
      const { value, end } = readQuoted(this.text, this.at);
      this.at = end;
      return value;
    }
    return this.plain();
  }

  private plain(): unknown {
    const start = this.at;
    const first = this.text[start];
    if (first === undefined || !(PLAIN_START.test(first) || (first === '-' && /[0-9.]/.test(this.text[start + 1] ?? '')))) outside();
    let i = start;
    for (; i < this.text.length; i++) {
      const c = this.text[i]!;
      if (c === ',' || c === ']' || c === '}') break;
      if (c === ':') {
        const next = this.text[i + 1];
        if (next === undefined || next === ' ' || next === ',' || next === ']' || next === '}' || next === '[' || next === '{') break;
      }
      if (c === '#' || c === '{' || c === '[' || c === '"' || c === "'" || c === '`') outside();
    }
    const raw = this.text.slice(start, i).trimEnd();
    this.at = start + raw.length;
    return resolvePlain(raw);
  }

  private map(where: Where): Record<string, unknown> {
    this.at++; // {
    const out: Record<string, unknown> = {};
    this.blanks();
    if (this.text[this.at] === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.blanks();
      const key = this.plain();
      if (typeof key !== 'string' || !PLAIN_KEY.test(key)) outside();
      const name = key as string;
      if (this.text[this.at] !== ':' || this.text[this.at + 1] !== ' ') outside();
      this.at += 2;
      if (Object.hasOwn(out, name) || name === '__proto__') outside();
      out[name] = this.node(child(where, name));
      this.blanks();
      const c = this.text[this.at];
      this.at++;
      if (c === '}') return out;
      if (c !== ',') outside();
    }
  }

  private seq(): unknown[] {
    this.at++; // [
    const out: unknown[] = [];
    this.blanks();
    if (this.text[this.at] === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(this.node('elsewhere'));
      this.blanks();
      const c = this.text[this.at];
      this.at++;
      if (c === ']') return out;
      if (c !== ',') outside();
    }
  }
}

/** Block structure of one document's lines. */
class BlockReader {
  next = 0;
  metadataName: Position | undefined;

  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.next === this.lines.length;
  }

  /** The block node starting at the next line, whose indent is `indent`. */
  block(indent: number, where: Where): unknown {
    const line = this.lines[this.next]!;
    if (line.text === '-' || line.text.startsWith('- ')) return this.seq(indent);
    this.next++;
    return this.map(indent, line.text, line.number, where);
  }

  /** A value after `key:` or `-` with nothing on its line: a nested block, a sequence at the key's own indent, or null. */
  private nested(indent: number, sameIndentSeq: boolean, where: Where): unknown {
    const line = this.lines[this.next];
    if (line && line.indent > indent) return this.block(line.indent, where);
    if (sameIndentSeq && line && line.indent === indent && (line.text === '-' || line.text.startsWith('- '))) return this.seq(indent);
    return null;
  }

  /** After a value on its own line, the next line may not be more indented (a continuation or an error). */
  private endOfValue(indent: number): void {
    const line = this.lines[this.next];
    if (line && line.indent > indent) outside();
  }

  private seq(indent: number): unknown[] {
    const out: unknown[] = [];
    for (let line = this.lines[this.next]; line && line.indent === indent; line = this.lines[this.next]) {
      if (!(line.text === '-' || line.text.startsWith('- '))) break;
      this.next++;
      const rest = line.text.slice(1).trimStart();
      const column = indent + line.text.length - rest.length;
      if (rest === '') {
        out.push(this.nested(indent, false, 'elsewhere'));
      } else if (rest === '-' || rest.startsWith('- ')) {
        outside();
      } else if (entryColon(rest) !== -1) {
        out.push(this.map(column, rest, line.number, 'elsewhere'));
      } else {
        out.push(this.inline(rest, line.number, column, 'elsewhere'));
        this.endOfValue(indent);
      }
    }
    return out;
  }

  /** A block map at `indent` whose first entry, already consumed, is `text` on line `lineNumber`. */
  private map(indent: number, text: string, lineNumber: number, where: Where): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const colon = entryColon(text);
      if (colon === -1) outside();
      const key = text.slice(0, colon);
      if (!PLAIN_KEY.test(key) || typeof resolvePlain(key) !== 'string' || key === '__proto__' || Object.hasOwn(out, key)) outside();
      const rest = text.slice(colon + 1).trimStart();
      const at = child(where, key);
      if (rest === '') {
        out[key] = this.nested(indent, true, at);
      } else {
        out[key] = this.inline(rest, lineNumber, indent + text.length - rest.length, at);
        this.endOfValue(indent);
      }
      const line: Line | undefined = this.lines[this.next];
      if (!line || line.indent !== indent || line.text === '-' || line.text.startsWith('- ')) return out;
      this.next++;
      text = line.text;
      lineNumber = line.number;
    }
  }

  /** A value on the line of its key or dash, starting at 0-based `column`: a flow collection or a scalar. */
  private inline(text: string, lineNumber: number, column: number, where: Where): unknown {
    if (text[0] === '{' || text[0] === '[') {
      const flow = new FlowReader(text, where, (at) => (this.metadataName = { line: lineNumber, column: column + at + 1 }));
      return flow.read();
    }
    if (where === 'metadata.name') this.metadataName = { line: lineNumber, column: column + 1 };
    return blockScalar(text);
  }
}

/** Index of the `:` that ends a plain key (followed by a blank or the end), or -1. */
function entryColon(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ':' && (i + 1 === text.length || text[i + 1] === ' ')) return i;
    if (c === ' ' || c === '"' || c === "'" || c === '{' || c === '[' || c === '#') return -1;
  }
  return -1;
}

/**
 * The documents of `text` with their values, or undefined when the text is outside the subset. An
 * empty document (only comments, or nothing between two separators) is outside too.
 */
export function readPlainYaml(text: string): PlainDocument[] | undefined {
  if (REFUSED_CHARACTERS.test(text)) return undefined;
  const documents: PlainDocument[] = [];
  try {
    let lines: Line[] = [];
    let separators = 0;
    let index = 0;
    const finish = () => {
      if (lines.length === 0) outside();
      const reader = new BlockReader(lines);
      const value = reader.block(lines[0]!.indent, 'root');
      if (!reader.done() || value === null || typeof value !== 'object' || Array.isArray(value)) outside();
      documents.push({
        index,
        value: value as Record<string, unknown>,
        ...(reader.metadataName ? { metadataName: reader.metadataName } : {}),
      });
    };
    const raw = text.split('\n');
    for (let n = 0; n < raw.length; n++) {
      const full = raw[n]!;
      if (full.length > MAX_LINE) outside();
      if (full.startsWith('---') || full.startsWith('...') || full.startsWith('%')) {
        if (!/^---(?: +(?:#.*)?)?$/.test(full)) outside();
        // A `---` opening the text starts the first document; every other one ends a document.
        if (separators > 0 || lines.length > 0) {
          finish();
          index++;
        }
        separators++;
        lines = [];
        continue;
      }
      const indent = full.length - full.trimStart().length;
      const content = stripComment(full.slice(indent));
      if (content === '') continue;
      lines.push({ number: n + 1, indent, text: content });
    }
    finish();
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
  return documents;
}
