// VMs as reconciled resources: desired VirtualMachines against the VM processes the state
// directory knows. create = start, delete = stop (volumes stay), update = restart, and only when
// the machine changed (spec hash); lifecycle-only edits apply without a restart.
import type { ResolvedVm } from '../model/resolved.js';
import { describeFirmware } from '../spec/firmware-summary.js';
import { formatPci } from '../spec/pci-placement.js';
import { formatSize } from '../spec/units.js';
import type { ObservedVm } from '../supervise/observe-vms.js';
import { actionFor } from '../supervise/restart-policy.js';
import { kvmBackendUnsupported } from '../targets/kvm-support.js';

/** bhyve-era default stop timeout, for a VM whose frozen spec is gone. */
const DEFAULT_STOP_TIMEOUT_MS = 60_000;

export type VmAction = 'create' | 'update' | 'delete' | 'no-op';

export interface VmChange {
  kind: 'vm';
  name: string;
  action: VmAction;
  reasons: string[];
  /** Desired VM (create/update). */
  vm?: ResolvedVm;
  /** pid to stop (update/delete). */
  pid?: number;
  /** The VM cannot run on this backend: shown with `!`, never started; plan/apply exit 1. */
  blocked?: string;
  stopTimeoutMs: number;
}

export interface VmDiffInput {
  desired: ResolvedVm[];
  observed: ObservedVm[];
  /** The frozen spec each observed VM runs, by name (for field-level reasons). */
  running: Map<string, ResolvedVm>;
  deletesAllowed: boolean;
}

export function diffVms(input: VmDiffInput): { changes: VmChange[]; notes: string[] } {
  const notes: string[] = [];
  const observed = new Map(input.observed.map((o) => [o.name, o]));
  const changes: VmChange[] = [];
  for (const vm of input.desired) {
    const name = vm.meta.name;
    const o = observed.get(name);
    const base = { kind: 'vm' as const, name, vm, stopTimeoutMs: vm.stopTimeoutMs };
    const unsupported = kvmBackendUnsupported(vm);
    if (unsupported.length) {
      changes.push({ ...base, action: 'no-op', reasons: [], blocked: unsupported.map((u) => `${u.path}: ${u.message}`).join('; ') });
      continue;
    }
    if (!vm.autostart.enabled && !(o?.alive)) {
      changes.push({ ...base, action: 'no-op', reasons: ['autostart disabled'] });
      continue;
    }
    if (!o) {
      changes.push({ ...base, action: 'create', reasons: ['not running'] });
      continue;
    }
    if (o.alive) {
      if (o.status.specHash === vm.specHash) changes.push({ ...base, action: 'no-op', reasons: [o.status.phase] });
      else changes.push({ ...base, action: 'update', pid: o.status.pid!, reasons: describeVmChanges(input.running.get(name), vm) });
      continue;
    }
    if (o.died) {
      const action = actionFor(4, vm.restartPolicy);
      if (action === 'stop') changes.push({ ...base, action: 'no-op', reasons: ['VM process died; restart policy onError is stop'] });
      else changes.push({ ...base, action: 'create', reasons: ['VM process died (pid ' + (o.status.pid ?? '?') + '); restarting per policy'] });
      continue;
    }
    if (o.status.phase === 'failed') {
      changes.push({ ...base, action: 'create', reasons: [`last start failed: ${o.status.message ?? 'unknown error'}`] });
      continue;
    }
    // Stopped on purpose (guest poweroff/halt or `tshyve stop`): stays down until `tshyve start`.
    const why = o.status.lastExit ? `${o.status.lastExit.reason}` : 'stopped';
    changes.push({ ...base, action: 'no-op', reasons: [`stopped (${why}); \`tshyve start ${name}\` starts it`] });
  }
  const wanted = new Set(input.desired.map((v) => v.meta.name));
  for (const o of input.observed) {
    if (wanted.has(o.name) || !o.alive) continue;
    if (!input.deletesAllowed) {
      notes.push(`vm ${o.name} is no longer in the specs but deletes are skipped (no manifests or incomplete observation)`);
      continue;
    }
    changes.push({ kind: 'vm', name: o.name, action: 'delete', pid: o.status.pid!, reasons: ['removed from the specs (its volumes stay)'], stopTimeoutMs: input.running.get(o.name)?.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS });
  }
  return { changes, notes };
}

/** `destroy`: stop every running VM the specs name (their volumes stay). */
export function destroyVms(desired: ResolvedVm[], observed: ObservedVm[], running: Map<string, ResolvedVm>): VmChange[] {
  const named = new Set(desired.map((v) => v.meta.name));
  return observed
    .filter((o) => o.alive && named.has(o.name))
    .map((o) => ({ kind: 'vm', name: o.name, action: 'delete', pid: o.status.pid!, reasons: ['destroy (its volumes stay)'], stopTimeoutMs: running.get(o.name)?.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS }));
}

/** Field-level reasons for a restart: `memory 512MiB → 1GiB`. */
export function describeVmChanges(before: ResolvedVm | undefined, after: ResolvedVm): string[] {
  if (!before) return ['spec changed'];
  const reasons: string[] = [];
  const cmp = (label: string, a: unknown, b: unknown, show: (v: never) => string = String) => {
    // Display text (slotText: `2` vs `2:0`) is not a change of the machine.
    const plain = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'slotText' ? undefined : x));
    if (plain(a) !== plain(b)) reasons.push(`${label} ${show(a as never)} → ${show(b as never)}`);
  };
  cmp('memory', before.memoryBytes, after.memoryBytes, formatSize);
  cmp('cpus', before.cpus, after.cpus, (c: ResolvedVm['cpus']) => (c.sockets === c.count ? String(c.count) : `${c.count} (${c.sockets}s/${c.cores}c/${c.threads}t)`));
  cmp('firmware', before.firmware, after.firmware, describeFirmware);
  cmp('disks', before.disks, after.disks, (d: ResolvedVm['disks']) => d.map((x) => `${formatPci(x.pci)}:${x.path}`).join(',') || 'none');
  cmp('nics', before.nics, after.nics, (n: ResolvedVm['nics']) => n.map((x) => `${x.tapIfname}/${x.mac}`).join(',') || 'none');
  cmp('serial', before.serial, after.serial, (s: ResolvedVm['serial']) => s.map((x) => `${x.port}:${x.mode}`).join(',') || 'none');
  cmp('flags', before.flags, after.flags, (f: ResolvedVm['flags']) => Object.entries(f).filter(([, v]) => v).map(([k]) => k).join(','));
  if (reasons.length === 0) reasons.push('devices changed');
  return reasons;
}

/** Start order: autostart order, then dependencies first (`after`), then name. */
export function startOrder(vms: ResolvedVm[]): ResolvedVm[] {
  const byName = new Map(vms.map((v) => [v.meta.name, v]));
  const sorted = [...vms].sort((a, b) => a.autostart.order - b.autostart.order || (a.meta.name < b.meta.name ? -1 : 1));
  const out: ResolvedVm[] = [];
  const placed = new Set<string>();
  const visit = (vm: ResolvedVm, depth: number) => {
    if (placed.has(vm.meta.name) || depth > vms.length) return;
    for (const dep of vm.autostart.after) {
      const d = byName.get(dep);
      if (d) visit(d, depth + 1);
    }
    if (!placed.has(vm.meta.name)) {
      placed.add(vm.meta.name);
      out.push(vm);
    }
  };
  for (const vm of sorted) visit(vm, 0);
  return out;
}
