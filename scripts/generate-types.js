// Generates src/model/spec-types.generated.ts from schema/tshyve.schema.json (the single source of
// truth), so the TypeScript types cannot drift from the schema. `--check` fails if the file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';

const schemaUrl = new URL('../schema/tshyve.schema.json', import.meta.url);
const outUrl = new URL('../src/model/spec-types.generated.ts', import.meta.url);

export async function generateSpecTypes() {
  const schema = JSON.parse(await readFile(schemaUrl, 'utf8'));
  const kinds = Object.keys(schema.definitions).filter((k) => schema.definitions[k].properties?.kind);
  // Compile each document kind as its own root so every kind gets a named type.
  const wrapper = {
    title: 'TshyveDocument',
    oneOf: kinds.map((k) => ({ $ref: `#/definitions/${k}` })),
    definitions: Object.fromEntries(
      Object.entries(schema.definitions).map(([k, d]) => [k, kinds.includes(k) ? { ...d, title: `${k}Document` } : d]),
    ),
  };
  const body = await compile(wrapper, 'TshyveDocument', {
    bannerComment: '// Generated from schema/tshyve.schema.json by scripts/generate-types.js; do not edit by hand.',
    additionalProperties: false,
    strictIndexSignatures: true,
    style: { singleQuote: true },
    format: false,
    maxItems: -1,
  });
  return body;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const body = await generateSpecTypes();
  if (process.argv.includes('--check')) {
    const current = await readFile(outUrl, 'utf8').catch(() => '');
    if (current !== body) {
      console.error('src/model/spec-types.generated.ts is stale: run `node scripts/generate-types.js`');
      process.exit(1);
    }
  } else {
    await writeFile(outUrl, body);
  }
}
