#!/usr/bin/env node
// tshyve command-line entry: runs the compiled CLI (npm run build produces dist/). V8 flags are chosen
// per verb: only a verb whose workload needs one is re-run with it; every other verb starts plain.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * A larger young generation (64 MiB semi-spaces) for the verb that reloads a whole spec directory on
 * every pass for as long as it runs: fewer scavenges while 1,000 manifests' YAML trees are built.
 */
const VERB_V8_FLAGS = { watch: ['--max-semi-space-size=64'] };

const args = process.argv.slice(2);
const wanted = VERB_V8_FLAGS[args[0]] ?? [];
const missing = wanted.filter((flag) => !process.execArgv.includes(flag));

if (missing.length && !args.includes('--help') && !args.includes('-h')) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, ...missing, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    else process.exitCode = code ?? 1;
  });
} else {
  // Node 22.1+: compiled code of these modules is cached beside them (dist/ is as trusted as the code).
  module.enableCompileCache?.(fileURLToPath(new URL('../dist/.compile-cache', import.meta.url)));
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(args);
}
