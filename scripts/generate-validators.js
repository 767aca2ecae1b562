// Compiles schema/tshyve.schema.json with ajv's standalone code generation into
// src/manifest/schema-validator.generated.ts, so no process compiles the schema at start-up.
// `--check` fails if the file differs from what the schema gives now (run by `npm run lint`).
import { readFile, writeFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import standaloneModule from 'ajv/dist/standalone/index.js';

const schemaUrl = new URL('../schema/tshyve.schema.json', import.meta.url);
const outUrl = new URL('../src/manifest/schema-validator.generated.ts', import.meta.url);
const OUT_NAME = 'src/manifest/schema-validator.generated.ts';

/** The same ajv options the validator always had: every error, with its schema and data (verbose). */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true };

/** ajv's runtime helpers are referenced as require("…"): an ES module makes itself a require for them. */
function checkRuntimeHelpers(code) {
  for (const [, name] of code.matchAll(/require\("([^"]+)"\)/g))
    if (!/^ajv(-formats)?\/dist\/[a-z0-9_/]+$/.test(name)) throw new Error(`unexpected module ${name} in ajv's output`);
  return /require\(/.test(code) ? ["import { createRequire } from 'node:module';", 'const require = createRequire(import.meta.url);'] : [];
}

export async function generateValidators() {
  const schema = JSON.parse(await readFile(schemaUrl, 'utf8'));
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true, lines: true } });
  const addFormats = addFormatsModule.default ?? addFormatsModule;
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
  const standalone = standaloneModule.default ?? standaloneModule;
  const code = standalone(ajv, ajv.compile(schema)).replace(/^"use strict";\n?/, '');
  const imports = checkRuntimeHelpers(code);
  const kinds = Object.keys(schema.definitions ?? {}).filter((k) => schema.definitions[k].properties?.kind);
  return [
    '// Generated from schema/tshyve.schema.json by scripts/generate-validators.js (ajv standalone code);',
    '// do not edit by hand: `node scripts/generate-validators.js` rewrites it, the lint checks it is current.',
    '// @ts-nocheck',
    '/* eslint-disable */',
    ...imports,
    `/** The document kinds, in schema order. */`,
    `export const schemaKinds = ${JSON.stringify(kinds)};`,
    code.trimEnd(),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const body = await generateValidators();
  const current = await readFile(outUrl, 'utf8').catch(() => '');
  if (process.argv.includes('--check')) {
    if (current !== body) {
      console.error(`${OUT_NAME} is stale: run \`node scripts/generate-validators.js\``);
      process.exit(1);
    }
  } else if (current !== body) {
    await writeFile(outUrl, body);
    console.error(`wrote ${OUT_NAME}`);
  }
}
