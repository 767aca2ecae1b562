// How a VM process is started (the jailer's part that must happen at exec): in a mount namespace of
// its own (`unshare --mount --propagation private`, util-linux) and through setpriv(1) with a
// bounding set (capabilities(7)) of what its set-up needs: CAP_NET_ADMIN to attach taps, and, when
// the VM user exists, CAP_SETUID/SETGID to become it, CAP_CHOWN to hand it the VM's directory and
// CAP_SYS_ADMIN to hide host directories. Becoming that user clears every capability; without one
// it keeps CAP_NET_ADMIN at most. TSHYVE_KEEP_CAPS=1 keeps every capability, TSHYVE_MOUNT_NS=0 the host's mounts.
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { SPAWNER_MOUNT_NS } from '../runtime/mount-confinement.js';
import { lookUpUser, userProblem, vmUserName } from '../runtime/vm-user.js';

export const SETPRIV = '/usr/bin/setpriv';
export const UNSHARE = '/usr/bin/unshare';

/** The capabilities the VM process starts with, by name as setpriv(1) spells them. */
export function keptCapabilities(vm: { nics: readonly unknown[] }, dropsToUser = false): string[] {
  return [...(dropsToUser ? ['chown', 'setgid', 'setuid', 'sys_admin'] : []), ...(vm.nics.length ? ['net_admin'] : [])];
}

/** The argv prefix that starts the VM process with only `kept` ([] when keeping all, or no setpriv). */
export function capabilityDropPrefix(kept: string[], env: NodeJS.ProcessEnv = process.env, setpriv = SETPRIV): string[] {
  if (env.TSHYVE_KEEP_CAPS === '1' || !existsSync(setpriv)) return [];
  const bounding = ['-all', ...kept.map((c) => `+${c}`)].join(',');
  return [setpriv, '--bounding-set', bounding, '--inh-caps', '-all', '--ambient-caps', '-all', '--'];
}

/** The argv prefix that gives the VM process its own mount namespace ([] when off, not root, or no unshare). */
export function mountNamespacePrefix(env: NodeJS.ProcessEnv = process.env, unshare = UNSHARE, uid = process.getuid?.()): string[] {
  if (env.TSHYVE_MOUNT_NS === '0' || uid !== 0 || !existsSync(unshare)) return [];
  return [unshare, '--mount', '--propagation', 'private', '--'];
}

/**
 * The VM process's environment additions: the mount namespace its starter is in, so it hides host
 * directories only in a namespace other than that one (runtime/mount-confinement.ts ownMountNamespace).
 */
export function vmProcessEnvAdditions(): NodeJS.ProcessEnv {
  try {
    return { [SPAWNER_MOUNT_NS]: readlinkSync('/proc/self/ns/mnt') };
  } catch {
    return {};
  }
}

/** Everything before `node bin/tshyve.js vm-run NAME`: the namespace, then the capability bounding set. */
export function vmProcessPrefix(vm: { nics: readonly unknown[] }, env: NodeJS.ProcessEnv = process.env): string[] {
  const name = vmUserName(undefined, env);
  const namespace = mountNamespacePrefix(env);
  // Without its own namespace the VM directory stays behind the state directory's 0700 parents:
  // the drop would be skipped, so the capabilities for it are not given either.
  const dropsToUser = namespace.length > 0 && userProblem(name, lookUpUser(name)) === undefined;
  return [...namespace, ...capabilityDropPrefix(keptCapabilities(vm, dropsToUser), env)];
}

const CAP_NAMES: Record<number, string> = {
  0: 'chown',
  1: 'dac_override',
  2: 'dac_read_search',
  5: 'kill',
  6: 'setgid',
  7: 'setuid',
  8: 'setpcap',
  12: 'net_admin',
  13: 'net_raw',
  21: 'sys_admin',
  19: 'sys_ptrace',
  16: 'sys_module',
};

/** The names of the capabilities set in a /proc/PID/status hex mask. */
export function capabilityNames(mask: bigint): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 64; bit++) if (mask & (1n << BigInt(bit))) out.push(CAP_NAMES[bit] ?? `cap${bit}`);
  return out;
}

/** One line for the VM's log: what this process may still do, and as whom. */
export function describeOwnCapabilities(status = readFileSync('/proc/self/status', 'utf8')): string {
  const mask = (name: string) => BigInt(`0x${new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1] ?? '0'}`);
  const uid = /^Uid:\s*(\d+)/m.exec(status)?.[1] ?? '?';
  const bounding = capabilityNames(mask('CapBnd'));
  const effective = capabilityNames(mask('CapEff'));
  if (bounding.length > 16 && effective.length)
    return `capabilities: all kept (${effective.length} effective): started without setpriv or with TSHYVE_KEEP_CAPS=1`;
  const who = uid === '0' ? 'still uid 0, so root-owned files stay writable by their mode bits' : `uid ${uid}`;
  return `capabilities: ${effective.length ? effective.join(', ') : 'none'} (bounding set ${bounding.length > 16 ? 'full' : bounding.length ? bounding.join(', ') : 'empty'}); ${who}`;
}
