// The agent's Prometheus metrics: a plain snapshot of VMs and reconcile passes rendered in the
// Prometheus text exposition format 0.0.4 (HELP/TYPE lines, escaped label values, `_total` counters).
import type { VmStats } from '../runtime/vm.js';

/** One declared VM as the agent sees it; `stats` comes from the VM process's counters when it has them. */
export interface VmMetrics {
  name: string;
  /** A VmPhase ('running', 'stopped', …); any other string is shown as is. */
  phase: string;
  restarts: number;
  /** bhyve exit status of the last run (0 reboot … 4 error). */
  lastExitStatus?: number;
  uptimeSeconds?: number;
  vcpus: number;
  memoryBytes: number;
  stats?: VmStats;
}

export interface AgentMetrics {
  passes: number;
  lastPassDurationSeconds?: number;
  passDurationSecondsSum: number;
  changesApplied: number;
  errors: number;
  heldBackFiles: number;
  lastAppliedRevision?: string;
}

export interface MetricsSnapshot {
  vms: VmMetrics[];
  agent: AgentMetrics;
}

/** Accumulates the agent's per-pass figures between scrapes (the agent calls it; the server reads `snapshot()`). */
export class AgentMetricsRecorder {
  private m: AgentMetrics = { passes: 0, passDurationSecondsSum: 0, changesApplied: 0, errors: 0, heldBackFiles: 0 };

  recordPass(pass: { durationMs: number; changes: number; ok: boolean }): void {
    const seconds = pass.durationMs / 1000;
    this.m.passes++;
    this.m.lastPassDurationSeconds = seconds;
    this.m.passDurationSecondsSum += seconds;
    this.m.changesApplied += pass.changes;
    if (!pass.ok) this.m.errors++;
  }

  setHeldBackFiles(count: number): void {
    this.m.heldBackFiles = count;
  }

  setLastAppliedRevision(revision: string): void {
    this.m.lastAppliedRevision = revision;
  }

  snapshot(): AgentMetrics {
    return { ...this.m };
  }
}

/**
 * The phases every VM gets a `tshyve_vm_state` sample for (1 for its phase, 0 for the others): the
 * supervisor's VmPhase values. A VM in any other phase gets a sample for that one as well.
 */
export const vmStates: readonly string[] = ['starting', 'running', 'backoff', 'stopping', 'stopped', 'crash-loop', 'failed'];

type Labels = Record<string, string>;
interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'summary';
  samples: { suffix?: string; labels: Labels; value: number }[];
}

