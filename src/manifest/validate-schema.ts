// Checks one parsed document against the JSON Schema and turns ajv's errors into plain-worded
// diagnostics at the offending YAML node (instancePath mapped back through the document).
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from './diagnostics.js';
import { formatPath } from './diagnostics.js';
import { locate, type SourceDocument } from './parse-yaml.js';
import { loadSchema, schemaKinds, type SchemaNode } from './schema.js';
import { closestMatch } from './suggest.js';

export function validateDocumentSchema(source: SourceDocument): Diagnostic[] {
  const value = source.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const pos = locate(source, []);
    return [
      {
        severity: 'error',
        code: 'schema.not-a-mapping',
        file: source.file,
        line: pos.line,
        column: pos.column,
        path: '',
        message: `expected a mapping with apiVersion, kind, metadata and spec, got ${describe(value)}`,
      },
    ];
  }
  const { validate } = loadSchema();
  if (validate(value)) return [];
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'if') continue;
    const path = pointerToPath(error.instancePath);
    const d = toDiagnostic(source, error, path);
    const key = `${d.line}:${d.column}:${d.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }
  return diagnostics;
}

function toDiagnostic(source: SourceDocument, error: ErrorObject, path: (string | number)[]): Diagnostic {
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const custom = schema['x-message'];
  let target = path;
  let atKey = false;
  let message: string;
  let code = `schema.${error.keyword}`;
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      target = [...path, extra];
      atKey = true;
      code = 'schema.unknown-key';
      const known = Object.keys(schema.properties ?? {});
      const guess = closestMatch(extra, known);
      message =
        `unknown key \`${extra}\`` +
        (guess ? `; did you mean \`${guess}\`?` : known.length ? `; expected one of ${known.map((k) => `\`${k}\``).join(', ')}` : '');
      break;
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      code = 'schema.missing-key';
      message = `missing required key \`${missing}\``;
      break;
    }
    case 'type':
    case 'pattern':
      message = `${custom ?? expectedType(schema, error)}, got ${describe(error.data)}`;
      break;
    case 'enum': {
      const options = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const guess = typeof error.data === 'string' ? closestMatch(error.data, options) : undefined;
      message = `expected one of ${options.join(', ')}, got ${describe(error.data)}` + (guess ? `; did you mean \`${guess}\`?` : '');
      break;
    }
    case 'const': {
      const allowed = String((error.params as { allowedValue: unknown }).allowedValue);
      if (path[path.length - 1] === 'kind') {
        const kinds = schemaKinds();
        const guess = typeof error.data === 'string' ? closestMatch(error.data, kinds) : undefined;
        message =
          `unknown kind ${describe(error.data)}; expected one of ${kinds.join(', ')}` + (guess ? `; did you mean \`${guess}\`?` : '');
      } else {
        message = `expected \`${allowed}\`, got ${describe(error.data)}`;
      }
      break;
    }
    case 'propertyNames':
      message = `invalid key ${describe((error.params as { propertyName?: string }).propertyName)}`;
      break;
    case 'maxLength':
    case 'minLength':
    case 'format':
      message = custom ? `${custom}, got ${describe(error.data)}` : `${error.message ?? 'is invalid'}, got ${describe(error.data)}`;
      break;
    default:
      message = `${error.message ?? 'is invalid'}${'limit' in (error.params ?? {}) ? `, got ${describe(error.data)}` : ''}`;
  }
  if (path[path.length - 1] === 'kind' && error.keyword === 'enum') {
    const kinds = schemaKinds();
    const guess = typeof error.data === 'string' ? closestMatch(error.data, kinds) : undefined;
    message = `unknown kind ${describe(error.data)}; expected one of ${kinds.join(', ')}` + (guess ? `; did you mean \`${guess}\`?` : '');
    code = 'schema.unknown-kind';
  }
  const pos = locate(source, target, atKey);
  return { severity: 'error', code, file: source.file, line: pos.line, column: pos.column, path: formatPath(target), message };
}

function expectedType(schema: SchemaNode, error: ErrorObject): string {
  if (error.keyword === 'pattern') return `expected text matching ${String((error.params as { pattern: string }).pattern)}`;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'value'];
  const words: Record<string, string> = {
    integer: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'a mapping',
    array: 'a list',
  };
  return `expected ${types.map((t) => words[t] ?? t).join(' or ')}`;
}

/** A short, safe rendering of a value for a message. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
}
