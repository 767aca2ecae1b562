// Source images by URL and digest: a qcow2 made by qemu-img from a random raw file, served over HTTP
// on 127.0.0.1 by this test, becomes a raw image whose bytes hash to the original; a wrong digest
// leaves nothing; a download cut half-way resumes with a Range request; xz and tar.xz are unpacked;
// and `tshyve apply` makes a file volume from the URL, grown to its size.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareImage, QEMU_IMG } from '../../src/host/image-prepare.js';
import { preparedImagePath } from '../../src/host/image-source.js';
import { repoRoot } from '../../src/runtime/native.js';

const qemuImgReason = existsSync(QEMU_IMG) ? undefined : `${QEMU_IMG} is missing (Debian qemu-utils)`;
const dir = mkdtempSync(join(tmpdir(), 'tshyve-img-'));
const raw = join(dir, 'disk.raw');
const qcow2 = join(dir, 'disk.qcow2');
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
let server: Server;
let base = '';
const ranges: (string | undefined)[] = [];
let cutNextAt: number | undefined;

beforeAll(async () => {
  const data = Buffer.concat([randomBytes(1 << 20), Buffer.alloc(1 << 20), randomBytes(512 << 10)]);
  writeFileSync(raw, data);
  if (!qemuImgReason) execFileSync(QEMU_IMG, ['convert', '-f', 'raw', '-O', 'qcow2', raw, qcow2]);
  execFileSync('xz', ['-k', '-0', raw]);
  mkdirSync(join(dir, 't'));
  writeFileSync(join(dir, 't', 'disk.raw'), data);
  execFileSync('tar', ['-cJf', join(dir, 'disk.tar.xz'), '-C', join(dir, 't'), 'disk.raw']);
  server = createServer((req, res) => {
    const file = join(dir, req.url!.slice(1));
    if (!existsSync(file)) return res.writeHead(404).end();
    const body = readFileSync(file);
    ranges.push(req.headers.range);
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const part = body.subarray(start);
    res.writeHead(m ? 206 : 200, { 'content-length': part.length, 'accept-ranges': 'bytes' });
    if (cutNextAt !== undefined) {
      const at = cutNextAt;
      cutNextAt = undefined;
      res.write(part.subarray(0, at), () => res.destroy());
      return;
    }
    res.end(part);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('image preparation', () => {
  it('downloads a qcow2 by URL, verifies it and converts it to the original raw bytes', async (ctx) => {
    if (qemuImgReason) return ctx.skip(qemuImgReason);
    const cache = join(dir, 'cache1');
    const src = { image: `${base}/disk.qcow2`, sha256: sha(qcow2) };
    const out = preparedImagePath(cache, src);
    await prepareImage({ ...src, out, maxBytes: 8 << 20 });
    expect(sha(out)).toBe(sha(raw));
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(statSync(join(cache, readdirSync(cache)[0]!)).mode & 0o777).toBe(0o700);
    // Cached: a second volume naming the same digest makes no request.
    const before = ranges.length;
    await prepareImage({ ...src, out, maxBytes: 8 << 20 });
    expect(ranges.length).toBe(before);
  });

  it('refuses a wrong digest and leaves nothing behind', async () => {
    const cache = join(dir, 'cache2');
    const src = { image: `${base}/disk.raw`, sha256: '0'.repeat(64) };
    const out = preparedImagePath(cache, src);
    await expect(prepareImage({ ...src, out, maxBytes: 8 << 20 })).rejects.toThrow(
      `sha256 of ${base}/disk.raw is ${sha(raw)}, but the manifest says ${'0'.repeat(64)}`,
    );
    expect(readdirSync(join(cache, readdirSync(cache)[0]!))).toEqual([]);
  });

  it('names why a download could not start', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const src = { image: `http://127.0.0.1:${port}/disk.raw`, sha256: sha(raw) };
    const out = preparedImagePath(join(dir, 'cache-refused'), src);
    await expect(prepareImage({ ...src, out, maxBytes: 8 << 20 })).rejects.toThrow(`GET ${src.image}: ECONNREFUSED`);
  });

  it('resumes a download cut half-way with a Range request', async () => {
    const cache = join(dir, 'cache3');
    const src = { image: `${base}/disk.raw`, sha256: sha(raw) };
    const out = preparedImagePath(cache, src);
    cutNextAt = 1 << 20;
    await expect(prepareImage({ ...src, out, maxBytes: 8 << 20 })).rejects.toThrow();
    expect(existsSync(out)).toBe(false);
    const partial = join(cache, readdirSync(cache)[0]!, 'download.partial');
    expect(statSync(partial).size).toBeGreaterThan(0);
    const got = statSync(partial).size;
    ranges.length = 0;
    await prepareImage({ ...src, out, maxBytes: 8 << 20 });
    expect(ranges).toEqual([`bytes=${got}-`]);
    expect(sha(out)).toBe(sha(raw));
  });

  it('unpacks .xz and a .tar.xz holding one disk image', async () => {
    for (const name of ['disk.raw.xz', 'disk.tar.xz']) {
      const src = { image: join(dir, name), format: 'raw' as const };
      const out = preparedImagePath(join(dir, `cache-${name}`), src);
      await prepareImage({ ...src, out, maxBytes: 8 << 20 });
      expect(sha(out)).toBe(sha(raw));
    }
  });

  it('refuses an image larger than the volume, naming both sizes', async () => {
    const src = { image: raw, format: 'raw' as const, sha256: sha(raw) };
    const out = preparedImagePath(join(dir, 'cache5'), src);
    await expect(prepareImage({ ...src, out, maxBytes: 1 << 20 })).rejects.toThrow(
      `image ${raw} is ${statSync(raw).size} bytes as raw, larger than the volume (${1 << 20} bytes)`,
    );
  });
});

describe('apply with a URL source', () => {
  const rootReason = process.getuid?.() === 0 ? undefined : 'needs root (apply takes the state lock and writes volumes)';
  it('makes a file volume from a qcow2 URL, grown to its size, and a second apply changes nothing', async (ctx) => {
    if (rootReason ?? qemuImgReason) return ctx.skip((rootReason ?? qemuImgReason)!);
    const specDir = join(dir, 'specs');
    const stateDir = join(dir, 'state');
    const volume = join(dir, 'volumes', 'root.img');
    mkdirSync(specDir, { recursive: true });
    writeFileSync(
      join(specDir, 'vol.yaml'),
      `apiVersion: tshyve.dev/v1alpha1\nkind: Volume\nmetadata: { name: root }\nspec:\n  size: 4MiB\n  file: { path: ${volume} }\n` +
        `  source: { image: "${base}/disk.qcow2", sha256: ${sha(qcow2)} }\n`,
    );
    const bin = join(repoRoot, 'bin', 'tshyve.js');
    // Asynchronous: this process serves the image while apply downloads it.
    const run = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const c = spawn(process.execPath, [bin, ...args, '--state-dir', stateDir], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        c.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
        c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
        c.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const plan = await run('plan', specDir);
    expect(plan.stdout).toMatch(new RegExp(`from ${base}/disk.qcow2 \\(sha256 ${sha(qcow2).slice(0, 12)}…\\)`));
    const applied = await run('apply', specDir, '--yes');
    expect(applied.stderr + applied.stdout).not.toMatch(/error/i);
    expect(applied.status).toBe(0);
    expect(statSync(volume).size).toBe(4 << 20);
    const head = readFileSync(volume).subarray(0, statSync(raw).size);
    expect(createHash('sha256').update(head).digest('hex')).toBe(sha(raw));
    expect((await run('plan', specDir, '--detailed-exitcode')).status).toBe(0);
  });
});
