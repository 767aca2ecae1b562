// Many hosts, one repository: keeps the resources whose `placement` names this host (by name or
// by labels). A resource without placement belongs to every host.
import type { DesiredState, Meta } from '../model/resolved.js';

export interface HostIdentity {
  name: string;
  labels: Record<string, string>;
}

export function belongsToHost(meta: Meta, host: HostIdentity): boolean {
  const p = meta.placement;
  if (!p) return true;
  if (p.hosts && p.hosts.length > 0 && !p.hosts.includes(host.name)) return false;
  const selector = (p.hostSelector ?? {}) as Record<string, string>;
  return Object.entries(selector).every(([k, v]) => host.labels[k] === v);
}

export function filterForHost(state: DesiredState, host: HostIdentity): DesiredState {
  const keep = <T extends { meta: Meta }>(items: T[]) => items.filter((i) => belongsToHost(i.meta, host));
  const vms = keep(state.vms);
  const vmNames = new Set(vms.map((v) => v.meta.name));
  return {
    vms,
    bridges: keep(state.bridges),
    // A generated tap follows its VM.
    taps: state.taps.filter((t) => (t.generatedFor ? vmNames.has(t.generatedFor.vm) : belongsToHost(t.meta, host))),
    volumes: keep(state.volumes),
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
