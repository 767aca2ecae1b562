// Integration: the real `tshyve plan/apply/destroy` against the kernel, inside a network namespace
// this test creates and deletes (never the machine's own), with file volumes in a temp directory.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseIpLink } from '../../src/host/parse-ip.js';

const NS = `tshyve-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const H = 'apiVersion: tshyve.dev/v1alpha1\n';

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
if (skipReason) console.warn(`skipping host integration tests: ${skipReason}`);

const root = mkdtempSync(join(tmpdir(), 'tshyve-int-'));
const specDir = join(root, 'specs');
const stateDir = join(root, 'state');
const volDir = join(root, 'volumes');

function writeSpecs(text: string): void {
  rmSync(specDir, { recursive: true, force: true });
  mkdirSync(specDir, { recursive: true });
  writeFileSync(join(specDir, 'host.yaml'), text);
}

async function tshyve(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, specDir, '--state-dir', stateDir, '--netns', NS], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const links = () => parseIpLink(execFileSync('ip', ['-n', NS, '-j', '-d', 'link', 'show'], { encoding: 'utf8' }));
const ipn = (...args: string[]) => execFileSync('ip', ['-n', NS, ...args], { stdio: 'pipe' });
const inventoryIds = () =>
  (JSON.parse(readFileSync(join(stateDir, 'inventory.json'), 'utf8')).entries as { id: string }[]).map((e) => e.id).sort();

const NETWORK =
  `${H}kind: Bridge\nmetadata: { name: lan }\nspec: { name: tshbr0, mtu: 9000, addresses: [10.77.0.1/24] }\n---\n` +
  `${H}kind: Tap\nmetadata: { name: t0 }\nspec: { name: tshtap0, bridge: lan }\n---\n` +
  `${H}kind: Tap\nmetadata: { name: t1 }\nspec: { name: tshtap1, bridge: lan, multiQueue: true }\n`;

describe.skipIf(skipReason !== undefined)('host reconcile in a network namespace', () => {
  afterAll(() => {
    try {
      execFileSync('ip', ['netns', 'delete', NS], { stdio: 'pipe' });
    } catch {
      /* already gone */
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('apply creates the bridge and taps with master, MTU and up state', async () => {
    writeSpecs(NETWORK);
    const r = await tshyve('apply');
    expect(r.err).not.toMatch(/FAILED/);
    expect(r.code).toBe(0);
    expect(r.out).toContain('+ bridge tshbr0 (lan)');
    expect(r.out).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    const l = links();
    expect(l.get('tshbr0')).toMatchObject({ kind: 'bridge', mtu: 9000, up: true, alias: 'tshyve:bridge/lan' });
    expect(l.get('tshtap0')).toMatchObject({
      kind: 'tun',
      master: 'tshbr0',
      mtu: 9000,
      up: true,
      tun: { type: 'tap', vnetHeader: true, multiQueue: false },
    });
    expect(l.get('tshtap1')).toMatchObject({ master: 'tshbr0', tun: { multiQueue: true } });
    expect(execFileSync('ip', ['-n', NS, '-j', 'addr', 'show', 'dev', 'tshbr0'], { encoding: 'utf8' })).toContain('10.77.0.1');
    expect(inventoryIds()).toEqual(['tshbr0', 'tshtap0', 'tshtap1']);
  });

  it('a second plan has no changes, and a second apply says so', async () => {
    const plan = await tshyve('plan', '--detailed-exitcode');
    expect(plan).toMatchObject({ code: 0, out: 'No changes.' });
    expect((await tshyve('apply')).out).toBe('No changes.');
    const json = JSON.parse((await tshyve('plan', '--json')).out);
    expect(json).toMatchObject({ ok: true, plan: { summary: { add: 0, change: 0, destroy: 0, blocked: 0 }, steps: [] }, preflight: [] });
  });

  it('refuses to apply while another live process holds the state lock', async () => {
    writeFileSync(join(stateDir, 'lock'), JSON.stringify({ pid: process.ppid }));
    const r = await tshyve('apply');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is locked by pid \d+/);
    rmSync(join(stateDir, 'lock'));
  });

  it('a tap deleted by hand shows as + and comes back', async () => {
    ipn('link', 'delete', 'dev', 'tshtap0');
    const plan = await tshyve('plan', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.out).toContain('+ tap tshtap0 (t0): missing from the host');
    expect((await tshyve('apply')).code).toBe(0);
    expect(links().get('tshtap0')).toMatchObject({ master: 'tshbr0', mtu: 9000, up: true });
  });

  it('an MTU changed by hand shows as ~ and is repaired', async () => {
    ipn('link', 'set', 'dev', 'tshtap1', 'mtu', '1500');
    const plan = await tshyve('plan');
    expect(plan.out).toContain('~ tap tshtap1 (t1): mtu 1500 → 9000');
    expect(plan.out).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    await tshyve('apply');
    expect(links().get('tshtap1')!.mtu).toBe(9000);
  });

  it('a bridge made by hand is left alone and shows as a conflict unless adopted', async () => {
    ipn('link', 'add', 'name', 'brhand', 'type', 'bridge');
    const text = NETWORK + `---\n${H}kind: Bridge\nmetadata: { name: hand }\nspec: { name: brhand, mtu: 1400 }\n`;
    writeSpecs(text);
    const apply = await tshyve('apply');
    expect(apply.code).toBe(1);
    expect(apply.out).toMatch(/^! bridge brhand exists but tshyve did not create it/m);
    expect(links().get('brhand')).toMatchObject({ mtu: 1500, up: false });
    writeSpecs(text.replace('mtu: 1400 }', 'mtu: 1400, adopt: true }'));
    const adopt = await tshyve('apply');
    expect(adopt.code).toBe(0);
    expect(adopt.out).toContain('~ bridge brhand (hand): adopt existing bridge, mtu 1500 → 1400, down → up');
    expect(links().get('brhand')).toMatchObject({ mtu: 1400, up: true });
    // Removed from the specs, an adopted bridge is released, not deleted.
    writeSpecs(NETWORK);
    expect((await tshyve('apply')).code).toBe(0);
    expect(links().has('brhand')).toBe(true);
    expect(inventoryIds()).toEqual(['tshbr0', 'tshtap0', 'tshtap1']);
  });

  it('a step failing midway leaves nothing half-created', async () => {
    const before = [...links().keys()].sort();
    // The kernel refuses MTU 65535 on a tap (max 65521): the tap is created, then its set fails.
    writeSpecs(
      NETWORK +
        `---\n${H}kind: Bridge\nmetadata: { name: lan2 }\nspec: { name: tshbr1 }\n---\n${H}kind: Tap\nmetadata: { name: big }\nspec: { name: tshbig0, bridge: lan2, mtu: 65535 }\n`,
    );
    const r = await tshyve('apply');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\+ tap tshbig0 \(big\) … FAILED/);
    expect(r.err).toMatch(/command: ip -n \S+ link set dev tshbig0 mtu 65535/);
    expect(r.err).toMatch(/exit status: [1-9]/);
    expect(r.err).toMatch(/stderr: .*mtu/i);
    expect(r.err).toMatch(/undo tap tshbig0: removed\nundo bridge tshbr1: removed/);
    expect([...links().keys()].sort()).toEqual(before);
    expect(inventoryIds()).toEqual(['tshbr0', 'tshtap0', 'tshtap1']);
  });

  it('--keep-partial leaves the created resources, recorded in the inventory', async () => {
    const r = await tshyve('apply', '--keep-partial');
    expect(r.code).toBe(1);
    expect(links().has('tshbig0')).toBe(true);
    expect(inventoryIds()).toContain('tshbig0');
    writeSpecs(NETWORK);
    const cleanup = await tshyve('apply', '--json');
    expect(JSON.parse(cleanup.out).result).toMatchObject({
      ok: true,
      steps: [
        { kind: 'tap', id: 'tshbig0', action: 'delete' },
        { kind: 'bridge', id: 'tshbr1', action: 'delete' },
      ],
    });
    expect(links().has('tshbig0')).toBe(false);
  });

  describe('file volumes', () => {
    const disk = join(volDir, 'disk.img');
    const source = join(root, 'base.raw');
    const volume = (size: string, extra = '') =>
      `${H}kind: Volume\nmetadata: { name: disk }\nspec: { size: ${size}, file: { path: ${disk} }, source: { image: ${source} }${extra} }\n`;

    beforeAll(() => {
      const bytes = Buffer.alloc(1024 * 1024);
      bytes.write('TSHYVE-SOURCE-IMAGE', 0);
      writeFileSync(source, bytes);
    });

    it('copies the source image sparsely on creation only', async () => {
      writeSpecs(volume('16MiB'));
      expect((await tshyve('apply')).code).toBe(0);
      const s = statSync(disk);
      expect(s.size).toBe(16 * 1024 * 1024);
      expect(s.blocks * 512).toBeLessThan(1024 * 1024);
      expect(readFileSync(disk).subarray(0, 19).toString()).toBe('TSHYVE-SOURCE-IMAGE');
      writeFileSync(disk, 'GUEST-DATA', { flag: 'r+' });
      expect((await tshyve('apply')).out).toBe('No changes.');
      expect(readFileSync(disk).subarray(0, 10).toString()).toBe('GUEST-DATA');
    });

    it('grows in place and refuses to shrink', async () => {
      writeSpecs(volume('32MiB'));
      expect((await tshyve('apply')).out).toContain('size 16MiB → 32MiB (grow in place)');
      expect(statSync(disk).size).toBe(32 * 1024 * 1024);
      expect(readFileSync(disk).subarray(0, 10).toString()).toBe('GUEST-DATA');
      writeSpecs(volume('8MiB'));
      const shrink = await tshyve('apply');
      expect(shrink.code).toBe(1);
      expect(shrink.out).toMatch(/shrinking 32MiB → 8MiB is refused/);
      expect(statSync(disk).size).toBe(32 * 1024 * 1024);
    });

    it('keeps the file when the volume leaves the specs, even with --prune (Retain)', async () => {
      writeSpecs(NETWORK);
      const r = await tshyve('apply', '--prune');
      expect(r.out).toMatch(/note: volume .*disk.img \(disk\) is kept: reclaimPolicy Retain/);
      expect(existsSync(disk)).toBe(true);
    });

    it('deletes a Delete-policy volume only with --prune', async () => {
      writeSpecs(volume('32MiB', ', reclaimPolicy: Delete'));
      await tshyve('apply');
      writeSpecs(NETWORK);
      await tshyve('apply');
      expect(existsSync(disk)).toBe(true);
      const r = await tshyve('apply', '--prune');
      expect(r.out).toContain(`- volume ${disk} (disk): removed from the specs`);
      expect(existsSync(disk)).toBe(false);
    });
  });

  it('an empty spec directory deletes nothing', async () => {
    writeSpecs('# nothing here\n');
    const r = await tshyve('plan');
    expect(r.out).toMatch(/no manifests/);
    expect(r.out).toContain('No changes.');
  });

  it('destroy removes the owned network resources and leaves the adopted-then-released bridge', async () => {
    writeSpecs(NETWORK);
    const r = await tshyve('destroy');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/- tap tshtap0[\s\S]*- tap tshtap1[\s\S]*- bridge tshbr0/);
    expect([...links().keys()].sort()).toEqual(['brhand', 'lo']);
    expect(inventoryIds()).toEqual([]);
  });
});
