// A network namespace a test creates for its VM processes (ip-netns(8)): the skip reason, the `ip`
// calls that set it up (taps, bridges), and a micro-guest VM process (test/virtio/run-guest.ts) or a
// host tool run inside it with its output collected.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { NativeVmConfig } from '../../src/runtime/native.js';
import { repoRoot } from '../../src/runtime/native.js';

/** Why no network namespace can be made here (not root, no `ip netns`), or undefined. */
export function netnsSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespace tests need root';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'ip netns unavailable';
  }
}

/** `ip ARGS...`, throwing with its stderr on failure. */
export const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

/**
 * Creates namespace `ns` with taps `taps` in it, up. `quiet`: loopback up too and IPv6 off on what
 * exists before the taps are up (no router solicitations on them).
 */
export function addNetns(ns: string, taps: string[] = [], quiet = false): void {
  ip('netns', 'add', ns);
  if (quiet) ip('-n', ns, 'link', 'set', 'lo', 'up');
  for (const tap of taps) ip('-n', ns, 'tuntap', 'add', 'dev', tap, 'mode', 'tap');
  if (quiet) ip('netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1');
  for (const tap of taps) ip('-n', ns, 'link', 'set', tap, 'up');
}

/** Adds tap `tap` in `ns` (on bridge `master` when given) and sets it up. */
export function addTap(ns: string, tap: string, master?: string): void {
  ip('-n', ns, 'tuntap', 'add', 'dev', tap, 'mode', 'tap');
  if (master) ip('-n', ns, 'link', 'set', tap, 'master', master);
  ip('-n', ns, 'link', 'set', tap, 'up');
}

/** Adds bridge `bridge` in `ns` with taps `taps` on it, all up. */
export function addBridgeWithTaps(ns: string, bridge: string, taps: string[]): void {
  ip('-n', ns, 'link', 'add', bridge, 'type', 'bridge');
  ip('-n', ns, 'link', 'set', bridge, 'up');
  for (const tap of taps) addTap(ns, tap, bridge);
}

/** Deletes `ns` (and what is in it); ignores one already gone. */
export function deleteNetns(ns: string): void {
  execFileSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
}

export interface Collected {
  child: ReturnType<typeof spawn>;
  state: { out: string; err: string; exited: Promise<number> };
}

/** Spawns argv with stdout and stderr collected as text; `exited` resolves with its exit code (-1 on a signal). */
export function collect(cmd: string, args: string[]): Collected {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { out: '', err: '', exited: new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1))) };
  child.stdout.on('data', (b: Buffer) => (state.out += b.toString('latin1')));
  child.stderr.on('data', (b: Buffer) => (state.err += b.toString('latin1')));
  return { child, state };
}

/** Runs `config` in a VM process inside `ns` (run-guest.ts prints com1, then EXIT and STATS lines); ends it after `timeoutMs`. */
export function runGuestInNetns(ns: string, config: Partial<NativeVmConfig>, timeoutMs: number): Collected {
  const runner = join(repoRoot, 'test', 'virtio', 'run-guest.ts');
  return collect('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', runner, JSON.stringify(config), String(timeoutMs)]);
}

/** Polls `pred` every 50 ms for up to `ms`; resolves with its last value. */
export async function waitFor(pred: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return pred();
}
