// The console socket: 0600, scrollback on attach, several viewers, input to the guest, a log file.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleServer, Scrollback } from '../../src/supervise/console-server.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function viewer(path: string) {
  const socket = connect(path);
  const received: Buffer[] = [];
  socket.on('data', (d) => received.push(d));
  return { socket, text: () => Buffer.concat(received).toString(), ready: new Promise((r) => socket.once('connect', r)) };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('Scrollback', () => {
  it('keeps only the last bytes', () => {
    const s = new Scrollback(10);
    s.push(Buffer.from('0123456789'));
    s.push(Buffer.from('abc'));
    expect(s.contents().toString()).toBe('3456789abc');
  });

  it('takes earlier bytes in front while there is room, the newest of them first', () => {
    const s = new Scrollback(10);
    s.push(Buffer.from('abcd'));
    s.prepend(Buffer.from('0123456789'));
    expect(s.contents().toString()).toBe('456789abcd');
    s.prepend(Buffer.from('xyz'));
    expect(s.contents().toString()).toBe('456789abcd');
  });
});

describe('ConsoleServer', () => {
  it('serves scrollback, live output and input to several viewers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-console-'));
    dirs.push(dir);
    const server = new ConsoleServer(join(dir, 'console.sock'), join(dir, 'console.log'));
    await server.listen();
    expect(statSync(join(dir, 'console.sock')).mode & 0o777).toBe(0o600);
    const typed: string[] = [];
    server.onInput((d) => typed.push(d.toString()));
    server.write(Buffer.from('SeaBIOS (version 1.16)\r\n'));
    const a = viewer(join(dir, 'console.sock'));
    const b = viewer(join(dir, 'console.sock'));
    await Promise.all([a.ready, b.ready]);
    await until(() => a.text().includes('SeaBIOS') && b.text().includes('SeaBIOS'));
    server.write(Buffer.from('login: '));
    await until(() => a.text().endsWith('login: ') && b.text().endsWith('login: '));
    expect(a.text()).toBe('SeaBIOS (version 1.16)\r\nlogin: ');
    a.socket.write('root\n');
    await until(() => typed.length > 0);
    expect(typed.join('')).toBe('root\n');
    a.socket.destroy();
    b.socket.destroy();
    await server.close();
    expect(readFileSync(join(dir, 'console.log'), 'utf8')).toBe('SeaBIOS (version 1.16)\r\nlogin: ');
  });

  it('a process resumed from a snapshot shows the log from before it as scrollback; a cold boot does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-console-'));
    dirs.push(dir);
    const log = join(dir, 'console.log');
    const first = new ConsoleServer(join(dir, 'console.sock'), log);
    await first.listen();
    first.bootStarted(false);
    first.write(Buffer.from('before the snapshot\r\n'));
    await first.close();
    for (const resumed of [true, false]) {
      const next = new ConsoleServer(join(dir, 'console.sock'), log);
      await next.listen();
      next.write(Buffer.from('early '));
      next.bootStarted(resumed);
      next.bootStarted(resumed); // a reboot later: nothing more
      next.write(Buffer.from('after'));
      const v = viewer(join(dir, 'console.sock'));
      await v.ready;
      await until(() => v.text().endsWith('after'));
      expect(v.text()).toBe(resumed ? 'before the snapshot\r\nearly after' : 'early after');
      v.socket.destroy();
      await next.close();
    }
  });
});
