// The GitOps loop (controller-runtime style): file events, VM process deaths (seen at once through
// their control sockets) and crash-loop backoff timers only mark the state dirty; one reconcile runs
// at a time, debounced, plus a periodic resync with jitter. Each pass observes everything and
// converges. Transient errors retry with backoff; terminal ones wait for the next change. One agent
// per state directory (agent.lock); a new agent adopts the VM processes a dead one left running.
import { watch, type FSWatcher } from 'chokidar';
import { basename, join } from 'node:path';
import { isTshyveError, TshyveError } from '../errors.js';
import type { HostBackend } from '../host/backend.js';
import { EXIT_STATUS } from '../model/exit-status.js';
import { acquireLock, type StateLock } from '../state/lock.js';
import { statePaths } from '../state/paths.js';
import { isSameProcess, processStartTicks } from '../state/process-identity.js';
import { discoverManifests, isManifestName } from '../manifest/discover.js';
import { formatChanges } from '../reconcile/format-plan.js';
import { summarizeChanges } from '../reconcile/plan.js';
import { applyReconcile, planReconcile } from '../reconcile/reconcile.js';
import type { VmChange } from '../reconcile/vm-diff.js';
import { observeVms } from '../supervise/observe-vms.js';
import { prepareResumes, suspendForHostShutdown } from '../supervise/host-shutdown.js';
import { filterForHost, unplacedVms, type HostIdentity } from '../placement/host-filter.js';
import { LastGoodManifests } from './last-good.js';
import { readWatchStatus, writeWatchStatus, type WatchStatus } from './watch-status.js';
import { gitHead, pullRepository } from './git-sync.js';
import { VmMonitor } from './vm-monitor.js';
import { AgentTelemetry } from './agent-telemetry.js';

export interface WatchOptions {
  dir: string;
  stateDir: string;
  host: HostIdentity;
  netns?: string;
  resyncMs: number;
  debounceMs: number;
  gitIntervalMs?: number;
  prune?: boolean;
  /** Serve Prometheus metrics here (`127.0.0.1:9419`); off when absent. */
  metrics?: string;
  /** `--git --require-signed KEYRING`: apply only upstream heads signed by a key in this GnuPG home. */
  requireSignedBy?: string;
  /** The host backend (default Linux); tests pass a fake. */
  backend?: HostBackend;
  /** First retry delay after a transient failure, doubling up to a minute (default 1 s). */
  retryBaseMs?: number;
  log(line: string): void;
}

export interface PassResult {
  ok: boolean;
  changes: number;
  transient: boolean;
}

const TERMINAL_CODES = new Set(['TSHYVE_SPEC_INVALID', 'TSHYVE_PREFLIGHT_FAILED', 'TSHYVE_USAGE', 'TSHYVE_CONFLICT']);
const VM_VERBS: Record<string, string> = { create: 'start', update: 'restart', delete: 'stop' };

/** The agent log line of a VM change: `hello: restart (memory 32MiB → 64MiB)`. */
function describeVmChange(c: VmChange): string {
  return `${c.name}: ${VM_VERBS[c.action] ?? c.action} (${c.reasons.join(', ')})`;
}
const MAX_BACKOFF_MS = 60_000;
const SETTLE_MS = 300;

export class WatchLoop {
  private dirty = true;
  private trigger = 'start';
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private gitTimer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private failures = 0;
  private knownFiles = new Set<string>();
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastNotes = '';
  private scheduledRestarts = new Set<string>();
  private agentLock: StateLock | undefined;
  private monitor: VmMonitor | undefined;
  private readonly manifests: LastGoodManifests;
  private readonly status: WatchStatus;
  private readonly telemetry: AgentTelemetry;
  private heldBackBefore = new Set<string>();

  constructor(private readonly options: WatchOptions) {
    this.manifests = new LastGoodManifests(join(options.stateDir, 'last-good-manifests.json'));
    this.telemetry = new AgentTelemetry(options.stateDir, options.log);
    const ticks = processStartTicks(process.pid);
    this.status = {
      pid: process.pid,
      ...(ticks !== undefined ? { pidStartTicks: ticks } : {}),
      dir: options.dir,
      host: options.host.name,
      startedAt: new Date().toISOString(),
      pending: true,
      errors: [],
      diagnostics: [],
      heldBack: [],
      updatedAt: '',
    };
  }

