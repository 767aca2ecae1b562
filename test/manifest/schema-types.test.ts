// The TypeScript spec types are generated from the schema; this fails when they drift apart, and
// checks the schema carries what editors need.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build script without types
import { generateSpecTypes } from '../../scripts/generate-types.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/tshyve.schema.json', import.meta.url), 'utf8'));

/** Visits the subschemas of a node (property schemas, items, definitions...), never property names. */
function forEachSubschema(n: Record<string, unknown>, path: string, visit: (node: unknown, path: string) => void): void {
  for (const [k, v] of Object.entries(n)) {
    if (k === 'properties' || k === 'definitions') {
      for (const [name, sub] of Object.entries(v as Record<string, unknown>)) visit(sub, `${path}/${k}/${name}`);
    } else if (k === 'items' || k === 'additionalProperties' || k === 'then') visit(v, `${path}/${k}`);
    else if (k === 'allOf' || k === 'oneOf' || k === 'anyOf') (v as unknown[]).forEach((sub, i) => visit(sub, `${path}/${k}/${i}`));
    else if (
      !['examples', 'default', 'enum', 'const'].includes(k) &&
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      !['propertyNames', 'if'].includes(k)
    )
      visit(v, `${path}/${k}`);
  }
}

describe('schema', () => {
  it('matches the generated TypeScript types', async () => {
    const current = readFileSync(new URL('../../src/model/spec-types.generated.ts', import.meta.url), 'utf8');
    expect(await generateSpecTypes()).toBe(current);
  });

  it('has an $id and closes every object (additionalProperties: false)', () => {
    expect(schema.$id).toMatch(/^https:\/\//);
    const open: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      const types = Array.isArray(n.type) ? n.type : [n.type];
      if (types.includes('object') && n.properties && n.additionalProperties !== false) open.push(path);
      forEachSubschema(n, path, walk);
    };
    walk(schema.definitions, '#/definitions');
    expect(open).toEqual([]);
  });

  it('describes every property', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.properties) {
        for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          const documented = v.description || v.$ref || v.title;
          if (!documented && !['sockets', 'cores', 'threads', 'vcpu', 'hostCpu', 'name', 'path', 'rom', 'slot'].includes(k))
            undocumented.push(`${path}/${k}`);
        }
      }
      forEachSubschema(n, path, walk);
    };
    walk(schema.definitions, '#/definitions');
    expect(undocumented).toEqual([]);
  });
});
