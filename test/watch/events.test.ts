// The event journal (src/watch/events.ts) and `tshyve events` following it: the built CLI
// (bin/tshyve.js) runs as a child process while another process appends and rotates the journal.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { appendEvent, eventsPath, formatEvent, parseEventLine, rotatedEventsPath, type TshyveEvent } from '../../src/watch/events.js';
import { parseSince } from '../../src/cli/events-command.js';
import { followEvents } from '../../src/watch/events-follow.js';

const bin = join(repoRoot, 'bin', 'tshyve.js');
const distEvents = join(repoRoot, 'dist', 'watch', 'events.js');
const dirs: string[] = [];
const children: ChildProcess[] = [];
function tempStateDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tshyve-events-'));
  dirs.push(d);
  return join(d, 'state');
}
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Lines a child prints on stdout, and a way to wait for the n-th one. */
function lines(child: ChildProcess) {
  const got: string[] = [];
  let buf = '';
  let waiters: (() => void)[] = [];
  child.stdout!.on('data', (b: Buffer) => {
    buf += b.toString('utf8');
    const parts = buf.split('\n');
    buf = parts.pop()!;
    got.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  const until = async (n: number, ms = 10_000) => {
    const end = Date.now() + ms;
    while (got.length < n && Date.now() < end)
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    waiters = [];
    if (got.length < n) throw new Error(`expected ${n} lines, got ${got.length}: ${JSON.stringify(got)}`);
    return got.slice(0, n);
  };
  return { got, until };
}

/** Another process that appends one event per stdin line ({event, maxBytes}) and answers "ok". */
function appender(stateDir: string) {
  const code = `
    import { appendEvent } from ${JSON.stringify(distEvents)};
    import { createInterface } from 'node:readline';
    for await (const line of createInterface({ input: process.stdin })) {
      const { event, maxBytes, count = 1 } = JSON.parse(line);
      for (let i = 0; i < count; i++) await appendEvent(${JSON.stringify(stateDir)}, count > 1 ? { ...event, pid: i } : event, { maxBytes });
      process.stdout.write('ok\\n');
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const out = lines(child);
  let sent = 0;
  return async (event: object, maxBytes?: number, count?: number) => {
    child.stdin!.write(JSON.stringify({ event, maxBytes, count }) + '\n');
    await out.until(++sent);
  };
}

function eventsCli(stateDir: string, ...flags: string[]) {
  const child = spawn(process.execPath, [bin, 'events', '--state-dir', stateDir, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal })),
  );
  return { child, exited, out: lines(child), stderr: () => err };
}

// `tshyve events` is listening once it has printed the history; give inotify its watch before appending.
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('event journal', () => {
  it('appends one JSON object per line to a 0600 file and reads them back', async () => {
    const dir = tempStateDir();
    const a = await appendEvent(dir, { type: 'vm-exited', vm: 'hello', status: 1, reason: 'poweroff', at: '2026-12-01T10:02:00.000Z' });
    const b = await appendEvent(dir, { type: 'pass', trigger: 'file change', changes: 2, ok: true, durationMs: 120 });
    expect(statSync(eventsPath(dir)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const text = readFileSync(eventsPath(dir), 'utf8');
    expect(text.split('\n')).toEqual([JSON.stringify(a), JSON.stringify(b), '']);
    expect(Object.keys(a).slice(0, 2)).toEqual(['type', 'at']);
    expect(parseEventLine(JSON.stringify(b))).toEqual(b);
    expect(Date.parse(b.at)).toBeGreaterThan(Date.now() - 10_000);
  });

  it('rotates to events.jsonl.1 past the size cap', async () => {
    const dir = tempStateDir();
    for (let i = 0; i < 10; i++) await appendEvent(dir, { type: 'vm-started', vm: 'hello', pid: i }, { maxBytes: 300 });
    const current = readFileSync(eventsPath(dir), 'utf8').trim().split('\n').map(parseEventLine);
    const rotated = readFileSync(rotatedEventsPath(dir), 'utf8').trim().split('\n').map(parseEventLine);
    expect(statSync(eventsPath(dir)).size).toBeLessThanOrEqual(300);
    expect(statSync(rotatedEventsPath(dir)).mode & 0o777).toBe(0o600);
    const pids = [...rotated, ...current].map((e) => (e as { pid: number }).pid);
    expect(pids).toEqual(pids.map((_, i) => 10 - pids.length + i)); // the newest, in order, none lost across the rename
    expect(pids.at(-1)).toBe(9);
  });

  it('refuses torn and foreign lines', () => {
    expect(parseEventLine('{"type":"vm-started","at":"2026-12-01T10:00:00Z","vm":"a"')).toBeUndefined();
    expect(parseEventLine('{"type":"vm-started","at":"2026-12-01T10:00:00Z","vm":"a","pid":"7"}')).toBeUndefined();
    expect(parseEventLine('{"type":"reboot","at":"2026-12-01T10:00:00Z"}')).toBeUndefined();
    expect(parseEventLine('{"type":"file-held-back","at":"yesterday","file":"a.yaml"}')).toBeUndefined();
    expect(parseEventLine('[1]')).toBeUndefined();
  });

  it('formats each type as one line, control characters escaped', () => {
    const at = '2026-12-01T10:02:00.000Z';
    const cases: [TshyveEvent, string][] = [
      [{ type: 'vm-started', at, vm: 'hello', pid: 42 }, 'hello: started (pid 42)'],
      [{ type: 'vm-exited', at, vm: 'hello', status: 1, reason: 'poweroff' }, 'hello: exited with status 1 (poweroff)'],
      [
        { type: 'restart-scheduled', at, vm: 'hello', delayMs: 100, reason: 'exit status 0 (reboot)' },
        'hello: restart in 100 ms (exit status 0 (reboot))',
      ],
      [{ type: 'drift-repaired', at, resource: 'tap tap0', detail: 'mtu 1500 → 9000' }, 'tap tap0: drift repaired (mtu 1500 → 9000)'],
      [{ type: 'file-held-back', at, file: 'vms/web.yaml' }, 'vms/web.yaml: held back at its last good version'],
      [
        { type: 'revision-applied', at, revision: '3f2a1c9', subject: 'bump \u001b[2Jmemory\n' },
        'revision 3f2a1c9 applied: bump \\x1b[2Jmemory\\x0a',
      ],
      [{ type: 'pass', at, trigger: 'resync', changes: 1, ok: false, durationMs: 7 }, 'pass (resync): failed, 1 change, 7 ms'],
    ];
    for (const [e, text] of cases) expect(formatEvent(e)).toBe(`${at} ${text}`);
  });

  it('takes --since as a duration or an ISO time', () => {
    expect(parseSince('10m', 1_000_000).getTime()).toBe(400_000);
    expect(parseSince('2026-12-01T10:00:00Z').toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(() => parseSince('yesterday')).toThrow(/--since/);
  });
});

describe('followEvents', () => {
  it('reads a file it never saw when the journal rotates twice between two looks', async () => {
    const dir = tempStateDir();
    const line = (pid: number) => JSON.stringify({ type: 'vm-started', at: new Date().toISOString(), vm: 'x', pid }) + '\n';
    await appendEvent(dir, { type: 'vm-started', vm: 'x', pid: 0 });
    const got: number[] = [];
    const follower = await followEvents(dir, { onEvent: (e) => got.push((e as { pid: number }).pid) });
    try {
      expect(got).toEqual([0]);
      // One synchronous burst: the follower's inotify callback cannot run in between.
      appendFileSync(eventsPath(dir), line(1));
      renameSync(eventsPath(dir), rotatedEventsPath(dir));
      writeFileSync(eventsPath(dir), line(2));
      renameSync(eventsPath(dir), rotatedEventsPath(dir));
      writeFileSync(eventsPath(dir), line(3));
      const end = Date.now() + 5000;
      while (got.length < 4 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(got).toEqual([0, 1, 2, 3]);
    } finally {
      await follower.close();
    }
  });
});

describe('tshyve events (built CLI, child process)', () => {
  beforeAll(() => {
    if (!existsSync(join(repoRoot, 'dist', 'cli', 'events-command.js'))) throw new Error('dist/ is not built: run `npm run build` first');
  });

  it('prints the history since --since, follows appends from another process, ends on SIGINT with 0', async () => {
    const dir = tempStateDir();
    const old = new Date(Date.now() - 2 * 3600_000).toISOString();
    await appendEvent(dir, { type: 'vm-started', vm: 'old', pid: 1, at: old });
    const recent = await appendEvent(dir, { type: 'file-held-back', file: 'vms/a "b".yaml' });
    const cli = eventsCli(dir, '--json', '--since', '1h');
    expect((await cli.out.until(1)).map((l) => JSON.parse(l))).toEqual([recent]);
    await settle();
    const append = appender(dir);
    await append({ type: 'vm-exited', vm: 'hello', status: 1, reason: 'poweroff' });
    const [, second] = await cli.out.until(2);
    expect(JSON.parse(second!)).toMatchObject({ type: 'vm-exited', vm: 'hello', status: 1, reason: 'poweroff' });
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.out.got).toHaveLength(2);
    expect(cli.stderr()).toBe('');
  });

  it('follows the journal across rotations, one at a time and in a burst', async () => {
    const dir = tempStateDir();
    const cli = eventsCli(dir, '--json'); // the journal does not exist yet
    await settle();
    const append = appender(dir);
    const cap = 400; // about four events a file
    const files = new Set<number>();
    for (let i = 0; i < 12; i++) {
      await append({ type: 'vm-started', vm: 'paced', pid: i }, cap);
      files.add(statSync(eventsPath(dir)).ino);
      const got = await cli.out.until(i + 1);
      expect(JSON.parse(got[i]!)).toMatchObject({ vm: 'paced', pid: i });
    }
    expect(files.size).toBeGreaterThanOrEqual(3); // rotated at least twice while followed
    // A burst written faster than the reader looks: rotations happen between its reads.
    await append({ type: 'vm-started', vm: 'burst' }, 2000, 40);
    const all = await cli.out.until(52);
    expect(all.slice(12).map((l) => JSON.parse(l).pid)).toEqual([...Array(40).keys()]);
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
  });

  it('prints text lines without --json and stops at the end with --no-follow', async () => {
    const dir = tempStateDir();
    const e = await appendEvent(dir, { type: 'revision-applied', revision: '3f2a1c9', subject: 'hello: memory 64MiB' });
    writeFileSync(eventsPath(dir), readFileSync(eventsPath(dir), 'utf8') + '{"torn":\n');
    const cli = eventsCli(dir, '--no-follow');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.out.got).toEqual([formatEvent(e)]);
  });

  it('refuses a bad --since with a usage error', async () => {
    const cli = eventsCli(tempStateDir(), '--since', 'soon');
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr()).toContain('--since "soon"');
  });
});
