// The VM config every SeaBIOS test boots: Debian's SeaBIOS, 256 MiB, one vCPU, its debug log in a
// file, and the test's devices. No vitest import, so child-process scripts can use it too.
import { join } from 'node:path';
import type { NativeVmConfig } from '../../src/runtime/native.js';

export const BIOS = '/usr/share/seabios/bios-256k.bin';

/** SeaBIOS (its debug log `dir`/seabios.log unless `devices` names another), 256 MiB, one vCPU, and `devices`. */
export function seabiosVmConfig(dir: string, devices: Partial<NativeVmConfig>): NativeVmConfig {
  return {
    memoryBytes: 256 * 2 ** 20,
    vcpus: 1,
    sockets: 1,
    cores: 1,
    threads: 1,
    boot: 'bootrom',
    rom: BIOS,
    debugLog: join(dir, 'seabios.log'),
    ...devices,
  };
}
