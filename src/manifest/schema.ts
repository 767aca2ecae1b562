// The JSON Schema of the manifests (schema/tshyve.schema.json), as ajv's validator compiled at build
// time (scripts/generate-validators.js): loading it costs a module import, not a schema compile.
import type { ValidateFunction } from 'ajv';
import { schemaKinds as kinds, validate as generated } from './schema-validator.generated.js';

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

const validate = generated as unknown as ValidateFunction;

export function loadSchema(): { validate: ValidateFunction } {
  return { validate };
}

/** The known kinds, in schema order. */
export function schemaKinds(): string[] {
  return [...(kinds as string[])];
}
