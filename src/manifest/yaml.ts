// The yaml package, as the one file the build joins it into (dist/vendor/yaml.cjs, see
// scripts/bundle-yaml.js) when present, else as installed: same code, one file read instead of seventy.
// The bundle is compiled with the V8 code cache the build left beside it (yaml.cjs.v8-cache; Node 20
// caches no module's code itself): V8 checks it against the source and its own version and flags,
// and compiles afresh when it does not match.
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { fileURLToPath } from 'node:url';

type Yaml = typeof import('yaml');

/** Runs the bundle at `file` as Node runs a CommonJS file, from its code cache if V8 takes it; undefined when there is no bundle. */
export function loadYamlBundle(file: string): Yaml | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.v8-cache`);
  } catch {
    cachedData = undefined; // no cache: compiled as usual
  }
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports as Yaml;
}

function load(): Yaml {
  return loadYamlBundle(fileURLToPath(new URL('../vendor/yaml.cjs', import.meta.url))) ?? (createRequire(import.meta.url)('yaml') as Yaml);
}

let loaded: Yaml | undefined;

/** The yaml package, loaded on first use: a load whose manifests are all plain YAML never needs it. */
export function yamlModule(): Yaml {
  return (loaded ??= load());
}
