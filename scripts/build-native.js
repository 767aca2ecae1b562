#!/usr/bin/env node
// Builds the native addon (native/build/Release/tshyve_native.node) with node-gyp against the local
// Node headers (--nodedir: there is no network to download them). Usage: node scripts/build-native.js [--debug]
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
const args = [gyp, 'rebuild', `--nodedir=${nodedir}`, `-j`, jobs];
if (process.argv.includes('--debug')) args.push('--debug');
const r = spawnSync(process.execPath, args, { cwd: join(root, 'native'), stdio: 'inherit' });
process.exit(r.status ?? 1);
