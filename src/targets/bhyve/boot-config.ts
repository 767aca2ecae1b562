// Boot-time configuration from the handbook's last bhyve section: /boot/loader.conf (vmm, nmdm,
// if_bridge, if_tap), /etc/rc.conf (cloned_interfaces, ifconfig_bridgeN) and /etc/sysctl.conf,
// plus the rc.conf(5) variables of the tshyve rc.d script.
import type { DesiredState, ResolvedVm } from '../../model/resolved.js';
import { sortHostResources } from './host-steps.js';

/** The handbook's loader.conf, unchanged: every module a bhyve host uses. */
export function formatLoaderConf(): string {
  return ['vmm_load="YES"', 'nmdm_load="YES"', 'if_bridge_load="YES"', 'if_tap_load="YES"', ''].join('\n');
}

export function formatSysctlConf(state: DesiredState): string {
  return state.taps.length ? 'net.link.tap.up_on_open=1\n' : '';
}

/** rc.conf names must be cloner units (tap0); other names get a free unit and an ifconfig_tapN_name rename. */
function clonedUnits(names: string[], cloner: string): { unit: string; name: string }[] {
  const used = new Set(names.filter((n) => new RegExp(`^${cloner}[0-9]+$`).test(n)));
  let next = 0;
  return names.map((name) => {
    if (used.has(name)) return { unit: name, name };
    while (used.has(`${cloner}${next}`)) next++;
    const unit = `${cloner}${next}`;
    used.add(unit);
    return { unit, name };
  });
}

/** An rc.conf variable name for a VM: sh names have no dashes. */
export function rcVar(vm: string): string {
  return vm.replace(/-/g, '_');
}

/**
 * Autostart VMs in start order: lower `order` first, `after` dependencies before their dependants.
 * `run: Halted` VMs are not started at boot; the other strategies start there and run.sh follows
 * the restart policy (FreeBSD has no agent to start again a guest that powered off by itself).
 */
export function orderAutostart(vms: ResolvedVm[]): ResolvedVm[] {
  const pending = vms
    .filter((v) => v.autostart.enabled && v.run !== 'Halted')
    .sort((a, b) => a.autostart.order - b.autostart.order || a.meta.name.localeCompare(b.meta.name));
  const names = new Set(pending.map((v) => v.meta.name));
  const started = new Set<string>();
  const out: ResolvedVm[] = [];
  while (pending.length) {
    const i = pending.findIndex((v) => v.autostart.after.every((d) => started.has(d) || !names.has(d)));
    const [vm] = pending.splice(i < 0 ? 0 : i, 1);
    out.push(vm!);
    started.add(vm!.meta.name);
  }
  return out;
}

export function formatRcConf(desired: DesiredState, installDir: string): string {
  const state = { ...desired, ...sortHostResources(desired) };
  const lines: string[] = [];
  const bridges = clonedUnits(
    state.bridges.filter((b) => !b.adopt).map((b) => b.ifname),
    'bridge',
  );
  const taps = clonedUnits(
    state.taps.filter((t) => !t.adopt).map((t) => t.ifname),
    'tap',
  );
  const cloned = [...bridges, ...taps];
  if (cloned.length) lines.push(`cloned_interfaces="${cloned.map((c) => c.unit).join(' ')}"`);
  for (const c of cloned) if (c.unit !== c.name) lines.push(`ifconfig_${c.unit}_name="${c.name}"`);
  for (const b of state.bridges) {
    const members = [...b.members, ...state.taps.filter((t) => t.bridge === b.meta.name).map((t) => t.ifname)];
    const v4 = b.addresses.filter((a) => !a.includes(':'));
    const words = [
      ...members.flatMap((m) => ['addm', m]),
      ...v4.flatMap((a, i) => (i === 0 ? ['inet', a] : [])),
      ...(b.mtu !== 1500 ? ['mtu', String(b.mtu)] : []),
    ];
    const key = b.ifname.replace(/[.-]/g, '_');
    if (words.length) lines.push(`ifconfig_${key}="${words.join(' ')}"`);
    v4.slice(1).forEach((a, i) => lines.push(`ifconfig_${key}_alias${i}="inet ${a}"`));
    const v6 = b.addresses.filter((a) => a.includes(':'));
    if (v6.length) lines.push(`ifconfig_${key}_ipv6="inet6 ${v6[0]}"`);
    v6.slice(1).forEach((a, i) => lines.push(`ifconfig_${key}_alias${v4.length - 1 + i + 1}="inet6 ${a}"`));
  }
  for (const t of state.taps) if (t.mtu !== 1500) lines.push(`ifconfig_${t.ifname.replace(/[.-]/g, '_')}="mtu ${t.mtu} up"`);
  const order = orderAutostart(state.vms);
  lines.push('tshyve_enable="YES"', `tshyve_dir="${installDir}"`, `tshyve_vms="${order.map((v) => v.meta.name).join(' ')}"`);
  for (const vm of order) {
    if (vm.autostart.delayMs > 0) lines.push(`tshyve_${rcVar(vm.meta.name)}_delay="${Math.ceil(vm.autostart.delayMs / 1000)}"`);
    lines.push(`tshyve_${rcVar(vm.meta.name)}_timeout="${Math.ceil(vm.stopTimeoutMs / 1000)}"`);
  }
  return lines.join('\n') + '\n';
}
