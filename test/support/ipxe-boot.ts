// SeaBIOS running a NIC's iPXE option ROM (PCI 3.0 §6.2.5.2 expansion ROM BAR) in a VM process inside
// a network namespace with the NIC's tap: the skip reason, and the boot until iPXE prints a line.
import { existsSync, readFileSync } from 'node:fs';
import type { NativeVmConfig } from '../../src/runtime/native.js';
import { kvmUnavailableReason } from '../runtime/kvm-env.js';
import { BIOS, seabiosVmConfig } from './grub-boot.js';
import { netnsSkipReason, runGuestInNetns, waitFor } from './netns.js';

/** Why the iPXE boot cannot run here, or undefined; `rom` is the NIC ROM found (undefined: none), `what` names it. */
export function ipxeSkipReason(rom: string | undefined, what: string): string | undefined {
  return (
    kvmUnavailableReason() ??
    (existsSync(BIOS) ? undefined : `${BIOS} missing (apt-get install seabios)`) ??
    (rom ? undefined : `no iPXE ${what} ROM (apt-get install ipxe-qemu)`) ??
    netnsSkipReason()
  );
}

/**
 * Boots SeaBIOS with `nics` (the NIC fields of the config, ROM included) in namespace `ns` until
 * com1 matches `done` or `timeoutMs` passes; returns com1 and SeaBIOS's debug log (written in `dir`).
 */
export async function bootIpxe(
  ns: string,
  dir: string,
  nics: Pick<NativeVmConfig, 'nics' | 'e1000'>,
  done: RegExp,
  timeoutMs: number,
): Promise<{ serial: string; debugLog: string }> {
  const config = seabiosVmConfig(dir, { memoryBytes: 128 * 2 ** 20, comPorts: [1], ...nics });
  const log = config.debugLog!;
  const vm = runGuestInNetns(ns, config, timeoutMs);
  await waitFor(() => done.test(vm.state.out) || vm.child.exitCode !== null, timeoutMs);
  vm.child.kill('SIGKILL');
  await vm.state.exited;
  return { serial: vm.state.out, debugLog: existsSync(log) ? readFileSync(log, 'latin1') : '' };
}