  /**
   * Takes the agent lock (one agent per state directory) and notes how the previous agent ended: a
   * dead one's VM processes are still running and are adopted by the first pass.
   */
  private async takeOver(): Promise<void> {
    const paths = statePaths(this.options.stateDir);
    try {
      this.agentLock = await acquireLock(paths.agentLock, paths.dir);
    } catch (error) {
      if (isTshyveError(error) && error.code === 'TSHYVE_LOCKED')
        throw new TshyveError(
          'TSHYVE_LOCKED',
          `another watch agent is running for state directory ${this.options.stateDir} (${error.message})`,
        );
      throw error;
    }
    const before = await readWatchStatus(this.options.stateDir);
    if (before && before.pid !== process.pid) {
      const died = !before.stoppedAt && !isSameProcess(before.pid, before.pidStartTicks);
      this.status.previousAgent = {
        pid: before.pid,
        startedAt: before.startedAt,
        lastSeen: before.updatedAt,
        ended: died ? 'died' : 'stopped',
      };
      if (died)
        this.options.log(
          `the previous agent (pid ${before.pid}) died without stopping (last seen ${before.updatedAt}); ` +
            `adopting the VM processes it left running`,
        );
      if (before.git?.applied) this.status.git = { applied: before.git.applied };
    }
    await writeWatchStatus(this.options.stateDir, this.status).catch(() => {});
    const live = (await observeVms(this.options.stateDir)).filter((v) => v.alive);
    if (live.length)
      this.options.log(`adopted ${live.length} running VM process(es): ${live.map((v) => `${v.name} (pid ${v.status.pid})`).join(', ')}`);
  }

  /** Starts watching; resolves when `stop()` is called. */
  async start(): Promise<void> {
    await this.takeOver();
    await prepareResumes(this.options.stateDir, this.options.log);
    const exitSeen = new Set<string>();
    this.monitor = new VmMonitor({
      stateDir: this.options.stateDir,
      onEnded: (name, pid) => {
        this.options.log(`${name}: VM process ${pid} ended`);
        if (!exitSeen.delete(name))
          this.telemetry.emit({ type: 'vm-exited', vm: name, status: EXIT_STATUS.error, reason: `VM process ${pid} died` });
        this.markDirty(`${name} process ended`, 0);
      },
      onEvent: (name, event) => {
        if (event.type === 'guest-exited' && event.next === 'stop') exitSeen.add(name);
        if (event.type === 'guest-exited')
          this.telemetry.emit({
            type: 'vm-exited',
            vm: name,
            status: event.status,
            reason: event.next === 'restart' ? `${event.reason}; its VM process restarts it` : event.reason,
          });
        if (event.type === 'guest-started') this.telemetry.emit({ type: 'vm-started', vm: name, pid: event.pid });
      },
    });
    if (this.options.metrics)
      this.options.log(`serving metrics on http://${await this.telemetry.startMetrics(this.options.metrics, this.monitor)}/metrics`);
    this.watcher = watch(this.options.dir, {
      ignoreInitial: true,
      ignored: (path: string) => basename(path).startsWith('.') && path !== this.options.dir,
    });
    this.watcher.on('all', (_event: string, path: string) => {
      if (isManifestName(basename(path)) || !/\.[A-Za-z0-9]+$/.test(path)) this.markDirty(`changed ${basename(path)}`);
    });
    this.watcher.on('error', (error: unknown) => this.options.log(`watcher error: ${(error as Error).message}`));
    this.scheduleResync();
    if (this.options.gitIntervalMs) this.scheduleGit();
    this.schedule(0);
    await new Promise<void>((resolve) => (this.resolveStopped = resolve));
  }

