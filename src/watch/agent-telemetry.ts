// What the agent tells the world besides its log: the event journal (`tshyve events`) and, when
// asked for with `--metrics`, a Prometheus endpoint over the VMs (with their VMMs' counters) and the
// reconcile passes. Every event also goes to the agent's log.
import type { VmStats } from '../runtime/vm.js';
import { displayPhase, observeVms } from '../supervise/observe-vms.js';
import { appendEvent, formatEvent, type NewEvent } from './events.js';
import { AgentMetricsRecorder, type MetricsSnapshot } from './metrics.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import type { VmMonitor } from './vm-monitor.js';

export class AgentTelemetry {
  readonly recorder = new AgentMetricsRecorder();
  private server: MetricsServer | undefined;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly stateDir: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Journals the event (in order, never failing the caller) and logs it. */
  emit(event: NewEvent): void {
    this.writes = this.writes
      .then(() => appendEvent(this.stateDir, event))
      .then((written) => this.log(`event: ${formatEvent(written).slice(written.at.length + 1)}`))
      .catch((error: Error) => this.log(`cannot journal an event: ${error.message}`));
  }

  async startMetrics(address: string, monitor: VmMonitor): Promise<string> {
    this.server = await startMetricsServer(address, () => this.snapshot(monitor));
    return `${this.server.address}:${this.server.port}`;
  }

  async snapshot(monitor: VmMonitor | undefined): Promise<MetricsSnapshot> {
    const [observed, stats] = await Promise.all([
      observeVms(this.stateDir),
      monitor?.stats() ?? Promise.resolve(new Map<string, unknown>()),
    ]);
    return {
      vms: observed.map((o) => {
        const s = o.status;
        const up = o.alive && s.phase === 'running' && s.startedAt ? (Date.now() - Date.parse(s.startedAt)) / 1000 : undefined;
        const vmStats = stats.get(o.name) as VmStats | undefined;
        return {
          name: o.name,
          phase: !o.alive && o.hold ? 'held' : displayPhase(o),
          restarts: s.restarts,
          vcpus: s.vcpus,
          memoryBytes: s.memoryBytes,
          ...(s.lastExit ? { lastExitStatus: s.lastExit.status } : {}),
          ...(up !== undefined ? { uptimeSeconds: up } : {}),
          ...(vmStats ? { stats: vmStats } : {}),
        };
      }),
      agent: this.recorder.snapshot(),
    };
  }

  async close(): Promise<void> {
    await this.writes;
    await this.server?.close();
  }
}
