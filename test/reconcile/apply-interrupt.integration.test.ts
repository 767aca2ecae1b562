// Integration: SIGINT and SIGKILL during a real `tshyve apply` child process copying a 1 GiB volume
// image; network steps inside a namespace this test creates. No torn volume, the lock released.
// Then destroy's question on a pseudo-terminal.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCommandLine } from '../../src/host/shell-quote.js';

const NS = `tshyve-int-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const H = 'apiVersion: tshyve.dev/v1alpha1\n';
const repo = resolve(__dirname, '../..');

function canUseNetns(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  try {
    execFileSync('ip', ['netns', 'add', NS], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot create a network namespace: ${(error as Error).message}`;
  }
}

const skipReason = canUseNetns();
if (skipReason) console.warn(`skipping interrupt integration tests: ${skipReason}`);

const root = mkdtempSync(join(tmpdir(), 'tshyve-intr-'));
const specDir = join(root, 'specs');
const stateDir = join(root, 'state');
const source = join(root, 'images', 'base.raw');
const disk = join(root, 'volumes', 'disk.img');
const partial = join(root, 'volumes', '.disk.img.tshyve-partial');
const GIB = 2 ** 30;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Runs the built CLI as a child process; `onErr` sees stderr as it arrives and may signal the child. */
function tshyve(args: string[], onErr?: (soFar: string, pid: number) => void): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(repo, 'bin/tshyve.js'), ...args, specDir, '--state-dir', stateDir, '--netns', NS], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      onErr?.(err, child.pid!);
    });
    child.on('exit', (code, signal) => setTimeout(() => done({ code, signal, out, err }), 50));
  });
}

/** Pids of a process's direct children (Linux /proc/PID/task/PID/children). */
const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

describe.skipIf(skipReason !== undefined)('interrupting apply during a 1 GiB volume copy', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-p', repo], { cwd: repo, stdio: 'ignore' });
    mkdirSync(join(root, 'images'), { recursive: true });
    // Data, not holes: cp --sparse=always must really copy every byte.
    const fd = openSync(source, 'w');
    const block = Buffer.alloc(2 ** 20, 0xa5);
    for (let i = 0; i < GIB / block.length; i++) {
      block.writeUInt32LE(i, 0);
      writeSync(fd, block);
    }
    closeSync(fd);
    mkdirSync(specDir, { recursive: true });
    writeFileSync(
      join(specDir, 'host.yaml'),
      `${H}kind: Bridge\nmetadata: { name: lan }\nspec: { name: tshbr9 }\n---\n` +
        `${H}kind: Volume\nmetadata: { name: disk }\nspec: { size: 1GiB, file: { path: ${disk} }, source: { image: ${source} } }\n`,
    );
  });

  afterAll(() => {
    try {
      execFileSync('ip', ['netns', 'delete', NS], { stdio: 'pipe' });
    } catch {
      /* already gone */
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('SIGINT: exit 130, the message, no volume file and no temporary, the lock released', async () => {
    let sent = false;
    const r = await tshyve(['apply'], (err, pid) => {
      if (!sent && err.includes('copying')) {
        sent = true;
        process.kill(pid, 'SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.err).toMatch(
      /interrupt received \(SIGINT\): cancelling step 2 of 2 \(\+ volume \S+disk\.img \(disk\)[^)]*\) \(its partial copy is removed\) then stopping/,
    );
    expect(r.err).toMatch(/\[2\/2\] \+ volume .* cancelled/);
    expect(r.err).toMatch(/Apply interrupted: 1 of 2 steps done, step 2 cancelled and undone/);
    expect(existsSync(disk)).toBe(false);
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(join(stateDir, 'lock'))).toBe(false);
    // The bridge step finished before the interrupt and is recorded.
    const inventory = JSON.parse(readFileSync(join(stateDir, 'inventory.json'), 'utf8')) as { entries: { id: string }[] };
    expect(inventory.entries.map((e) => e.id)).toEqual(['tshbr9']);
    const plan = await tshyve(['plan']);
    expect(plan.out).toMatch(/^\+ volume \S+disk\.img \(disk\): 1GiB file, from /m);
    expect(plan.out).not.toMatch(/adopt/);
  });

  it('SIGKILL leaves only the temporary: the next plan reports it and the next apply completes', async () => {
    let killed = false;
    const r = await tshyve(['apply'], (err, pid) => {
      if (killed || !err.includes('copying')) return;
      killed = true;
      // Once cp(1) has started writing: kill tshyve and the copy it runs, as a power cut would.
      const poll = setInterval(() => {
        const copiers = childrenOf(pid);
        if (!existsSync(partial) || copiers.length === 0) return;
        clearInterval(poll);
        process.kill(pid, 'SIGKILL');
        for (const c of copiers)
          try {
            process.kill(c, 'SIGKILL');
          } catch {
            /* already gone */
          }
      }, 5);
    });
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(disk)).toBe(false);
    expect(existsSync(partial)).toBe(true);
    const plan = await tshyve(['plan']);
    expect(plan.out).toMatch(/^\+ volume \S+disk\.img \(disk\)/m);
    expect(plan.out).toContain(
      `note: volume ${disk}: ${partial} is an incomplete copy left by an interrupted apply; apply removes it and builds the volume again`,
    );
    expect(plan.out).not.toMatch(/adopt/);
    const again = await tshyve(['apply']);
    expect(again.err).toMatch(/took over a stale lock/);
    expect(again.code).toBe(0);
    expect(statSync(disk).size).toBe(GIB);
    expect(existsSync(partial)).toBe(false);
    execFileSync('cmp', ['--', source, disk]); // throws unless byte-identical
    expect((await tshyve(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('destroy on a terminal asks first: only yes goes ahead', () => {
    const linkExists = () => execFileSync('ip', ['-n', NS, '-j', 'link', 'show'], { encoding: 'utf8' }).includes('tshbr9');
    // script(1) gives the CLI a pseudo-terminal; the answer is typed on it.
    const destroy = (answer: string) =>
      spawnSync(
        'script',
        [
          '-qec',
          formatCommandLine([process.execPath, join(repo, 'bin/tshyve.js'), 'destroy', specDir, '--state-dir', stateDir, '--netns', NS]),
          '/dev/null',
        ],
        { input: answer, encoding: 'utf8' },
      );
    expect(linkExists()).toBe(true);
    const no = destroy('y\n');
    expect(no.stdout).toContain('Do you really want to destroy everything listed above for');
    expect(no.stdout).toContain("Only 'yes' will be accepted to confirm.");
    expect(no.stdout).toContain('Destroy cancelled.');
    expect(no.status).toBe(1);
    expect(linkExists()).toBe(true);
    const yes = destroy('yes\n');
    expect(yes.stdout).toContain('Destroy complete!');
    expect(yes.status).toBe(0);
    expect(linkExists()).toBe(false);
    expect(existsSync(disk)).toBe(true); // volumes are kept (reclaimPolicy Retain)
  });
});
