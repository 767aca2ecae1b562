// Parses manifest text into YAML documents that remember where each node came from (yaml's
// parseAllDocuments + LineCounter), turning syntax errors into diagnostics. Plain manifests are read
// by yaml-plain-subset.ts, with yaml's nodes parsed only when a diagnostic needs a position.
import type { Document, LineCounter, Node } from 'yaml';
import { yamlModule } from './yaml.js';
import type { Diagnostic } from './diagnostics.js';
import { readPlainYaml, type PlainDocument } from './yaml-plain-subset.js';

export interface SourceDocument {
  file: string;
  /** Index of the document inside its file (0-based, counting `---` separators). */
  index: number;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  value: unknown;
  /** Where metadata.name's value starts, when the plain reader knows it (locate() needs no nodes then). */
  metadataName?: Position;
}

export interface ParseResult {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
}

export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

export function parseManifestText(file: string, text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const documents: SourceDocument[] = [];
  if (text.length > MAX_MANIFEST_BYTES) {
    diagnostics.push({
      severity: 'error',
      code: 'yaml.too-large',
      file,
      line: 1,
      column: 1,
      path: '',
      message: `file is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB; manifests are expected to be small`,
    });
    return { documents, diagnostics };
  }
  const plain = readPlainYaml(text);
  if (plain) return { documents: plainDocuments(file, text, plain), diagnostics };
  const lineCounter = lineIndex(text);
  let parsed: Document.Parsed[];
  try {
    parsed = parseNodes(text);
  } catch (err) {
    diagnostics.push({
      severity: 'error',
      code: 'yaml.unparseable',
      file,
      line: 1,
      column: 1,
      path: '',
      message: `YAML could not be parsed: ${(err as Error).message}`,
    });
    return { documents, diagnostics };
  }
  parsed.forEach((doc, index) => {
    const problems = [...doc.errors, ...doc.warnings];
    for (const e of problems) {
      const pos = lineCounter.linePos(e.pos[0]);
      diagnostics.push({
        severity: doc.errors.includes(e) ? 'error' : 'warning',
        code: `yaml.${e.code.toLowerCase().replace(/_/g, '-')}`,
        file,
        line: pos.line,
        column: pos.col,
        path: '',
        message: firstLine(e.message),
      });
    }
    if (doc.errors.length > 0) return;
    if (doc.contents === null) return; // an empty document between separators
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      const pos = lineCounter.linePos(doc.contents.range?.[0] ?? 0);
      diagnostics.push({
        severity: 'error',
        code: 'yaml.unconvertible',
        file,
        line: pos.line,
        column: pos.col,
        path: '',
        message: `YAML could not be converted: ${(err as Error).message}`,
      });
      return;
    }
    documents.push({ file, index, doc, lineCounter, value });
  });
  return { documents, diagnostics };
}

function parseNodes(text: string): Document.Parsed[] {
  const parsed = withPlainEnv(
    () => yamlModule().parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true }) as Document.Parsed[] | Document.Parsed,
  );
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** Documents the plain reader gave, whose yaml nodes (and line index) are parsed from the text on first use. */
function plainDocuments(file: string, text: string, plain: PlainDocument[]): SourceDocument[] {
  let nodes: { docs: Document.Parsed[]; lineCounter: LineCounter } | undefined;
  const parse = () => (nodes ??= { docs: parseNodes(text), lineCounter: lineIndex(text) });
  return plain.map((d) => ({
    file,
    index: d.index,
    value: d.value,
    ...(d.metadataName ? { metadataName: d.metadataName } : {}),
    get doc() {
      return parse().docs[d.index]!;
    },
    get lineCounter() {
      return parse().lineCounter;
    },
  }));
}

/**
 * yaml's parser and composer read `process.env.LOG_TOKENS` / `LOG_STREAM` once per token, and the
 * real process.env is an exotic object whose every read asks the C library: a quarter of the parse
 * time of a large spec directory. For the synchronous parse, process.env is a plain object holding
 * those two variables; nothing else runs meanwhile, and the real one is back before anything can.
 */
function withPlainEnv<T>(parse: () => T): T {
  const real = process.env;
  const plain: NodeJS.ProcessEnv = {};
  for (const name of ['LOG_TOKENS', 'LOG_STREAM']) if (real[name] !== undefined) plain[name] = real[name];
  process.env = plain;
  try {
    return parse();
  } finally {
    process.env = real;
  }
}

/**
 * Line starts taken from the text itself, not from the parser's newline callbacks: yaml's lexer
 * misses a line break after an alias followed by `,` at the top level (`*a,` then a new line), and
 * every position after it would be reported one line early.
 */
function lineIndex(text: string): LineCounter {
  const counter = new (yamlModule().LineCounter)();
  counter.addNewLine(0);
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) counter.addNewLine(at + 1);
  return counter;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

export interface Position {
  line: number;
  column: number;
}

/**
 * Position of the node at `path` in the document; with `key: true`, of the map key itself. Falls
 * back to the nearest existing ancestor, so a missing property points at the map that lacks it.
 */
export function locate(source: SourceDocument, path: readonly (string | number)[], key = false): Position {
  if (source.metadataName && !key && path.length === 2 && path[0] === 'metadata' && path[1] === 'name') return source.metadataName;
  const { isMap, isSeq, isPair, isScalar } = yamlModule();
  let node: unknown = source.doc.contents;
  let keyNode: Node | undefined;
  let best: unknown = node;
  for (const segment of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      break;
    }
    if (node === undefined || node === null) {
      best = keyNode ?? best; // `memory:` with no value: point at the key
      break;
    }
    best = node;
  }
  const target = (key && keyNode) || (best as Node | null);
  const offset = target && 'range' in target && target.range ? target.range[0] : 0;
  const pos = source.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
