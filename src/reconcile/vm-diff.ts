// VMs as reconciled resources: desired VirtualMachines against the VM processes the state
// directory knows. create = start, delete = stop (volumes stay), update = restart, and only when
// the machine changed (spec hash); lifecycle-only edits apply without a restart. A declared VM whose
// process is not running is started as its run strategy says, unless the operator holds it down.
import type { ResolvedVm } from '../model/resolved.js';
import type { Action } from './types.js';
import { describeFirmware } from '../manifest/firmware-summary.js';
import { formatPci } from '../manifest/pci-placement.js';
import { describeLimits } from '../manifest/resolve-limits.js';
import { formatSize } from '../manifest/units.js';
import type { ObservedVm } from '../supervise/observe-vms.js';
import { EXIT_STATUS } from '../model/exit-status.js';
import { crashLoopDelayMs } from '../supervise/restart-policy.js';
import { holdApplies } from '../state/vm-hold.js';
import { grubRootDiskBoot, kvmBackendUnsupported } from '../runtime/kvm-support.js';

/** bhyve-era default stop timeout, for a VM whose frozen spec is gone. */
const DEFAULT_STOP_TIMEOUT_MS = 60_000;

/** The plan's one action vocabulary (types.ts); a VM is never replaced, only restarted (update). */
export type VmAction = Exclude<Action, 'replace'>;

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
  /** create: this start brings back a VM that ended (counted as a restart). */
  restart?: boolean;
  /** delete: the VM is no longer declared here; its state records go once it is stopped (logs stay). */
  retire?: boolean;
  /** create: release the operator's hold first (`apply --restart-stopped`). */
  releaseHold?: boolean;
  /** no-op: a restart waits for its crash-loop backoff until this time (ms since epoch). */
  retryAt?: number;
  /** no-op, not running: apply records the declared spec for `tshyve start` (and a `declared` status if it never ran). */
  record?: boolean;
}

export interface VmDiffInput {
  desired: ResolvedVm[];
  observed: ObservedVm[];
  /** The frozen spec each observed VM runs, by name (for field-level reasons). */
  running: Map<string, ResolvedVm>;
  deletesAllowed: boolean;
  /** Start VMs that `tshyve stop` holds down, releasing the hold (`apply --restart-stopped`). */
  restartStopped?: boolean;
  /** Delay restarts of a crash-looping VM (the agent does; a one-off `apply` starts at once). */
  honourBackoff?: boolean;
  now?: number;
}

const EXIT_WORDS: Record<string, string> = {
  reboot: 'rebooted',
  poweroff: 'powered off',
  halt: 'halted',
  'triple fault': 'triple-faulted',
  error: 'failed',
  killed: 'was killed',
};

function clock(iso: string | undefined): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return 'an unknown time';
  return new Date(iso).toTimeString().slice(0, 8);
}

/** Why the VM's process is not running, in words: `powered off at 10:02:31`. */
export function describeEnd(o: ObservedVm): string {
  if (o.died) return `VM process died (pid ${o.status.pid ?? '?'}; its last report at ${clock(o.status.updatedAt)})`;
  if (o.status.phase === 'failed') return `last start failed at ${clock(o.status.updatedAt)}: ${o.status.message ?? 'unknown error'}`;
  const exit = o.status.lastExit;
  return exit ? `${EXIT_WORDS[exit.reason] ?? exit.reason} at ${clock(exit.at)}` : 'stopped';
}

/**
 * What starting a suspended VM does to its snapshot: resume from it, or, when the machine changed
 * since, discard it and boot cold (said in the plan before apply does it).
 */
function describeSuspend(s: NonNullable<ObservedVm['suspended']>, vm: ResolvedVm, applied: ResolvedVm | undefined): string {
  if (s.specHash !== vm.specHash) {
    const changed = applied && applied.specHash === s.specHash ? describeVmChanges(applied, vm).join(', ') : 'spec changed';
    return `suspended at ${clock(s.at)}, but the machine changed (${changed}): its snapshot ${s.snapshot} is discarded and it boots cold`;
  }
  const how =
    s.by === 'host shutdown'
      ? 'the agent resumes it, when it starts, from its snapshot'
      : `\`tshyve restore ${vm.meta.name}\` resumes it from its snapshot`;
  return `suspended at ${clock(s.at)} (${s.by}): ${how} ${s.snapshot}`;
}

/** The bhyve exit status a stopped VM ended with (a dead process or a failed start count as 4, error). */
function endStatus(o: ObservedVm): number {
  if (o.died || o.status.phase === 'failed') return EXIT_STATUS.error;
  return o.status.lastExit?.status ?? EXIT_STATUS.poweroff;
}

