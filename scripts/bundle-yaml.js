// Joins the installed yaml package's CommonJS files (node_modules/yaml/dist, ~70 modules) into one
// file, dist/vendor/yaml.cjs, so a CLI start reads and compiles one file instead of seventy (measured:
// +6 ms of CPU instead of +38 ms), and its V8 code cache beside it (yaml.cjs.v8-cache). Run by `npm run
// build` after tsc; src/manifest/yaml.ts loads it.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const require = createRequire(import.meta.url);
const entry = require.resolve('yaml');
const root = dirname(entry);
const out = new URL('../dist/vendor/yaml.cjs', import.meta.url);

async function files(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [])),
  );
  return nested.flat().sort();
}

export async function bundleYaml() {
  const { version } = JSON.parse(await readFile(join(root, '..', 'package.json'), 'utf8'));
  const modules = [];
  for (const file of await files(root)) {
    const id = relative(root, file).split('\\').join('/');
    modules.push(`${JSON.stringify(id)}: function (module, exports, require) {\n${await readFile(file, 'utf8')}\n}`);
  }
  const loader = `
const defined = {\n${modules.join(',\n')}\n};
const cache = {};
function load(id) {
  if (cache[id]) return cache[id].exports;
  const define = defined[id];
  if (!define) throw new Error('yaml bundle: no module ' + id);
  const module = (cache[id] = { exports: {} });
  const dir = id.split('/').slice(0, -1).join('/');
  define(module, module.exports, (name) => {
    if (!name.startsWith('.')) return require(name);
    const parts = (dir ? dir.split('/') : []).concat(name.split('/'));
    const resolved = [];
    for (const p of parts) if (p === '..') resolved.pop(); else if (p !== '.') resolved.push(p);
    const path = resolved.join('/');
    return load(path.endsWith('.js') ? path : path + '.js');
  });
  return module.exports;
}
module.exports = load(${JSON.stringify(relative(root, entry).split('\\').join('/'))});
`;
  return `// yaml ${version}, its dist/ files joined by scripts/bundle-yaml.js (ISC license, Eemeli Aro).\n'use strict';${loader}`;
}

/**
 * The V8 code cache of the bundle `text` at `file` (src/manifest/yaml.ts compiles it with it): made
 * after parsing `samples`, so it holds the functions a parse compiles, not only the top level. Only
 * this Node binary with the same V8 flags takes it (bin/tshyve.js runs the CLI without flags).
 */
export function yamlCodeCache(text, file, samples) {
  const script = new Script(Module.wrap(text), { filename: file });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  for (const sample of samples) module.exports.parseAllDocuments(sample, { prettyErrors: false, uniqueKeys: true }).map((d) => d.toJS());
  return script.createCachedData();
}

/** The repository's own manifests: what a CLI start parses. */
async function sampleManifests() {
  const texts = [];
  for (const dir of ['vms', 'examples']) {
    const entries = await readdir(new URL(`../${dir}`, import.meta.url), { recursive: true }).catch(() => []);
    for (const name of entries.filter((n) => /\.ya?ml$/.test(n)).sort())
      texts.push(await readFile(new URL(`../${dir}/${name}`, import.meta.url), 'utf8'));
  }
  return texts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await mkdir(new URL('.', out), { recursive: true });
  const text = await bundleYaml();
  await writeFile(out, text);
  await writeFile(new URL('yaml.cjs.v8-cache', out), yamlCodeCache(text, fileURLToPath(out), await sampleManifests()));
}