/** Label value escaping of the 0.0.4 text format: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function renderFamily(f: Family): string {
  if (f.samples.length === 0) return '';
  const lines = [`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`];
  for (const s of f.samples) lines.push(`${f.name}${s.suffix ?? ''}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  return lines.join('\n') + '\n';
}

const blkCounters = [
  ['read_requests', 'readRequests', 'Disk read requests (virtio-blk, AHCI, NVMe)'],
  ['read_bytes', 'readBytes', 'Bytes read by disk read requests'],
  ['write_requests', 'writeRequests', 'Disk write requests (virtio-blk, AHCI, NVMe)'],
  ['write_bytes', 'writeBytes', 'Bytes written by disk write requests'],
  ['flush_requests', 'flushRequests', 'Disk flush requests'],
  ['discard_requests', 'discardRequests', 'Disk discard (TRIM, DSM) requests'],
  ['write_zeroes_requests', 'writeZeroesRequests', 'Disk write-zeroes requests'],
  ['errors', 'errors', 'Disk requests completed with an error status'],
  ['throttled', 'throttled', 'Times the disk rate limiter held a request back until its buckets refilled'],
] as const;

const netCounters = [
  ['rx_packets', 'rxPackets', 'Frames virtio-net delivered to the guest'],
  ['rx_bytes', 'rxBytes', 'Frame bytes virtio-net delivered to the guest (without the virtio-net header)'],
  ['rx_dropped', 'rxDropped', 'Frames from the tap dropped because the guest buffer was too small'],
  ['tx_packets', 'txPackets', 'Frames the guest sent through virtio-net'],
  ['tx_bytes', 'txBytes', 'Frame bytes the guest sent through virtio-net (without the virtio-net header)'],
  ['tx_dropped', 'txDropped', 'Frames the guest sent that were malformed or could not be written to the tap'],
  ['rx_throttled', 'rxThrottled', 'Times the NIC rate limiter held a received frame back in the tap'],
  ['tx_throttled', 'txThrottled', 'Times the NIC rate limiter held a sent frame back in the ring'],
] as const;

function vmFamilies(vms: VmMetrics[]): Family[] {
  const fam = (name: string, type: Family['type'], help: string): Family => ({ name, type, help, samples: [] });
  const state = fam('tshyve_vm_state', 'gauge', 'Current state of each declared VM (1 for its state, 0 for the others)');
  const restarts = fam('tshyve_vm_restarts_total', 'counter', 'Times the agent restarted the VM');
  const lastExit = fam(
    'tshyve_vm_last_exit_status',
    'gauge',
    'bhyve exit status of the last run (0 reboot, 1 poweroff, 2 halt, 3 triple fault, 4 error)',
  );
  const uptime = fam('tshyve_vm_uptime_seconds', 'gauge', 'Seconds since the running VM process started');
  const vcpus = fam('tshyve_vm_vcpus', 'gauge', 'Virtual CPUs of the VM');
  const memory = fam('tshyve_vm_memory_bytes', 'gauge', 'Guest memory of the VM in bytes');
  const exits = fam('tshyve_vm_exits_total', 'counter', 'KVM_RUN exits to the VMM by kind');
  const blk = blkCounters.map(([n, , help]) => fam(`tshyve_virtio_blk_${n}_total`, 'counter', help));
  const net = netCounters.map(([n, , help]) => fam(`tshyve_virtio_net_${n}_total`, 'counter', help));
  for (const vm of vms) {
    const v = { vm: vm.name };
    const states = vmStates.includes(vm.phase) ? vmStates : [...vmStates, vm.phase];
    for (const s of states) state.samples.push({ labels: { ...v, state: s }, value: s === vm.phase ? 1 : 0 });
    restarts.samples.push({ labels: v, value: vm.restarts });
    if (vm.lastExitStatus !== undefined) lastExit.samples.push({ labels: v, value: vm.lastExitStatus });
    if (vm.uptimeSeconds !== undefined) uptime.samples.push({ labels: v, value: vm.uptimeSeconds });
    vcpus.samples.push({ labels: v, value: vm.vcpus });
    memory.samples.push({ labels: v, value: vm.memoryBytes });
    if (!vm.stats) continue;
    for (const [kind, n] of Object.entries(vm.stats.exits)) exits.samples.push({ labels: { ...v, kind }, value: n });
    for (const d of vm.stats.disks)
      blkCounters.forEach(([, key], i) => blk[i]!.samples.push({ labels: { ...v, disk: d.path }, value: d[key] }));
    for (const n of vm.stats.nics)
      netCounters.forEach(([, key], i) => net[i]!.samples.push({ labels: { ...v, nic: n.tap }, value: n[key] }));
  }
  return [state, restarts, lastExit, uptime, vcpus, memory, exits, ...blk, ...net];
}

function agentFamilies(a: AgentMetrics): Family[] {
  const families: Family[] = [
    {
      name: 'tshyve_reconcile_duration_seconds',
      type: 'summary',
      help: 'Duration of reconcile passes',
      samples: [
        { suffix: '_sum', labels: {}, value: a.passDurationSecondsSum },
        { suffix: '_count', labels: {}, value: a.passes },
      ],
    },
    {
      name: 'tshyve_reconcile_last_duration_seconds',
      type: 'gauge',
      help: 'Duration of the last reconcile pass',
      samples: a.lastPassDurationSeconds === undefined ? [] : [{ labels: {}, value: a.lastPassDurationSeconds }],
    },
    {
      name: 'tshyve_reconcile_changes_total',
      type: 'counter',
      help: 'Changes applied by reconcile passes',
      samples: [{ labels: {}, value: a.changesApplied }],
    },
    {
      name: 'tshyve_reconcile_errors_total',
      type: 'counter',
      help: 'Reconcile passes that ended with an error',
      samples: [{ labels: {}, value: a.errors }],
    },
    {
      name: 'tshyve_held_back_files',
      type: 'gauge',
      help: 'Manifest files held back at their last good version because they are invalid',
      samples: [{ labels: {}, value: a.heldBackFiles }],
    },
    {
      name: 'tshyve_last_applied_revision_info',
      type: 'gauge',
      help: 'The git revision last applied (value 1)',
      samples: a.lastAppliedRevision === undefined ? [] : [{ labels: { revision: a.lastAppliedRevision }, value: 1 }],
    },
  ];
  return families;
}

/** The whole exposition (`Content-Type: text/plain; version=0.0.4`); families without samples are left out. */
export function renderMetrics(snapshot: MetricsSnapshot): string {
  return [...vmFamilies(snapshot.vms), ...agentFamilies(snapshot.agent)].map(renderFamily).join('');
}
