// Every verb explains itself: `--help` lists each of its flags with its default and an example,
// from the same table the verb parses with; the generated reference matches it; unknown flags and
// verbs suggest the closest; failures never show a stack trace, and --json failures are an envelope.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceMarkdown } from '../../src/cli/help.js';
import { main } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import type { FlagSpec } from '../../src/cli/flags.js';
import { VERBS, type VerbName, type VerbSpec } from '../../src/cli/verbs.js';

const root = join(import.meta.dirname, '../..');

function capture(): Output & { stdout: string[]; stderr: string[]; text(): string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), text: () => [...stdout, ...stderr].join('\n') };
}

describe('help', () => {
  for (const verb of Object.keys(VERBS) as VerbName[]) {
    it(`tshyve ${verb} --help and -h list every flag, its default and an example`, async () => {
      for (const flag of ['--help', '-h']) {
        const o = capture();
        expect(await main([verb, flag], o)).toBe(0);
        const help = o.stdout.join('\n');
        expect(help).toMatch(new RegExp(`^usage: tshyve ${VERBS[verb].synopsis.replace(/[|[\]().*]/g, '\\$&')}`));
        const entry: VerbSpec = VERBS[verb];
        for (const [name, spec] of Object.entries(entry.flags) as [string, FlagSpec][]) {
          expect(help).toContain(`--${name}`);
          if (typeof spec.default === 'string') expect(help).toContain(`(default ${spec.default})`);
        }
        if (!entry.internal) expect(help).toMatch(/examples?:\n {2}tshyve /);
      }
    });
  }

  it('the overview lists every public verb; --version prints the package version', async () => {
    const o = capture();
    expect(await main(['--help'], o)).toBe(0);
    for (const [verb, spec] of Object.entries(VERBS))
      if (!('internal' in spec)) expect(o.stdout.join('\n')).toMatch(new RegExp(`^ {2}${verb} +`, 'm'));
    const v = capture();
    expect(await main(['--version'], v)).toBe(0);
    expect(v.stdout).toEqual([`tshyve ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}`]);
  });

  it('docs/cli.md is the reference generated from the table', () => {
    expect(readFileSync(join(root, 'docs/cli.md'), 'utf8')).toBe(referenceMarkdown());
  });

  it('an unknown flag suggests the closest one, with the usage; an unknown verb the closest verb', async () => {
    const o = capture();
    expect(await main(['destroy', 'vms', '--yse'], o)).toBe(2);
    expect(o.stderr[0]).toMatch(/^tshyve destroy: unknown flag --yse; did you mean --yes\?\nusage: tshyve destroy DIR/);
    const w = capture();
    expect(await main(['logs', 'x', '--folow'], w)).toBe(2);
    expect(w.text()).toMatch(/did you mean --follow\?/);
    const v = capture();
    expect(await main(['stauts'], v)).toBe(2);
    expect(v.text()).toMatch(/unknown command `stauts`; did you mean `status`\?/);
  });

  it('an unexpected failure has no stack trace unless TSHYVE_DEBUG=1; with --json it is an envelope on stdout', async () => {
    const work = mkdtempSync(join(tmpdir(), 'tshyve-help-'));
    try {
      const notADir = join(work, 'file');
      writeFileSync(notADir, 'x');
      const o = capture();
      expect(await main(['ps', '--state-dir', notADir, '--json'], o)).toBe(1);
      expect(o.stderr.join('\n')).not.toMatch(/\n\s+at /);
      expect(o.stderr.join('\n')).toMatch(/TSHYVE_DEBUG=1 shows the stack/);
      expect(JSON.parse(o.stdout.join('\n'))).toMatchObject({ ok: false, error: { code: 'TSHYVE_INTERNAL' } });
      process.env.TSHYVE_DEBUG = '1';
      const d = capture();
      await main(['ps', '--state-dir', notADir], d);
      expect(d.stderr.join('\n')).toMatch(/\n\s+at /);
    } finally {
      delete process.env.TSHYVE_DEBUG;
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('status --json is an object even when no agent ever ran, and says so in its exit code', async () => {
    const work = mkdtempSync(join(tmpdir(), 'tshyve-help-'));
    try {
      const o = capture();
      expect(await main(['status', '--json', '--state-dir', work], o)).toBe(4);
      expect(JSON.parse(o.stdout.join('\n'))).toMatchObject({ ok: false, agent: { state: 'never-run' }, status: null });
      const s = capture();
      expect(await main(['start', 'ghost', '--json', '--state-dir', work], s)).toBe(1);
      expect(JSON.parse(s.stdout.join('\n'))).toMatchObject({ ok: false, error: { code: 'TSHYVE_NOT_FOUND' } });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
