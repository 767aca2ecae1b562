// Test helpers for the pure reconcile layer: specs from YAML text, observations from plain objects.
import type { HostObservation, ObservedFileVolume, ObservedLink, ObservedZvol } from '../../src/host/observation.js';
import { buildLinuxCommands } from '../../src/host/linux-commands.js';
import type { DesiredState } from '../../src/model/resolved.js';
import { loadSpecTexts } from '../../src/manifest/load.js';

export function specs(text: string): { desired: DesiredState; documentCount: number } {
  const r = loadSpecTexts([{ file: '/specs/t.yaml', text }]);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics, null, 2));
  return { desired: r.state, documentCount: r.documentCount };
}

export function link(ifname: string, extra: Partial<ObservedLink> = {}): ObservedLink {
  return { ifname, mtu: 1500, up: true, addresses: [], ...extra };
}

export function bridgeLink(ifname: string, extra: Partial<ObservedLink> = {}): ObservedLink {
  return link(ifname, { kind: 'bridge', ...extra });
}

export function tapLink(ifname: string, extra: Partial<ObservedLink> = {}): ObservedLink {
  return link(ifname, { kind: 'tun', tun: { type: 'tap', vnetHeader: true, multiQueue: false, persist: true }, ...extra });
}

export function observation(
  parts: { links?: ObservedLink[]; files?: Partial<ObservedFileVolume>[]; zvols?: ObservedZvol[] | 'absent'; netns?: string } = {},
): HostObservation {
  const zfs =
    parts.zvols === 'absent'
      ? { ok: true as const, absent: true as const, value: new Map() }
      : { ok: true as const, value: new Map((parts.zvols ?? []).map((z) => [z.dataset, z])) };
  return {
    ...(parts.netns ? { netns: parts.netns } : {}),
    links: { ok: true, value: new Map((parts.links ?? []).map((l) => [l.ifname, l])) },
    files: {
      ok: true,
      value: new Map(
        (parts.files ?? []).map((f) => [
          f.path!,
          { exists: true, sizeBytes: 0, allocatedBytes: 0, isFile: true, ...f } as ObservedFileVolume,
        ]),
      ),
    },
    zfs,
    modules: new Map([
      ['bridge', { name: 'bridge', state: 'builtin', evidence: 'test' }],
      ['tun', { name: 'tun', state: 'loaded', evidence: 'test' }],
    ]),
    tools: { zfs: parts.zvols !== 'absent', modprobe: true },
    devices: { netTun: true, kvm: true },
    durationMs: 0,
  };
}

export const linuxBackend = { commandsFor: (op: Parameters<typeof buildLinuxCommands>[0]) => buildLinuxCommands(op) };
