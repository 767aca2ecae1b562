// The standby's claim protocol (src/supervise/standby-server.ts) over a real unix socket in a temporary
// state directory: a malformed claim is refused and the standby keeps waiting; a good one is answered
// with the pid after `become`, once, with the socket gone; a standby no longer recorded retires.
import { mkdtempSync, rmSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForClaim } from '../../src/supervise/standby-server.js';
import { standbyFiles, standbySocket } from '../../src/state/standby-files.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function claim(socket: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(socket);
    let got = '';
    s.on('connect', () => s.write(line));
    s.on('data', (b) => (got += b.toString()));
    s.on('end', () => resolve(got));
    s.on('close', () => resolve(got));
    s.on('error', reject);
  });
}

async function listening(socket: string): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 10));
}

function setUp(): { files: ReturnType<typeof standbyFiles> & { socket: string }; lines: string[]; became: string[] } {
  dir = mkdtempSync(join(tmpdir(), 'tshyve-standby-claim-'));
  const files = { ...standbyFiles(dir), socket: standbySocket(dir, process.pid) };
  writeFileSync(files.record, JSON.stringify({ pid: process.pid, key: 'k', startedAt: '' }));
  return { files, lines: [], became: [] };
}

describe('standby claim protocol', () => {
  it('refuses malformed claims, then becomes the first valid one and answers with its pid', async () => {
    const { files, lines, became } = setUp();
    const waiting = waitForClaim({ stateDir: dir, log: (l) => lines.push(l), become: (n) => (became.push(n), true) });
    await listening(files.socket);
    expect(statSync(files.socket).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await claim(files.socket, '{"name":"../etc"}\n'))).toMatchObject({ ok: false });
    expect(JSON.parse(await claim(files.socket, 'not json\n'))).toMatchObject({ ok: false });
    expect(became).toEqual([]);
    expect(JSON.parse(await claim(files.socket, '{"name":"web-1"}\n'))).toEqual({ ok: true, pid: process.pid });
    expect(await waiting).toBe('web-1');
    expect(became).toEqual(['web-1']);
    expect(existsSync(files.socket)).toBe(false);
    await expect(claim(files.socket, '{"name":"web-2"}\n')).rejects.toThrow(/ENOENT|ECONNREFUSED/);
  });

  it('refuses the claim when it cannot become the VM, and retires', async () => {
    const { files } = setUp();
    const waiting = waitForClaim({ stateDir: dir, log: () => {}, become: () => false });
    await listening(files.socket);
    expect(JSON.parse(await claim(files.socket, '{"name":"web-1"}\n'))).toEqual({ ok: false });
    expect(await waiting).toBeUndefined();
  });

  it('retires when another process is recorded as the standby', async () => {
    const { files, lines } = setUp();
    const waiting = waitForClaim({ stateDir: dir, log: (l) => lines.push(l), become: () => true });
    await listening(files.socket);
    writeFileSync(files.record, JSON.stringify({ pid: process.pid + 1, key: 'k', startedAt: '' }));
    expect(await waiting).toBeUndefined();
    expect(lines.join('\n')).toMatch(/standby retires: another process is the standby now/);
    expect(existsSync(files.socket)).toBe(false);
  });

  it('drops a claim longer than a line of 256 bytes', async () => {
    const { files } = setUp();
    const waiting = waitForClaim({ stateDir: dir, log: () => {}, become: () => true });
    await listening(files.socket);
    expect(await claim(files.socket, `{"name":"${'a'.repeat(300)}`)).toBe('');
    expect(JSON.parse(await claim(files.socket, '{"name":"ok"}\n'))).toMatchObject({ ok: true });
    expect(await waiting).toBe('ok');
  });
});