  private resolveStopped: () => void = () => {};

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of [this.timer, this.resyncTimer, this.gitTimer, this.retryTimer]) if (t) clearTimeout(t);
    await this.watcher?.close();
    await this.running;
    // Only a started agent suspends (`onHostShutdown: suspend`): `watch --once` leaves the VMs be.
    if (this.monitor) await suspendForHostShutdown(this.options.stateDir, this.options.log).catch(() => []);
    this.monitor?.close();
    await this.telemetry.close();
    if (this.agentLock) {
      this.status.stoppedAt = new Date().toISOString();
      await writeWatchStatus(this.options.stateDir, this.status).catch(() => {});
      await this.agentLock.release();
    }
    this.resolveStopped();
  }

  markDirty(reason: string, debounceMs = this.options.debounceMs): void {
    this.dirty = true;
    this.trigger = reason;
    this.status.pending = true;
    this.schedule(debounceMs);
  }

  /** A crash-looping VM's next start is due at `at`: make sure a pass runs then. */
  private scheduleRetryAt(at: number | undefined): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (at === undefined || this.stopped) return;
    this.retryTimer = setTimeout(() => this.markDirty('crash-loop backoff elapsed', 0), Math.max(0, at - Date.now()));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runIfDirty(), delayMs);
  }

  private scheduleResync(): void {
    const jitter = this.options.resyncMs * (0.8 + Math.random() * 0.4);
    this.resyncTimer = setTimeout(() => {
      this.markDirty('resync');
      this.scheduleResync();
    }, jitter);
  }

  private scheduleGit(): void {
    this.gitTimer = setTimeout(async () => {
      const pulled = await pullRepository(
        this.options.dir,
        this.options.requireSignedBy ? { requireSignedBy: this.options.requireSignedBy } : {},
      ).catch((error: Error) => ({ changed: false, error: error.message, kind: 'other' as const }));
      const at = new Date().toISOString();
      const git = (this.status.git ??= {});
      git.lastPullAt = at;
      if (pulled.error) {
        git.error = { kind: pulled.kind ?? 'other', message: pulled.error, at };
        this.options.log(`git pull failed (${git.error.kind}): ${pulled.error}`);
      } else delete git.error;
      await writeWatchStatus(this.options.stateDir, this.status).catch(() => {});
      if (pulled.changed) this.markDirty('git pull', 0);
      if (!this.stopped) this.scheduleGit();
    }, this.options.gitIntervalMs);
  }

  private async runIfDirty(): Promise<void> {
    if (this.running) return; // the pass in flight reschedules when it ends
    if (!this.dirty || this.stopped) return;
    this.dirty = false;
    const trigger = this.trigger;
    let retryScheduled = false;
    this.running = (async () => {
      const result = await this.pass(trigger);
      if (!result.ok && result.transient) {
        this.failures++;
        const delay = Math.min(MAX_BACKOFF_MS, (this.options.retryBaseMs ?? 1000) * 2 ** Math.min(this.failures - 1, 6));
        this.status.nextRetryAt = new Date(Date.now() + delay).toISOString();
        this.options.log(`retrying in ${delay} ms`);
        this.dirty = true;
        this.trigger = 'retry';
        retryScheduled = true;
        this.schedule(delay);
      } else {
        this.failures = 0;
        delete this.status.nextRetryAt;
      }
      this.status.pending = this.dirty;
      await writeWatchStatus(this.options.stateDir, this.status).catch(() => {});
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    if (this.dirty && !retryScheduled) this.schedule(this.options.debounceMs);
  }

  /**
   * A file that vanished may be a checkout in progress rather than a deletion: wait until the set
   * of manifest files is the same twice in a row (bounded) before acting on it. Returns that set.
   */
  private async settleRemovals(): Promise<string[]> {
    const list = () => discoverManifests(this.options.dir);
    let files = await list();
    const vanished = () => [...this.knownFiles].some((f) => !files.includes(f));
    for (let round = 0; round < 5 && vanished(); round++) {
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const again = await list();
      const same = again.length === files.length && again.every((f, i) => f === files[i]);
      files = again;
      if (same) break;
    }
    this.knownFiles = new Set(files);
    return files;
  }

  /** After a pass: hold a line to every live VM process, and wake up when a backoff ends. */
  private async followVms(changes: VmChange[]): Promise<void> {
    const retries = changes.filter((c) => c.retryAt !== undefined);
    for (const c of retries)
      if (!this.scheduledRestarts.has(`${c.name}@${c.retryAt}`))
        this.telemetry.emit({
          type: 'restart-scheduled',
          vm: c.name,
          delayMs: Math.max(0, c.retryAt! - Date.now()),
          reason: c.reasons.join(', '),
        });
    this.scheduledRestarts = new Set(retries.map((c) => `${c.name}@${c.retryAt}`));
    this.scheduleRetryAt(retries.length ? Math.min(...retries.map((c) => c.retryAt!)) : undefined);
    if (!this.monitor) return;
    const observed = await observeVms(this.options.stateDir);
    const live = observed.filter((v) => v.alive && v.status.pid);
    this.monitor.sync(live.map((v) => ({ name: v.name, pid: v.status.pid! })));
    this.status.watchedVms = this.monitor.watched();
    // A guest that ended before the agent could hold a line to its process.
    const started = new Set(changes.filter((c) => c.action === 'create' || c.action === 'update').map((c) => c.name));
    const gone = observed.filter((v) => started.has(v.name) && !v.alive && !v.starting);
    if (gone.length) this.markDirty(`${gone.map((v) => v.name).join(', ')} ended right after starting`, 0);
  }

  /** One pass that also records watch-status.json (for `--once`). */
  async passOnce(): Promise<PassResult> {
    const result = await this.pass('once');
    this.status.pending = false;
    this.status.stoppedAt = new Date().toISOString();
    // A running agent's record is its own: a one-off pass beside it does not replace it.
    const current = await readWatchStatus(this.options.stateDir);
    const agentRuns = current && current.pid !== process.pid && !current.stoppedAt && isSameProcess(current.pid, current.pidStartTicks);
    if (!agentRuns) await writeWatchStatus(this.options.stateDir, this.status).catch(() => {});
    return result;
  }

  /** One reconcile: load (with last-good protection), filter for this host, plan, apply. */
  async pass(trigger: string): Promise<PassResult> {
    const started = performance.now();
    const { log } = this.options;
    const at = new Date().toISOString();
    this.status.errors = [];
    const finish = (ok: boolean, changes: number, transient: boolean): PassResult => {
      const durationMs = performance.now() - started;
      this.status.lastSync = { at, ok, durationMs, changes, trigger };
      this.telemetry.recorder.recordPass({ durationMs, changes, ok });
      if (changes > 0 || !ok) this.telemetry.emit({ type: 'pass', trigger, changes, ok, durationMs: Math.round(durationMs) });
      return { ok, changes, transient };
    };
    const fail = (code: string, message: string, transient: boolean) => this.status.errors.push({ at, code, message, transient });
    try {
      const loaded = await this.manifests.loadFiles(await this.settleRemovals(), { stateDir: this.options.stateDir });
      this.status.diagnostics = loaded.diagnostics;
      this.status.heldBack = loaded.heldBack;
      this.telemetry.recorder.setHeldBackFiles(loaded.heldBack.length);
      for (const file of loaded.heldBack) if (!this.heldBackBefore.has(file)) this.telemetry.emit({ type: 'file-held-back', file });
      this.heldBackBefore = new Set(loaded.heldBack);
      for (const d of loaded.diagnostics.filter((x) => x.severity === 'error'))
        log(`invalid: ${d.file}:${d.line}:${d.column} ${d.path} ${d.message}`);
      if (loaded.heldBack.length) log(`holding ${loaded.heldBack.length} file(s) at their last good version until fixed`);
      if (!loaded.result.ok) {
        fail('TSHYVE_SPEC_INVALID', 'the manifests have errors and no earlier good version exists; nothing was changed', false);
        return finish(false, 0, false);
      }
      const desired = filterForHost(loaded.result.state, this.options.host);
      const head = this.options.gitIntervalMs ? await gitHead(this.options.dir) : undefined;
      const at7 = head ? ` at ${head.revision.slice(0, 7)}` : '';
      const paths = statePaths(this.options.stateDir);
      const lock = await acquireLock(paths.lock, paths.dir);
      try {
        // An invalid file never seen valid may describe anything: delete nothing this pass.
        const unsure = loaded.unknownContent.length > 0;
        if (unsure) log(`not deleting anything: ${loaded.unknownContent.length} invalid file(s) have no earlier good version`);
        const planned = await planReconcile({
          desired,
          documentCount: unsure ? 0 : loaded.result.documentCount,
          ...(unsure ? { allowEmpty: false } : {}),
          stateDir: this.options.stateDir,
          mode: 'apply',
          ...(this.options.netns ? { netns: this.options.netns } : {}),
          prune: this.options.prune ?? false,
          honourBackoff: true,
          ...(this.options.backend ? { backend: this.options.backend } : {}),
          unplaced: unplacedVms(loaded.result.state, this.options.host),
        });
        const vmCounts = summarizeChanges(planned.vms.changes);
        const changes = planned.plan.steps.length + vmCounts.add + vmCounts.change + vmCounts.destroy;
        if (planned.problems.length) {
          for (const p of planned.problems) fail('TSHYVE_PREFLIGHT_FAILED', p.message, false);
          return finish(false, 0, false);
        }
        const notes = [...planned.plan.notes, ...planned.vms.notes];
        if (notes.join('\n') !== this.lastNotes) for (const n of notes) log(`note: ${n}`);
        this.lastNotes = notes.join('\n');
        const lines = [
          ...formatChanges(planned.plan),
          ...planned.vms.changes.filter((c) => c.action !== 'no-op' && !c.blocked).map(describeVmChange),
        ];
        if (changes > 0) {
          log(`${trigger}: applying ${changes} change(s)${at7}`);
          for (const line of lines) log(`${line}${at7}`);
          this.status.lastChanges = { at, lines: lines.map((l) => `${l}${at7}`) };
        }
        const result = await applyReconcile(planned, {
          stateDir: this.options.stateDir,
          ...(this.options.netns ? { netns: this.options.netns } : {}),
          onHostEvent: (e) => {
            if (e.type === 'step-failed') log(`step failed: ${e.failure.command.argv.join(' ')}: ${e.failure.stderrTail}`);
          },
          onVmEvent: (e) => {
            log(`${e.type} ${e.name}: ${e.ok ? 'ok' : 'failed'} ${e.detail}`);
            const pid = /^pid (\d+)$/.exec(e.detail)?.[1];
            if (e.type === 'vm-start' && e.ok && pid) this.telemetry.emit({ type: 'vm-started', vm: e.name, pid: Number(pid) });
          },
        });
        for (const f of result.vmStarts?.failures ?? []) fail('TSHYVE_VM_FAILED', `${f.name}: ${f.message}`, true);
        for (const n of result.vmStarts?.notReady ?? []) fail('TSHYVE_NOT_READY', `${n.name} started before ${n.message}`, true);
        if (result.host.failure)
          fail(
            'TSHYVE_HOST_COMMAND_FAILED',
            `${result.host.failure.command.argv.join(' ')} exited ${result.host.failure.exitCode}: ${result.host.failure.stderrTail}`,
            true,
          );
        if (changes > 0 || !result.ok) log(`${result.ok ? 'synced' : 'sync failed'} in ${(performance.now() - started).toFixed(0)} ms`);
        if (result.ok && head) {
          const git = (this.status.git ??= {});
          if (git.applied?.revision !== head.revision)
            this.telemetry.emit({ type: 'revision-applied', revision: head.revision, subject: head.subject });
          git.applied = { revision: head.revision, subject: head.subject, at };
          this.telemetry.recorder.setLastAppliedRevision(head.revision);
        }
        // Host resources changed by hand, put back on a pass no manifest change asked for.
        if (result.ok && !trigger.startsWith('changed') && trigger !== 'git pull') {
          for (const step of planned.plan.steps)
            this.telemetry.emit({
              type: 'drift-repaired',
              resource: `${step.change.kind} ${step.change.id}`,
              detail: step.change.reasons.join(', ') || step.change.action,
            });
        }
        await this.followVms(planned.vms.changes);
        return finish(result.ok, changes, !result.ok);
      } finally {
        await lock.release();
      }
    } catch (error) {
      const code = isTshyveError(error) ? error.code : 'TSHYVE_INTERNAL';
      const transient = !TERMINAL_CODES.has(code);
      log(`${transient ? 'transient' : 'terminal'} error: ${(error as Error).message}`);
      fail(code, (error as Error).message, transient);
      return finish(false, 0, transient);
    }
  }
}
