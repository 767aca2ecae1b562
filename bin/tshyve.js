#!/usr/bin/env node
// tshyve command-line entry: runs the compiled CLI (npm run build produces dist/). No V8 flags: the
// big young generation (--max-semi-space-size=64) measured no gain on 1,000 manifests or the watch
// loop, and a re-run under other flags would put a wrapper parent where `kill -9 PID` must hit tshyve.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1+: the compiled code of these modules is cached beside them (dist/ is as trusted as the code).
module.enableCompileCache?.(fileURLToPath(new URL('../dist/.compile-cache', import.meta.url)));
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
