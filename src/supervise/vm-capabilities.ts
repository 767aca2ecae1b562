// Capabilities of a VM process: it is started through setpriv(1) with a bounding set (capabilities(7))
// of CAP_NET_ADMIN when the VM has NICs (a reboot reopens its taps: TUNSETIFF) and nothing otherwise,
// so every thread Node starts has no other capability. The process stays uid 0: files owned by root
// stay writable to it by their mode bits. TSHYVE_KEEP_CAPS=1 keeps every capability.
import { existsSync, readFileSync } from 'node:fs';

export const SETPRIV = '/usr/bin/setpriv';

/** The capabilities the VM process keeps, by name as setpriv(1) spells them. */
export function keptCapabilities(vm: { nics: readonly unknown[] }): string[] {
  return vm.nics.length ? ['net_admin'] : [];
}

/** The argv prefix that starts the VM process with only `kept` ([] when keeping all, or no setpriv). */
export function capabilityDropPrefix(kept: string[], env: NodeJS.ProcessEnv = process.env, setpriv = SETPRIV): string[] {
  if (env.TSHYVE_KEEP_CAPS === '1' || !existsSync(setpriv)) return [];
  const bounding = ['-all', ...kept.map((c) => `+${c}`)].join(',');
  return [setpriv, '--bounding-set', bounding, '--inh-caps', '-all', '--ambient-caps', '-all', '--'];
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

/** One line for the VM's log: what this process may still do as uid 0. */
export function describeOwnCapabilities(status = readFileSync('/proc/self/status', 'utf8')): string {
  const mask = (name: string) => BigInt(`0x${new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1] ?? '0'}`);
  const bounding = capabilityNames(mask('CapBnd'));
  const effective = capabilityNames(mask('CapEff'));
  if (bounding.length > 16)
    return `capabilities: all kept (${effective.length} effective): started without setpriv or with TSHYVE_KEEP_CAPS=1`;
  return `capabilities: ${effective.length ? effective.join(', ') : 'none'} (bounding set ${bounding.length ? bounding.join(', ') : 'empty'}); still uid 0, so root-owned files stay writable by their mode bits`;
}
