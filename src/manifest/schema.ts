// The JSON Schema of the manifests (schema/tshyve.schema.json), compiled once with ajv.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

export const SCHEMA_URL = new URL('../../schema/tshyve.schema.json', import.meta.url);

export interface SchemaNode {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  'x-message'?: string;
  [key: string]: unknown;
}

let compiled: { validate: ValidateFunction; schema: SchemaNode } | undefined;

export function loadSchema(): { validate: ValidateFunction; schema: SchemaNode } {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as SchemaNode;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => void;
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
  compiled = { validate: ajv.compile(schema), schema };
  return compiled;
}

/** The known kinds, in schema order. */
export function schemaKinds(): string[] {
  const { schema } = loadSchema();
  const defs = (schema.definitions ?? {}) as Record<string, SchemaNode>;
  return Object.keys(defs).filter((k) => defs[k]!.properties?.kind);
}
