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
  /** Per-bridge network services: networks/<bridge resource name>/ (dnsmasq config, pid, leases), 0700. */
  networksDir: string;
}

/** The files of one bridge's DHCP service (dnsmasq) under `networksDir`. */
export interface BridgeServicePaths {
  dir: string;
  /** dnsmasq's lease file (its own format: `expiry mac ip hostname client-id` per line). */
  leases: string;
  /** Static leases, one `mac,ip,hostname` per line (dnsmasq --dhcp-hostsfile). */
  hosts: string;
  config: string;
  pid: string;
}

export function bridgeServicePaths(paths: StatePaths, bridge: string): BridgeServicePaths {
  const dir = join(paths.networksDir, bridge);
  return {
    dir,
    leases: join(dir, 'leases'),
    hosts: join(dir, 'hosts'),
    config: join(dir, 'dnsmasq.conf'),
    pid: join(dir, 'dnsmasq.pid'),
  };
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
    networksDir: join(dir, 'networks'),
  };
}
