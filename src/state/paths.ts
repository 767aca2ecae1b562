// Every file tshyve keeps under its state directory, in one place (default /var/lib/tshyve,
// overridden by --state-dir or TSHYVE_STATE_DIR).
import { join } from 'node:path';

export const DEFAULT_STATE_DIR = '/var/lib/tshyve';

export interface StatePaths {
  dir: string;
  /** JSON record of every host resource tshyve created or adopted (inventory.ts). */
  inventory: string;
  /** One apply at a time per state dir: holds the pid of the owner (lock.ts). */
  lock: string;
  /** Per-VM runtime files: vms/<name>/ (supervise/vm-files.ts). */
  vmsDir: string;
  /** Declared VMs placed on other hosts, with the reason (placement-record.ts). */
  placement: string;
  /** The watch agent's last pass, errors and liveness (watch/watch-status.ts). */
  watchStatus: string;
  /** Held while a watch agent runs: one agent per state directory (watch/agent-lock.ts). */
  agentLock: string;
  /** Source images prepared for volumes, by digest (host/image-prepare.ts), 0700. */
  images: string;
}

export function resolveStateDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.TSHYVE_STATE_DIR ?? DEFAULT_STATE_DIR;
}

export function statePaths(dir: string): StatePaths {
  return {
    dir,
    inventory: join(dir, 'inventory.json'),
    lock: join(dir, 'lock'),
    vmsDir: join(dir, 'vms'),
    placement: join(dir, 'placement.json'),
    watchStatus: join(dir, 'watch-status.json'),
    agentLock: join(dir, 'agent.lock'),
    images: join(dir, 'images'),
  };
}
