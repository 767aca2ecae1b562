// Shared setup for tests that run guests on the real /dev/kvm: builds the micro guests and the
// native addon if needed, and decides whether KVM tests run (TSHYVE_REQUIRE_KVM=1 turns a missing
// /dev/kvm into a failure instead of a skip).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { nativeAddonPath, repoRoot } from '../../src/runtime/native.js';
import type { NativeVmConfig } from '../../src/runtime/native.js';
import { Vm } from '../../src/runtime/vm.js';

export const guestDir = join(repoRoot, 'test', 'guests', 'build');

export function kvmUnavailableReason(): string | undefined {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return undefined;
  } catch (e) {
    const reason = `/dev/kvm not usable (${(e as NodeJS.ErrnoException).code}): KVM guest tests skipped`;
    if (process.env.TSHYVE_REQUIRE_KVM === '1') throw new Error(`${reason}, but TSHYVE_REQUIRE_KVM=1`);
    return reason;
  }
}

export function prepareNative(): void {
  execFileSync('make', ['-s', '-C', join(repoRoot, 'test', 'guests')], { stdio: 'inherit' });
  if (!existsSync(nativeAddonPath())) {
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-native.js')], { stdio: 'inherit' });
  }
}

export function guest(name: string): string {
  return join(guestDir, `${name}.bin`);
}

/** Runs a micro guest ROM to completion and returns its exit status and com1 output. */
export async function runGuest(
  name: string,
  extra: Partial<NativeVmConfig> = {},
  timeoutMs = 30_000,
): Promise<{ status: number; output: string }> {
  let output = '';
  const vm = Vm.start(
    {
      memoryBytes: 64 * 2 ** 20,
      vcpus: 1,
      sockets: 1,
      cores: 1,
      threads: 1,
      boot: 'bootrom',
      rom: guest(name),
      debugExit: true,
      testDevices: true,
      ...extra,
    },
    { onConsole: (b) => (output += b.toString('latin1')) },
  );
  const timer = setTimeout(() => vm.forceStop(), timeoutMs);
  try {
    const status = await vm.exited;
    return { status, output };
  } finally {
    clearTimeout(timer);
  }
}
