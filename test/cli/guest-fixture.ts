// Test helper: a state directory holding VMs as `apply` leaves them (frozen spec, declared status),
// loaded from manifest text, and dnsmasq lease files written the way dnsmasq writes them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadSpecTexts } from '../../src/manifest/load.js';
import type { ResolvedVm } from '../../src/model/resolved.js';
import type { VmChange } from '../../src/reconcile/vm-diff.js';
import type { VmStatusRecord } from '../../src/state/vm-status.js';
import { bridgeServicePaths, statePaths } from '../../src/state/paths.js';
import { recordDeclaredVm } from '../../src/supervise/process-control.js';

export function resolveVms(yaml: string): ResolvedVm[] {
  const loaded = loadSpecTexts([{ file: '/t/vms.yaml', text: yaml }]);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.path} ${d.message}`).join('\n'));
  return loaded.state.vms;
}

/** The change that starts `vm` (a new VM), as the plan makes it. */
export const createChange = (vm: ResolvedVm): VmChange => ({
  kind: 'vm',
  name: vm.meta.name,
  action: 'create',
  reasons: [],
  vm,
  stopTimeoutMs: 0,
});

/** What a fake start returns: the VM's process runs. */
export const runningRecord = (vm: ResolvedVm): VmStatusRecord => ({
  name: vm.meta.name,
  phase: 'running',
  pid: 1,
  specHash: '',
  vcpus: 1,
  memoryBytes: 0,
  restarts: 0,
  recentRestarts: [],
  updatedAt: '',
});

/** Records each VM in the state directory, as apply does for a declared VM. */
export async function declare(stateDir: string, vms: ResolvedVm[], netns?: string): Promise<void> {
  for (const vm of vms) await recordDeclaredVm(vm, { stateDir, ...(netns ? { netns } : {}) });
}

export function writeLeases(stateDir: string, bridge: string, lines: string[]): string {
  const paths = bridgeServicePaths(statePaths(stateDir), bridge);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  writeFileSync(paths.leases, lines.join('\n'), { mode: 0o600 });
  return paths.leases;
}

/** A lease line: expiry in seconds since the epoch, dnsmasq's field order. */
export function leaseLine(mac: string, ip: string, expiresInS = 3600, hostname = '*'): string {
  return `${Math.floor(Date.now() / 1000) + expiresInS} ${mac} ${ip} ${hostname} 01:${mac}`;
}

export const BRIDGE_YAML = `apiVersion: tshyve.dev/v1alpha1
kind: Bridge
metadata: { name: lan }
spec: { name: tshlan0, addresses: [10.99.0.1/24] }
`;
/** The same bridge with `dhcp`: its NICs get static leases (addresses), as a guest's lease needs. */
export const DHCP_BRIDGE_YAML = BRIDGE_YAML.replace('10.99.0.1/24] }', '10.99.0.1/24], dhcp: { range: 10.99.0.100-10.99.0.199 } }');
