// `tshyve validate` and `show` as a user runs them: exit status, the file:line:col lines, --json.
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it, beforeAll } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';

const root = join(import.meta.dirname, '../..');
const fixture = (name: string) => join(root, 'test/fixtures/specs/invalid', name);

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe('tshyve validate', () => {
  it('accepts the demo with exit status 0', async () => {
    const o = capture();
    expect(await main(['validate', join(root, 'vms')], o)).toBe(0);
    expect(o.stdout.join('\n')).toMatch(/9 documents in 5 files, valid/);
  });

  it('prints file:line:col  path  message and exits 1', async () => {
    const o = capture();
    expect(await main(['validate', fixture('memory-bare-number.yaml')], o)).toBe(1);
    expect(o.stderr[0]).toMatch(
      /memory-bare-number\.yaml:8:11 {2}spec\.memory {2}error: expected a size with a unit such as 512MiB or 2G, got 8$/,
    );
    expect(o.stderr.at(-1)).toBe('1 error, 0 warnings');
  });

  it('prints diagnostics as data with --json', async () => {
    const o = capture();
    expect(await main(['validate', '--json', fixture('unknown-key-suggests.yaml')], o)).toBe(1);
    const report = JSON.parse(o.stdout.join('\n'));
    expect(report.ok).toBe(false);
    expect(report.diagnostics[0]).toMatchObject({ severity: 'error', code: 'schema.unknown-key', line: 8, column: 3, path: 'spec.memroy' });
  });

  it('shows warnings without failing', async () => {
    const o = capture();
    expect(await main(['validate', join(root, 'examples/complete.yaml')], o)).toBe(0);
    expect(o.stderr.join('\n')).toMatch(/warning: kernel .* does not exist on this host/);
  });

  it('says clearly when the directory does not exist', async () => {
    const o = capture();
    expect(await main(['validate', '/nonexistent/vms'], o)).toBe(1);
    expect(o.stderr[0]).toMatch(/cannot read \/nonexistent\/vms/);
  });

  it('rejects unknown commands with usage', async () => {
    const o = capture();
    expect(await main(['frobnicate'], o)).toBe(2);
    expect(o.stderr[0]).toMatch(/unknown command `frobnicate`/);
  });
});

describe('tshyve show', () => {
  it('prints the resolved state as JSON', async () => {
    const o = capture();
    expect(await main(['show', '--json', join(root, 'vms')], o)).toBe(0);
    const { state } = JSON.parse(o.stdout.join('\n'));
    const hello = state.vms.find((v: { meta: { name: string } }) => v.meta.name === 'hello');
    expect(hello.memoryBytes).toBe(32 * 2 ** 20);
    expect(hello.nics[0].mac).toMatch(/^58:9c:fc:/);
  });
});

describe('the tshyve bin', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-p', root], { cwd: root, stdio: 'ignore' });
  });
  it('runs as a process with the same exit status', () => {
    const ok = spawnSync(process.execPath, [join(root, 'bin/tshyve.js'), 'validate', join(root, 'vms')], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const bad = spawnSync(process.execPath, [join(root, 'bin/tshyve.js'), 'validate', fixture('kind-unknown.yaml')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/did you mean `VirtualMachine`\?/);
  });
});
