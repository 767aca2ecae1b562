// The command line and environment a VM process starts with: the jail's prefix at exec
// (vm-capabilities.ts), `ip netns exec` when asked, Node with the VM process's flags, `vm-run NAME`.
// A warm standby is the same launch with STANDBY_NAME for the name, so "started the same way" is
// one comparison of two launches (standby.ts).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedVm } from '../model/resolved.js';
import { STANDBY_NAME } from '../state/standby-files.js';
import { vmProcessEnvAdditions, vmProcessPrefix } from './vm-capabilities.js';

const binPath = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'tshyve.js');

/**
 * V8 flags of a VM process: its JS only relays serial bytes and status, so a 1 MiB young generation
 * (V8 grows it to 16 MiB), no background V8 tasks and no optimizing compiler (lite mode: no code
 * or feedback it would never use) keep its memory near Node's floor (bench:vmm's density rows).
 */
export const VM_PROCESS_NODE_FLAGS = ['--max-semi-space-size=1', '--single-threaded', '--lite-mode', '--no-expose-wasm'];

export interface VmLaunch {
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The VM process's environment: a fixed PATH, the locale and tshyve's own settings, nothing else of
 * the caller's (no credentials, proxies or NODE_OPTIONS reach a process that runs a guest).
 */
export function vmProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept = Object.entries(env).filter(([k]) => k.startsWith('TSHYVE_') || k === 'LANG' || k === 'LC_ALL' || k === 'TZ');
  return { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...Object.fromEntries(kept) };
}

export interface LaunchOptions {
  stateDir: string;
  env?: NodeJS.ProcessEnv;
  netns?: string;
}

/** How `tshyve vm-run name` is started for `vm` (name defaults to the VM's; STANDBY_NAME for a standby). */
export function vmLaunch(vm: Pick<ResolvedVm, 'nics'>, name: string, options: LaunchOptions): VmLaunch {
  const env = { ...vmProcessEnv(process.env), ...vmProcessEnvAdditions(), ...options.env };
  // Own mount namespace and capability bounding set at exec, after `ip netns exec` needed them.
  const args = [
    ...vmProcessPrefix(vm, env),
    process.execPath,
    ...VM_PROCESS_NODE_FLAGS,
    binPath,
    'vm-run',
    name,
    '--state-dir',
    options.stateDir,
  ];
  const [cmd, argv] = options.netns ? ['ip', ['netns', 'exec', options.netns, ...args]] : [args[0]!, args.slice(1)];
  return { cmd, args: argv, env };
}

/** What a standby started for `vm` would be: equal keys mean the standby may become that VM. */
export function standbyKeyFor(vm: Pick<ResolvedVm, 'nics'>, options: LaunchOptions): string {
  const { cmd, args, env } = vmLaunch(vm, STANDBY_NAME, options);
  return JSON.stringify({ cmd, args, env: Object.entries(env).sort(([a], [b]) => a.localeCompare(b)) });
}
