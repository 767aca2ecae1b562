#!/usr/bin/env node
// Writes docs/cli.md, the command reference, from the verb table (run `npm run build` first);
// test/cli/help.test.ts fails when the file and the table disagree.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceMarkdown } from '../dist/cli/help.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'docs'), { recursive: true });
writeFileSync(join(root, 'docs', 'cli.md'), referenceMarkdown());
console.log('wrote docs/cli.md');
