// The agent's open line to every VM process it supervises (their control sockets): when a process
// dies the kernel closes the connection and the agent reconciles at once, instead of on the next
// resync. Guest events pushed by the processes are passed on; counters are asked for on demand.
import { connectControl, type ControlConnection, type ControlEvent } from '../supervise/control-socket.js';
import { isVmProcess } from '../supervise/process-control.js';
import { vmFiles } from '../state/vm-files.js';

const CONNECT_ATTEMPTS = 30;
const CONNECT_RETRY_MS = 100;

export interface VmMonitorOptions {
  stateDir: string;
  /** A VM process's connection closed: it ended (or closed its socket). */
  onEnded(name: string, pid: number): void;
  onEvent?(name: string, event: ControlEvent): void;
}

export class VmMonitor {
  private readonly connections = new Map<string, { pid: number; connection?: ControlConnection; closing: boolean }>();

  constructor(private readonly options: VmMonitorOptions) {}

  /** Watches exactly these live VM processes: connects to new ones, lets go of the rest. */
  sync(live: { name: string; pid: number }[]): void {
    const wanted = new Map(live.map((v) => [v.name, v.pid]));
    for (const [name, entry] of this.connections) {
      if (wanted.get(name) === entry.pid) continue;
      entry.closing = true;
      entry.connection?.close();
      this.connections.delete(name);
    }
    // Connecting may take a few retries; the pass does not wait for it.
    for (const v of live.filter((x) => !this.connections.has(x.name))) void this.connect(v.name, v.pid);
  }

  private async connect(name: string, pid: number): Promise<void> {
    const entry: { pid: number; connection?: ControlConnection; closing: boolean } = { pid, closing: false };
    this.connections.set(name, entry);
    // A live process may not listen yet (starting) or any more (ending): try again briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        entry.connection = await connectControl(
          vmFiles(this.options.stateDir, name).controlSocket,
          (event) => this.options.onEvent?.(name, event),
          () => {
            if (this.connections.get(name) === entry) this.connections.delete(name);
            if (!entry.closing) this.options.onEnded(name, pid);
          },
        );
        if (entry.closing) entry.connection.close();
        return;
      } catch {
        if (entry.closing) return;
        if (!isVmProcess(pid, name)) {
          if (this.connections.get(name) === entry) this.connections.delete(name);
          this.options.onEnded(name, pid);
          return;
        }
        if (attempt >= CONNECT_ATTEMPTS) {
          // A live process without a control socket (an older tshyve): the resync watches it.
          if (this.connections.get(name) === entry) this.connections.delete(name);
          return;
        }
        await new Promise((r) => setTimeout(r, CONNECT_RETRY_MS));
      }
    }
  }

  /** Counters of every watched VM process that answers (for metrics). */
  async stats(timeoutMs = 500): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    await Promise.all(
      [...this.connections].map(async ([name, entry]) => {
        const s = await entry.connection?.stats(timeoutMs);
        if (s !== undefined) out.set(name, s);
      }),
    );
    return out;
  }

  watched(): string[] {
    return [...this.connections.keys()].sort();
  }

  close(): void {
    for (const entry of this.connections.values()) {
      entry.closing = true;
      entry.connection?.close();
    }
    this.connections.clear();
  }
}
