// The host backend seam: observe the host, translate operations into commands, run commands.
// Linux implements it in linux-backend.ts; a FreeBSD (ifconfig/kldload) one can sit beside it.
import type { NetworkObserveRequest } from './network-observation.js';
import type { HostObservation } from './observation.js';
import type { HostCommand, HostOperation } from './operations.js';

export interface ObserveRequest {
  /** File volume paths to stat. */
  files: string[];
  /** Kernel modules whose state matters. */
  modules: string[];
  /** Read ZFS datasets even if no zfs volume is desired (inventory holds some). */
  zfs: boolean;
  /** Directories whose filesystem matters (where file snapshots and clones are copied). */
  filesystems?: string[];
  /** Network services (dnsmasq, nftables, sysctls, ports) to read; none when absent. */
  network?: NetworkObserveRequest;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The command was killed because its cancel signal was aborted. */
  cancelled?: boolean;
}

export interface RunOptions {
  /** Aborting it kills the command (SIGTERM); the result then says it was cancelled. */
  signal?: AbortSignal;
}

/** Facts preflight needs that only the running host can tell. */
export interface HostFacts {
  isRoot: boolean;
  capNetAdmin: boolean;
  /** Free bytes on the filesystem that would hold `path` (nearest existing ancestor). */
  freeBytes(path: string): Promise<number | undefined>;
  pathExists(path: string): Promise<boolean>;
}

export interface HostBackend {
  /** `linux`, later `freebsd`. */
  readonly platform: string;
  /** Network namespace every link command runs in, if any. */
  readonly netns?: string;
  observe(request: ObserveRequest): Promise<HostObservation>;
  /** Pure: the commands that perform one operation, in order. */
  commandsFor(operation: HostOperation): HostCommand[];
  /** Runs one command; resolves with a non-zero exitCode instead of throwing. */
  run(command: HostCommand, options?: RunOptions): Promise<CommandResult>;
  facts(): Promise<HostFacts>;
  /** The batch a command can run in with others (same tool, same namespace), or undefined. */
  batchKey?(command: HostCommand): string | undefined;
  /** Runs steps' commands (all of one batch key) in order in one process, stopping at the first failure. */
  runBatch?(steps: HostCommand[][], options: BatchOptions): Promise<BatchOutcome>;
}

export interface BatchOptions {
  /** Asked before each step is handed over; false stops there (an interrupt). */
  beforeStep(index: number): boolean;
}

export interface BatchOutcome {
  /** Steps whose every command succeeded, counted from the first. */
  completedSteps: number;
  /** The first command that failed (step and command index) and what it said. */
  failure?: { step: number; command: number; result: CommandResult };
  durationMs: number;
}