/** Whether the run strategy wants a VM whose process is not running started again. */
function wantsRestart(vm: ResolvedVm, o: ObservedVm): boolean {
  switch (vm.run) {
    case 'Always':
      return true;
    case 'OnFailure':
      return endStatus(o) >= EXIT_STATUS.tripleFault;
    case 'Once':
      return o.status.specHash !== vm.specHash;
    case 'Halted':
      return false;
  }
}

/** Crash-loop backoff for restarts the agent makes: none until crashLoopRestarts in the window. */
function restartNotBefore(vm: ResolvedVm, o: ObservedVm, now: number): number | undefined {
  const p = vm.restartPolicy;
  const recent = o.status.recentRestarts.filter((t) => now - t < p.crashLoopWindowMs);
  const delay = crashLoopDelayMs(p, recent.length);
  if (delay === 0) return undefined;
  const endedAt = Date.parse(o.status.lastExit?.at ?? o.status.updatedAt) || now;
  return endedAt + delay > now ? endedAt + delay : undefined;
}

export function diffVms(input: VmDiffInput): { changes: VmChange[]; notes: string[] } {
  const notes: string[] = [];
  const now = input.now ?? Date.now();
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
    const diskBios = grubRootDiskBoot(vm);
    if (diskBios)
      notes.push(`vm ${name}: a grub-bhyve guest; the KVM backend boots its disk through SeaBIOS (${diskBios}), not firmware.linux`);
    if (vm.run === 'Halted') {
      if (o?.alive) changes.push({ ...base, action: 'delete', pid: o.status.pid!, reasons: ['run: Halted'] });
      else changes.push({ ...base, action: 'no-op', reasons: ['run: Halted'] });
      continue;
    }
    if (o?.starting) {
      changes.push({ ...base, action: 'no-op', reasons: ['starting'] });
      continue;
    }
    if (o?.alive) {
      if (o.status.specHash === vm.specHash) changes.push({ ...base, action: 'no-op', reasons: [o.status.phase] });
      else changes.push({ ...base, action: 'update', pid: o.status.pid!, reasons: describeVmChanges(input.running.get(name), vm) });
      continue;
    }
    const suspendLine = o?.suspended ? describeSuspend(o.suspended, vm, input.running.get(name)) : undefined;
    if (o?.restorePending && !o.starting) {
      const s = o.suspended;
      const why =
        s && s.specHash === vm.specHash
          ? `resumes from its snapshot ${s.snapshot} (suspended at ${clock(s.at)} by ${s.by})`
          : (suspendLine ?? 'starts from the snapshot `tshyve restore` named');
      changes.push({ ...base, action: 'create', reasons: [why] });
      continue;
    }
    const held = holdApplies(o?.hold, vm);
    if (held && suspendLine && !input.restartStopped) {
      changes.push({ ...base, action: 'no-op', reasons: [suspendLine] });
      notes.push(`vm ${name}: ${suspendLine}`);
      continue;
    }
    if (held && !input.restartStopped) {
      changes.push({
        ...base,
        action: 'no-op',
        reasons: [
          `held down by \`tshyve stop\` since ${clock(o!.hold!.at)}; \`tshyve start ${name}\` or \`apply --restart-stopped\` starts it`,
        ],
      });
      continue;
    }
    if (!vm.autostart.enabled) {
      changes.push({ ...base, action: 'no-op', reasons: [`autostart disabled; \`tshyve start ${name}\` starts it`] });
      continue;
    }
    if (!o || o.status.phase === 'declared') {
      changes.push({ ...base, action: 'create', reasons: ['declared, not running'] });
      continue;
    }
    const end = describeEnd(o);
    if (!held && !wantsRestart(vm, o)) {
      changes.push({ ...base, action: 'no-op', reasons: [`${end}; run: ${vm.run} leaves it stopped`] });
      continue;
    }
    const retryAt = input.honourBackoff ? restartNotBefore(vm, o, now) : undefined;
    if (retryAt !== undefined) {
      changes.push({
        ...base,
        action: 'no-op',
        reasons: [`${end}; crash loop: next start at ${clock(new Date(retryAt).toISOString())}`],
        retryAt,
      });
      continue;
    }
    const why = held
      ? `held by \`tshyve stop\`, released by --restart-stopped`
      : `declared, not running: ${end}${suspendLine ? `; ${suspendLine}` : ''}`;
    changes.push({ ...base, action: 'create', reasons: [why], restart: true, ...(held ? { releaseHold: true } : {}) });
  }
  // spec.restoreFrom: a start is a restore (a resume the agent prepared names its own snapshot).
  for (const c of changes)
    if (c.action === 'create' && c.vm?.restoreFrom && !observed.get(c.name)?.restorePending)
      c.reasons.push(`starts from the snapshot ${c.vm.restoreFrom} (spec.restoreFrom) instead of booting`);
  // A declared VM left stopped: its applied spec is what `tshyve start` starts (written only when it changed).
  for (const c of changes) {
    const o = observed.get(c.name);
    if (c.action !== 'no-op' || c.blocked || o?.alive || o?.starting) continue;
    const applied = input.running.get(c.name);
    if (!o || !applied || JSON.stringify(applied) !== JSON.stringify(c.vm)) c.record = true;
  }
  const wanted = new Set(input.desired.map((v) => v.meta.name));
  for (const o of input.observed) {
    if (wanted.has(o.name)) continue;
    if (!input.deletesAllowed) {
      if (o.alive) notes.push(`vm ${o.name} is no longer in the specs but deletes are skipped (no manifests or incomplete observation)`);
      continue;
    }
    if (o.alive)
      changes.push({
        kind: 'vm',
        name: o.name,
        action: 'delete',
        pid: o.status.pid!,
        retire: true,
        reasons: ['removed from the specs (its volumes stay)'],
        stopTimeoutMs: input.running.get(o.name)?.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
      });
    else
      changes.push({
        kind: 'vm',
        name: o.name,
        action: 'no-op',
        retire: true,
        reasons: ['removed from the specs; its records go'],
        stopTimeoutMs: 0,
      });
  }
  return { changes, notes };
}

