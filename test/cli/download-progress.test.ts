// Apply's progress line while a volume's source image is prepared: a qcow2 served slowly over HTTP on
// 127.0.0.1 by this test goes through `tshyve image-prepare --progress-file`, whose file shows the
// download's bytes, total and rate, then the digest check and the qemu-img conversion; the printer
// turns those records into one line per stage (or a redrawn line on a terminal), as `tshyve apply` shows.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { progressPrinter, stageLine } from '../../src/cli/host-output.js';
import { readStageProgress, type StageProgress } from '../../src/host/copy-progress.js';
import { prepareImage, QEMU_IMG } from '../../src/host/image-prepare.js';
import type { ApplyEvent } from '../../src/reconcile/apply.js';
import { repoRoot } from '../../src/runtime/native.js';

const skipReason = existsSync(QEMU_IMG) ? undefined : `${QEMU_IMG} is missing (Debian qemu-utils)`;
const dir = mkdtempSync(join(tmpdir(), 'tshyve-progress-'));
let server: Server;
let url = '';
let size = 0;
let digest = '';

beforeAll(async () => {
  if (skipReason) return;
  writeFileSync(join(dir, 'disk.raw'), Buffer.concat([randomBytes(1 << 20), Buffer.alloc(1 << 20)]));
  execFileSync(QEMU_IMG, ['convert', '-f', 'raw', '-O', 'qcow2', join(dir, 'disk.raw'), join(dir, 'disk.qcow2')]);
  const body = readFileSync(join(dir, 'disk.qcow2'));
  size = body.length;
  digest = createHash('sha256').update(body).digest('hex');
  // 64 KiB every 60 ms: the download lasts about a second.
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-length': body.length });
    let at = 0;
    const timer = setInterval(() => {
      res.write(body.subarray(at, at + 65536));
      at += 65536;
      if (at >= body.length) {
        clearInterval(timer);
        res.end();
      }
    }, 60);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/disk.qcow2`;
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skipReason !== undefined)('image preparation progress', () => {
  it('the progress file names each stage with bytes, total and rate while it runs, and is gone after', async () => {
    const out = join(dir, 'cache', 'disk.raw');
    const file = `${out}.progress`;
    const seen: StageProgress[] = [];
    const poll = setInterval(() => void readStageProgress(file).then((p) => p && seen.push(p)), 20);
    const lines: string[] = [];
    const code = await main(
      ['image-prepare', '--image', url, '--out', out, '--max-bytes', String(8 << 20), '--sha256', digest, '--progress-file', file],
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    );
    clearInterval(poll);
    expect(code, lines.join('\n')).toBe(0);
    expect(existsSync(file)).toBe(false);
    const downloads = seen.filter((p) => p.stage === 'download');
    expect(downloads.length).toBeGreaterThan(1);
    expect(downloads.every((p) => p.totalBytes === size)).toBe(true);
    const bytes = downloads.map((p) => p.bytes!);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(bytes.at(-1)!).toBeGreaterThan(0);
    expect(downloads.some((p) => (p.bytesPerSecond ?? 0) > 0)).toBe(true);
  });

  it('reports the stages in order: download, the digest check, then the conversion', async () => {
    const seen: StageProgress[] = [];
    await prepareImage({ image: url, sha256: digest, out: join(dir, 'cache2', 'disk.raw'), maxBytes: 8 << 20 }, undefined, (p) =>
      seen.push(p),
    );
    const stages = seen.map((p) => p.stage).filter((s, i, all) => s !== all[i - 1]);
    expect(stages).toEqual(['download', 'verify', 'convert']);
    expect(seen.find((p) => p.stage === 'verify')).toEqual({ stage: 'verify', totalBytes: size });
    expect(seen.filter((p) => p.stage === 'convert').at(0)).toEqual({ stage: 'convert', percent: 0 });
  });

  it.skipIf(process.getuid?.() !== 0)(
    'apply shows the stages while it prepares a volume from the URL',
    async () => {
      execFileSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
      const specDir = join(dir, 'specs');
      mkdirSync(specDir);
      writeFileSync(
        join(specDir, 'vol.yaml'),
        `apiVersion: tshyve.dev/v1alpha1\nkind: Volume\nmetadata: { name: root }\nspec:\n  size: 4MiB\n  file: { path: ${join(dir, 'root.img')} }\n` +
          `  source: { image: "${url}", sha256: ${digest} }\n`,
      );
      // Asynchronous: this process serves the image while apply downloads it.
      const stderr = await new Promise<string>((resolve) => {
        const c = spawn(process.execPath, [join(repoRoot, 'bin', 'tshyve.js'), 'apply', specDir, '--state-dir', join(dir, 'state')], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        c.stderr.on('data', (b: Buffer) => (err += b.toString()));
        c.on('close', (code) => resolve(`${err}exit ${code}`));
      });
      expect(stderr).toMatch(new RegExp(`^\\[1\\] preparing image ${url.replace(/[.]/g, '\\.')} …$`, 'm'));
      expect(stderr).toMatch(/^ {2}downloading … [0-9.]+ of [0-9.]+ MiB \(\d+%\)( at [0-9.]+ MiB\/s)?$/m);
      expect(stderr).toMatch(/^\[1\] image preparation ended after [0-9.]+ s$/m);
      expect(stderr).toMatch(/exit 0$/);
    },
    120_000,
  );

  it('prints one line per stage without a terminal, and redraws one line on a terminal', () => {
    const command = { argv: ['tshyve', 'image-prepare'], report: { file: '/x.progress', what: 'https://example.org/debian.qcow2' } };
    const step = { index: 1 } as unknown as Extract<ApplyEvent, { type: 'copy' }>['step'];
    const events: ApplyEvent[] = [
      { type: 'copy', phase: 'start', step, command },
      {
        type: 'copy',
        phase: 'progress',
        step,
        command,
        stage: { stage: 'download', bytes: 3 << 20, totalBytes: 300 << 20, bytesPerSecond: 5 << 20 },
      },
      {
        type: 'copy',
        phase: 'progress',
        step,
        command,
        stage: { stage: 'download', bytes: 150 << 20, totalBytes: 300 << 20, bytesPerSecond: 5 << 20 },
      },
      { type: 'copy', phase: 'progress', step, command, stage: { stage: 'verify', totalBytes: 300 << 20 } },
      { type: 'copy', phase: 'progress', step, command, stage: { stage: 'convert', percent: 42.5 } },
      { type: 'copy', phase: 'end', step, command, durationMs: 61_000 },
    ];
    const plain: string[] = [];
    const print = progressPrinter({ out: (l) => plain.push(l), err: (l) => plain.push(l) });
    events.forEach(print);
    expect(plain).toEqual([
      '[2] preparing image https://example.org/debian.qcow2 …',
      '  downloading … 3.0 of 300 MiB (1%) at 5.0 MiB/s',
      '  verifying sha256 of 300 MiB …',
      '  converting … 42%',
      '[2] image preparation ended after 61.0 s',
    ]);
    expect(stageLine({ stage: 'download', bytes: 12 << 20 })).toBe('  downloading … 12 MiB');
    const drawn: string[] = [];
    const tty = { write: (s: string) => drawn.push(s) } as unknown as NodeJS.WriteStream;
    const onTty = progressPrinter({ out: () => {}, err: () => {} }, { tty });
    onTty(events[0]!);
    onTty(events[1]!);
    expect(drawn).toEqual(['\r\x1b[K  downloading … 3.0 of 300 MiB (1%) at 5.0 MiB/s']);
  });
});
