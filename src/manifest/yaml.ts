// The yaml package, as the one file the build joins it into (dist/vendor/yaml.cjs, see
// scripts/bundle-yaml.js) when present, else as installed: same code, one file read instead of seventy.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type Yaml = typeof import('yaml');

function load(): Yaml {
  const require = createRequire(import.meta.url);
  try {
    return require(fileURLToPath(new URL('../vendor/yaml.cjs', import.meta.url))) as Yaml;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    return require('yaml') as Yaml;
  }
}

export const yaml: Yaml = load();
