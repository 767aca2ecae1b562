#!/usr/bin/env node
// clang-format (the repo's .clang-format) over every tracked C++ file under native/: checks by
// default (exit 1 listing the files that differ), rewrites them with --fix. Skips with a note when
// clang-format is not installed, so a machine without it can still run the rest of the lint.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CLANG_FORMAT = ['/usr/bin/clang-format', '/usr/bin/clang-format-14'].find((p) => existsSync(p));
const fix = process.argv.includes('--fix');
if (!CLANG_FORMAT) {
  console.log('native-format: clang-format is not installed (Debian clang-format): C++ formatting not checked');
  process.exit(0);
}
const files = execFileSync('git', ['ls-files', '-z', '--', 'native/*.cc', 'native/*.h'], { encoding: 'utf8' })
  .split('\0')
  .filter((f) => f && !f.includes('/corpus/'));
const args = fix ? ['-i', '--style=file'] : ['--dry-run', '--Werror', '--style=file'];
const bad = [];
for (let i = 0; i < files.length; i += 50) {
  const batch = files.slice(i, i + 50);
  const r = spawnSync(CLANG_FORMAT, [...args, ...batch], { encoding: 'utf8' });
  if (r.status !== 0) for (const f of batch) if (r.stderr.includes(f)) bad.push(f);
}
if (bad.length) {
  console.log(`native-format: ${bad.length} file(s) differ from .clang-format (npm run format:native fixes them):`);
  for (const f of bad) console.log(`  ${f}`);
  process.exit(1);
}
console.log(`native-format: ${files.length} C++ files ${fix ? 'formatted' : 'match .clang-format'}`);
