// A running VM in this process: wraps the native VmHandle, resolves `exited` with the bhyve(8) exit
// status (0 reboot, 1 poweroff, 2 halt, 3 triple fault, 4 error), and stops gracefully or by force.
import { TshyveError } from '../errors.js';
import { EXIT_STATUS } from '../model/exit-status.js';
import {
  loadNative,
  type NativeDiskStats,
  type NativeExitCounts,
  type NativeNicStats,
  type NativeSnapshotResult,
  type NativeVmConfig,
  type NativeVmHandle,
} from './native.js';

export type VmExitCounts = NativeExitCounts;
export type VmDiskStats = NativeDiskStats;
export type VmNicStats = NativeNicStats;

/** A VM's counters: plain JSON data (it crosses process boundaries as is). Counters only grow. */
export interface VmStats {
  userspaceExits: number;
  exits: VmExitCounts;
  disks: VmDiskStats[];
  nics: VmNicStats[];
}

export const exitKinds = ['io', 'mmio', 'intr', 'hlt', 'shutdown', 'system_event', 'fail_entry', 'internal_error', 'other'] as const;

function emptyStats(): VmStats {
  return { userspaceExits: 0, exits: Object.fromEntries(exitKinds.map((k) => [k, 0])) as unknown as VmExitCounts, disks: [], nics: [] };
}

function statsOf(h: NativeVmHandle): VmStats {
  const { userspaceExits, exits, disks, nics } = h.stats();
  return { userspaceExits, exits, disks, nics };
}

const NATIVE_CODES = ['TSHYVE_KVM_UNAVAILABLE', 'TSHYVE_BOOT_FAILED', 'TSHYVE_VM_SETUP_FAILED', 'TSHYVE_RESTORE_REFUSED'] as const;

export interface VmOptions {
  /** Batched output of COM port `port` (1..4); com1's only when config.consoleFd is not set. */
  onConsole?: (data: Buffer, port: number) => void;
}

export class Vm {
  readonly exited: Promise<number>;
  private handle: NativeVmHandle | undefined;
  private done = false;
  private finalStats: VmStats | undefined;

  private constructor(config: NativeVmConfig, options: VmOptions) {
    const addon = loadNative();
    let resolveExit!: (status: number) => void;
    this.exited = new Promise<number>((r) => (resolveExit = r));
    try {
      this.handle = new addon.VmHandle(config, {
        onConsole: (b, port) => options.onConsole?.(b, port),
        onExit: (status) => {
          this.done = true;
          const h = this.handle;
          this.handle = undefined;
          // The counters as they were when the guest ended (the handle is freed right after).
          this.finalStats = h ? statsOf(h) : undefined;
          // Join the (finished) threads and free the VM once the callback has returned.
          setImmediate(() => h?.destroy());
          resolveExit(status);
        },
      });
    } catch (cause) {
      const err = cause as Error & { code?: string };
      // The native side classifies its set-up failures (binding/vm_handle.cc); anything else is a VM failure.
      const code = NATIVE_CODES.find((c) => c === err.code) ?? 'TSHYVE_VM_FAILED';
      throw new TshyveError(code, `cannot create the VM: ${err.message}`, { cause });
    }
  }

  /** Builds the VM (memory, devices, vCPUs, boot image) and starts its vCPU threads. */
  static start(config: NativeVmConfig, options: VmOptions = {}): Vm {
    const vm = new Vm(config, options);
    vm.handle!.start();
    return vm;
  }

  get running(): boolean {
    return !this.done;
  }

  /** Presses the ACPI power button; false when the platform has none. */
  powerButton(): boolean {
    return this.handle?.powerButton() ?? false;
  }

  /** Ends the VM at once with `status` (default 4, error, as a killed bhyve). */
  forceStop(status: number = EXIT_STATUS.error): void {
    this.handle?.requestExit(status);
  }

  /** Host bytes for COM port `port` (1..4, default com1). */
  consoleInput(data: Buffer, port = 1): number {
    return this.handle?.consoleInput(data, port) ?? 0;
  }

  /** The live counters, or those at the guest's exit once it has ended. */
  /** Snapshots the running VM to `path` (see NativeVmHandle.snapshot); throws TSHYVE_SNAPSHOT_FAILED. */
  snapshot(path: string, options: { stop?: boolean } = {}): NativeSnapshotResult {
    const h = this.handle;
    if (!h) throw new TshyveError('TSHYVE_SNAPSHOT_FAILED', 'cannot snapshot: the VM is not running');
    try {
      return h.snapshot(path, { stop: options.stop ?? false });
    } catch (cause) {
      throw new TshyveError('TSHYVE_SNAPSHOT_FAILED', `cannot snapshot: ${(cause as Error).message}`, { cause });
    }
  }

  /** After a restore: state this host's KVM would not take back. */
  restoreRefused(): string[] {
    return this.handle?.restoreRefused() ?? [];
  }

  stats(): VmStats {
    const h = this.handle;
    return h ? statsOf(h) : (this.finalStats ?? emptyStats());
  }
}
