// Many hosts, one repository: keeps the resources whose `placement` names this host (by name or
// by labels). A resource without placement belongs to every host.
import type { DesiredState, Meta } from '../model/resolved.js';

export interface HostIdentity {
  name: string;
  labels: Record<string, string>;
}

export function belongsToHost(meta: Meta, host: HostIdentity): boolean {
  return placementMismatch(meta, host) === undefined;
}

/** Why a resource is not placed on this host, in words; undefined when it is. */
export function placementMismatch(meta: Meta, host: HostIdentity): string | undefined {
  const p = meta.placement;
  if (!p) return undefined;
  if (p.hosts && p.hosts.length > 0 && !p.hosts.includes(host.name))
    return `placement.hosts [${p.hosts.join(', ')}] does not name this host (${host.name})`;
  const selector = (p.hostSelector ?? {}) as Record<string, string>;
  const missed = Object.entries(selector).filter(([k, v]) => host.labels[k] !== v);
  if (missed.length === 0) return undefined;
  return `placement.hostSelector ${missed.map(([k, v]) => `${k}=${v}`).join(', ')} does not match this host (${missed.map(([k]) => `${k}=${host.labels[k] ?? '(unset)'}`).join(', ')})`;
}

/** The declared VMs this host does not run, each with the reason. */
export function unplacedVms(state: DesiredState, host: HostIdentity): { name: string; reason: string }[] {
  return state.vms.flatMap((vm) => {
    const reason = placementMismatch(vm.meta, host);
    return reason ? [{ name: vm.meta.name, reason }] : [];
  });
}

export function filterForHost(state: DesiredState, host: HostIdentity): DesiredState {
  const keep = <T extends { meta: Meta }>(items: T[]) => items.filter((i) => belongsToHost(i.meta, host));
  const vms = keep(state.vms);
  const vmNames = new Set(vms.map((v) => v.meta.name));
  const volumes = keep(state.volumes);
  const volumeNames = new Set(volumes.map((v) => v.meta.name));
  return {
    vms,
    bridges: keep(state.bridges),
    // A generated tap follows its VM.
    taps: state.taps.filter((t) => (t.generatedFor ? vmNames.has(t.generatedFor.vm) : belongsToHost(t.meta, host))),
    volumes,
    // A snapshot follows its volume.
    ...(state.snapshots ? { snapshots: state.snapshots.filter((s) => volumeNames.has(s.volume)) } : {}),
    firmware: keep(state.firmware),
  };
}

/** Parses `--host-label k=v` flags. */
export function parseHostLabels(pairs: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const p of pairs) {
    const at = p.indexOf('=');
    if (at <= 0) throw new Error(`--host-label expects key=value, got ${JSON.stringify(p)}`);
    labels[p.slice(0, at)] = p.slice(at + 1);
  }
  return labels;
}
