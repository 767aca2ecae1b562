// `tshyve logs` as a process: a console log holding hostile terminal sequences comes out as plain
// text, and byte for byte with --raw.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comPortFiles, vmFiles } from '../../src/state/vm-files.js';

const repo = resolve(import.meta.dirname, '../..');
const HOSTILE = 'login: \x1b]52;c;cm0gLXJmIH4K\x07\x1b]0;root@bank\x1b\\\x1b[2J\x1b[H\x1b[?1049hok\r\n';

function logs(stateDir: string, ...args: string[]) {
  const code = `import('./src/cli/main.ts').then((m) => m.main(${JSON.stringify(['logs', 'g', '--state-dir', stateDir, ...args])})).then((c) => { process.exitCode = c; })`;
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: repo, encoding: 'latin1' });
}

describe('tshyve logs', () => {
  it('neutralises control sequences unless --raw', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'tshyve-logs-'));
    const log = comPortFiles(vmFiles(stateDir, 'g'), 'com1').log;
    mkdirSync(dirname(log), { recursive: true });
    writeFileSync(log, HOSTILE);
    const safe = logs(stateDir);
    expect(safe.status).toBe(0);
    expect(safe.stdout).toBe('login: ok\r\n');
    const raw = logs(stateDir, '--raw');
    expect(raw.stdout).toBe(HOSTILE);
  });
});
