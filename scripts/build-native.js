#!/usr/bin/env node
// Builds the native addon (native/build/Release/tshyve_native.node) with node-gyp against the local
// Node headers (--nodedir: there is no network to download them). Usage: node scripts/build-native.js [--debug] [--clean]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const gyp = require.resolve('node-gyp/bin/node-gyp.js');
const nodedir = process.env.TSHYVE_NODEDIR ?? (existsSync('/usr/include/node/node.h') ? '/usr' : dirname(dirname(process.execPath)));
const jobs = process.env.TSHYVE_BUILD_JOBS ?? '2';
// configure + build (not rebuild): incremental, and it re-expands the source glob so new .cc files
// are picked up without deleting objects another build may be using. --clean forces a full rebuild.
const debug = process.argv.includes('--debug') ? ['--debug'] : [];
const steps = process.argv.includes('--clean') ? [['clean'], ['configure'], ['build']] : [['configure'], ['build']];
for (const [step] of steps) {
  const extra = step === 'build' ? ['-j', jobs] : [];
  const r = spawnSync(process.execPath, [gyp, step, `--nodedir=${nodedir}`, ...debug, ...extra], {
    cwd: join(root, 'native'),
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
