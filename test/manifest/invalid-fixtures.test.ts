// Every invalid fixture is named for the rule it breaks and declares, on its first line, the exact
// `line:col path message-fragment` of the diagnostic a user must see.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enforceHostFacts } from '../../src/manifest/diagnostics.js';
import { loadSpecs } from '../../src/manifest/load.js';

const dir = join(import.meta.dirname, '../fixtures/specs/invalid');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const HOST_MEMORY = 24 * 2 ** 30;

describe('invalid fixtures', () => {
  it('has at least 40 of them', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  it.each(fixtures)('%s', async (name) => {
    const file = join(dir, name);
    const header = readFileSync(file, 'utf8').split('\n')[0]!;
    const m = /^# expect: (\d+):(\d+) (\S+) (.+)$/.exec(header);
    expect(m, `fixture ${name} needs a "# expect: line:col path fragment" header`).not.toBeNull();
    const [, line, column, path, fragment] = m!;
    const result = await loadSpecs(file, { hostMemoryBytes: HOST_MEMORY, stateDir: '/var/lib/tshyve' });
    // As `plan`/`apply` on a host that would run every resource: host facts are errors there.
    const errors = enforceHostFacts(result.diagnostics, () => true).filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const shown = errors.map((d) => `${d.line}:${d.column} ${d.path || '-'} ${d.message}`);
    const match = errors.find(
      (d) => d.line === Number(line) && d.column === Number(column) && (d.path || '-') === path && d.message.includes(fragment!),
    );
    expect(match, `expected ${line}:${column} ${path} "${fragment}" among:\n${shown.join('\n')}`).toBeDefined();
  });
});
