// What the CLI integration tests share: the built `tshyve` binary run as a child process, polling
// until a condition holds, and ending the VM processes a test left in its temporary state directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/runtime/native.js';
import { observeVms } from '../../src/supervise/observe-vms.js';
import { prepareNative } from '../runtime/kvm-env.js';

export const tshyveBin = join(repoRoot, 'bin', 'tshyve.js');

/** Builds the native addon and the TypeScript the binary runs (beforeAll of a CLI test). */
export function prepareCli(): void {
  prepareNative();
  execFileSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
}

/** `tshyve ARGS...` to completion (60 s at most), output as text. */
export function runTshyve(...args: string[]) {
  return spawnSync(process.execPath, [tshyveBin, ...args], { encoding: 'utf8', timeout: 60_000 });
}

/** Polls `probe` every 100 ms until it returns a truthy value, which it resolves with; throws naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** afterAll of a CLI test: SIGKILLs every VM process still alive in `stateDir`, then removes `work`. */
export async function endCliWork(stateDir: string | undefined, work: string | undefined): Promise<void> {
  if (stateDir)
    for (const vm of await observeVms(stateDir).catch(() => []))
      if (vm.alive && vm.status.pid) {
        try {
          process.kill(vm.status.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
  if (work) rmSync(work, { recursive: true, force: true });
}