/** `destroy`: stop every running VM the specs name (their volumes stay). */
export function destroyVms(desired: ResolvedVm[], observed: ObservedVm[], running: Map<string, ResolvedVm>): VmChange[] {
  const named = new Set(desired.map((v) => v.meta.name));
  return observed
    .filter((o) => named.has(o.name))
    .map((o): VmChange =>
      o.alive
        ? {
            kind: 'vm',
            name: o.name,
            action: 'delete',
            pid: o.status.pid!,
            retire: true,
            reasons: ['destroy (its volumes stay)'],
            stopTimeoutMs: running.get(o.name)?.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
          }
        : { kind: 'vm', name: o.name, action: 'no-op', retire: true, reasons: ['destroy: not running; its records go'], stopTimeoutMs: 0 },
    );
}

/** What changed in the cloud-init input, never its content (user-data may hold secrets). */
export function describeCloudInitChanges(a: ResolvedVm['cloudInit'], b: ResolvedVm['cloudInit']): string[] {
  if (!a && !b) return [];
  if (!a || !b) return [`cloud-init ${b ? 'added' : 'removed'}`];
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  const out: string[] = [];
  if (a.hostname !== b.hostname) out.push(`cloud-init hostname ${a.hostname} → ${b.hostname}`);
  if (!same(a.users, b.users)) out.push('cloud-init users changed');
  if (a.userData !== b.userData || a.userDataFile !== b.userDataFile || a.userDataFileSha256 !== b.userDataFileSha256)
    out.push('cloud-init user-data changed');
  if (!same(a.networkConfig, b.networkConfig)) out.push('cloud-init network-config changed');
  if (!same(a.metaData, b.metaData)) out.push('cloud-init meta-data changed');
  return out;
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
  cmp('cpus', before.cpus, after.cpus, (c: ResolvedVm['cpus']) =>
    c.sockets === c.count ? String(c.count) : `${c.count} (${c.sockets}s/${c.cores}c/${c.threads}t)`,
  );
  cmp('firmware', before.firmware, after.firmware, describeFirmware);
  // Limits get their own reason (`disk 0 limits unlimited → 50MiB/s`); the device lists compare without them.
  const bare = <T extends { limits?: unknown }>(xs: T[]) => xs.map(({ limits, ...x }) => (void limits, x));
  cmp(
    'disks',
    bare(before.disks),
    bare(after.disks),
    (d: ResolvedVm['disks']) => d.map((x) => `${formatPci(x.pci)}:${x.path}`).join(',') || 'none',
  );
  cmp('nics', bare(before.nics), bare(after.nics), (n: ResolvedVm['nics']) => n.map((x) => `${x.tapIfname}/${x.mac}`).join(',') || 'none');
  after.disks.forEach((d, i) => cmp(`disk ${i} limits`, before.disks[i]?.limits, d.limits, describeLimits));
  after.nics.forEach((n, i) => cmp(`nic ${i} limits`, before.nics[i]?.limits, n.limits, describeLimits));
  cmp('serial', before.serial, after.serial, (s: ResolvedVm['serial']) => s.map((x) => `${x.port}:${x.mode}`).join(',') || 'none');
  cmp('flags', before.flags, after.flags, (f: ResolvedVm['flags']) =>
    Object.entries(f)
      .filter(([, v]) => v)
      .map(([k]) => k)
      .join(','),
  );
  reasons.push(...describeCloudInitChanges(before.cloudInit, after.cloudInit));
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
