// `tshyve status`: what the watch agent of a state directory last did, and whether it still runs
// (exit codes in README). Reads the agent's status file only: no watch machinery is loaded.
import { formatDiagnostic } from '../manifest/diagnostics.js';
import { resolveStateDir } from '../state/paths.js';
import { appliedVmAddresses, primaryAddress } from '../state/guest-address.js';
import { isSameProcess } from '../state/process-identity.js';
import { displayPhase, observeVms } from '../supervise/observe-vms.js';
import { liveStandby } from '../supervise/standby.js';
import { readWatchStatus, type WatchStatus } from '../watch/watch-status.js';
import { expectPositionals, parseVerbArgs } from './parse-verb.js';
import { printJson, type Output } from './output.js';

/** `tshyve status` exit codes (README): the agent is healthy, degraded, not running, or never ran. */
export const STATUS_EXIT = { healthy: 0, degraded: 1, notRunning: 3, neverRan: 4 } as const;

type AgentState = 'running' | 'died' | 'stopped' | 'never-run';

function agentState(status: WatchStatus | undefined): AgentState {
  if (!status) return 'never-run';
  if (isSameProcess(status.pid, status.pidStartTicks) && !status.stoppedAt) return 'running';
  return status.stoppedAt ? 'stopped' : 'died';
}

function degradedReasons(status: WatchStatus): string[] {
  const reasons = status.errors.map((e) => `${e.code}: ${e.message}`);
  if (status.heldBack.length) reasons.push(`${status.heldBack.length} file(s) held at their last good version`);
  if (status.git?.error) reasons.push(`git ${status.git.error.kind}: ${status.git.error.message}`);
  return reasons;
}

/** Each VM of the state directory with its state and guest address, for `status`. */
async function vmAddressLines(stateDir: string): Promise<{ name: string; state: string; address: string | null; note?: string }[]> {
  const observed = await observeVms(stateDir);
  return Promise.all(
    observed.map(async (o) => ({
      name: o.name,
      state: displayPhase(o),
      address: primaryAddress(await appliedVmAddresses(stateDir, o.name)),
      // How this run began (`resumed from …`, `cold boot: …`) or why it stopped.
      ...(o.status.message ? { note: o.status.message } : {}),
    })),
  );
}

export async function statusCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('status', args);
  expectPositionals('status', positionals, 0);
  const stateDir = resolveStateDir(values['state-dir']);
  const status = await readWatchStatus(stateDir);
  const state = agentState(status);
  const degraded = status ? degradedReasons(status) : [];
  const vms = await vmAddressLines(stateDir);
  const code =
    state === 'never-run'
      ? STATUS_EXIT.neverRan
      : state !== 'running'
        ? STATUS_EXIT.notRunning
        : degraded.length
          ? STATUS_EXIT.degraded
          : STATUS_EXIT.healthy;
  const standby = await liveStandby(stateDir);
  if (values.json) {
    printJson(output, {
      ok: code === STATUS_EXIT.healthy,
      stateDir,
      agent: { state, ...(status ? { pid: status.pid, startedAt: status.startedAt, lastSeen: status.updatedAt } : {}) },
      standby: standby ? { pid: standby.pid, startedAt: standby.startedAt } : null,
      degraded,
      exitCode: code,
      status: status ?? null,
      vms,
    });
    return code;
  }
  const standbyLine = standby && `standby: pid ${standby.pid} idle since ${standby.startedAt} (a warm VM process for the next start)`;
  if (!status) {
    output.err(`no watch agent has run with state directory ${stateDir} (start one with \`tshyve watch DIR\`)`);
    if (standbyLine) output.out(standbyLine);
    return code;
  }
  if (state === 'running')
    output.out(`agent: running, pid ${status.pid}, watching ${status.dir} as host ${status.host} since ${status.startedAt}`);
  else if (state === 'stopped')
    output.out(
      `agent: stopped at ${status.stoppedAt} (pid ${status.pid}, watched ${status.dir}); VMs keep running, nothing reconciles them`,
    );
  else
    output.out(
      `agent: NOT RUNNING: pid ${status.pid} died without stopping (last seen ${status.updatedAt}); ` +
        `VMs keep running, nothing reconciles them: start it again with \`tshyve watch ${status.dir}\``,
    );
  const prev = status.previousAgent;
  if (prev?.ended === 'died')
    output.out(`previous agent: pid ${prev.pid} died without stopping (last seen ${prev.lastSeen}); this agent adopted its VMs`);
  if (status.lastSync)
    output.out(
      `last sync: ${status.lastSync.at} (${status.lastSync.trigger}) ${status.lastSync.ok ? 'ok' : 'FAILED'}, ` +
        `${status.lastSync.changes} change(s), ${status.lastSync.durationMs.toFixed(0)} ms`,
    );
  if (status.lastChanges) for (const line of status.lastChanges.lines) output.out(`  changed at ${status.lastChanges.at}: ${line}`);
  const git = status.git;
  if (git?.applied)
    output.out(
      `git: applied ${git.applied.revision.slice(0, 7)} "${git.applied.subject}" at ${git.applied.at}${git.lastPullAt ? `; last pull ${git.lastPullAt}` : ''}`,
    );
  if (git?.error) output.out(`git error (${git.error.kind}) at ${git.error.at}: ${git.error.message}`);
  output.out(`pending: ${status.pending ? 'yes' : 'no'}${status.nextRetryAt ? `, retry at ${status.nextRetryAt}` : ''}`);
  for (const e of status.errors) output.out(`error (${e.transient ? 'will retry' : 'waits for a change'}): ${e.code}: ${e.message}`);
  for (const f of status.heldBack) output.out(`held at last good version: ${f}`);
  for (const v of vms) output.out(`vm ${v.name}: ${v.state}, address ${v.address ?? '-'}${v.note ? ` (${v.note})` : ''}`);
  for (const d of status.diagnostics) output.out(formatDiagnostic(d));
  if (standbyLine) output.out(standbyLine);
  if (state === 'running' && degraded.length) output.out(`degraded: ${degraded.length} problem(s)`);
  return code;
}
