// Pure parsers for kernel module state: /proc/modules (Linux proc(5): "name size refcount deps state
// address"), modules.builtin (one `kernel/…/name.ko` per line) and /sys/module/<name>/initstate.
import type { ModuleState, ObservedModule } from './observation.js';

/** Names of loaded modules from /proc/modules text. */
export function parseProcModules(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const name = line.split(' ')[0];
    if (name) names.add(name);
  }
  return names;
}

/** Names of built-in modules from modules.builtin text (`kernel/net/bridge/bridge.ko`). */
export function parseModulesBuiltin(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const base = line.trim().split('/').pop();
    if (base && base.endsWith('.ko')) names.add(base.slice(0, -3).replace(/-/g, '_'));
  }
  return names;
}

export interface ModuleFacts {
  /** /proc/modules names, or undefined when the file is unreadable (containers). */
  loaded?: Set<string>;
  /** modules.builtin names, or undefined when absent. */
  builtin?: Set<string>;
  /** For /sys/module/<name>: absent, or present with/without an `initstate` file. */
  sysModule: (name: string) => 'absent' | 'loadable' | 'builtin';
  /** A device node that proves the feature works (/dev/net/tun for tun, /dev/kvm for kvm). */
  deviceProof?: (name: string) => string | undefined;
}

/** Decides whether a module is usable, preferring the most direct evidence. */
export function classifyModule(name: string, facts: ModuleFacts): ObservedModule {
  const is = (state: ModuleState, evidence: string): ObservedModule => ({ name, state, evidence });
  if (facts.loaded?.has(name)) return is('loaded', '/proc/modules');
  if (facts.builtin?.has(name)) return is('builtin', 'modules.builtin');
  const sys = facts.sysModule(name);
  // /sys/module/<m>/initstate exists only for loadable modules; a built-in with parameters has none.
  if (sys === 'builtin') return is('builtin', `/sys/module/${name} without initstate`);
  if (sys === 'loadable') return is('loaded', `/sys/module/${name}/initstate`);
  const proof = facts.deviceProof?.(name);
  if (proof) return is('builtin', `${proof} exists`);
  if (facts.loaded === undefined && facts.builtin === undefined) return is('unknown', 'no /proc/modules or modules.builtin to read');
  return is('absent', facts.loaded ? 'not in /proc/modules' : 'not built in');
}
