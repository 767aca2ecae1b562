// COM ports of `tshyve run` (bhyve -l comN,stdio): which port is on the terminal, log-mode ports in
// their files, dropped ports announced once. No KVM needed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openForegroundSerial } from '../../src/runtime/foreground-serial.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function io() {
  const terminal: string[] = [];
  const notices: string[] = [];
  return {
    terminal,
    notices,
    io: { terminal: (d: Buffer) => void terminal.push(d.toString()), notice: (l: string) => void notices.push(l) },
  };
}

describe('openForegroundSerial', () => {
  it('puts com1 on the terminal through the native fd when no port is stdio', () => {
    const t = io();
    const s = openForegroundSerial([{ port: 'com1', mode: 'socket' }], t.io);
    expect(s.terminalPort).toBe(1);
    expect(s.consoleFd).toBe(1);
    expect(t.notices).toEqual([]);
    s.close();
  });

  it('puts the stdio port on the terminal in batches, logs log ports and drops the rest with one notice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-fg-serial-'));
    dirs.push(dir);
    const t = io();
    const s = openForegroundSerial(
      [
        { port: 'com1', mode: 'socket' },
        { port: 'com2', mode: 'stdio' },
        { port: 'com3', mode: 'log', path: join(dir, 'com3.log') },
        { port: 'com4', mode: 'socket' },
      ],
      t.io,
    );
    expect(s.terminalPort).toBe(2);
    expect(s.consoleFd).toBeUndefined();
    s.onConsole(Buffer.from('one'), 1);
    s.onConsole(Buffer.from('two'), 2);
    s.onConsole(Buffer.from('three'), 3);
    s.onConsole(Buffer.from('four'), 4);
    expect(t.terminal).toEqual(['two']);
    expect(t.notices).toEqual([
      'tshyve: com1, com4 output is dropped in the foreground (only com2 is on the terminal; use mode log or tty, or tshyve start)',
    ]);
    s.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(join(dir, 'com3.log'), 'utf8')).toBe('three');
  });
});
