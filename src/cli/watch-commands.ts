// `tshyve watch DIR` (the GitOps agent), `tshyve status` (what it last did) and
// `tshyve autostart enable|disable|status DIR` (run the agent at boot).
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TshyveError } from '../errors.js';
import { formatDiagnostic } from '../manifest/diagnostics.js';
import { parseDuration } from '../manifest/units.js';
import { resolveStateDir } from '../state/paths.js';
import { disableSystemdUnit, enableSystemdUnit, renderFreebsdRcScript, systemdUnitStatus, type AgentCommand } from '../watch/autostart.js';
import { isSameProcess } from '../state/process-identity.js';
import { liveStandby } from '../supervise/standby.js';
import { readWatchStatus, type WatchStatus } from '../watch/watch-status.js';
import { WatchLoop } from '../watch/watch-loop.js';
import { parseMetricsAddress } from '../watch/metrics-server.js';
import { checkNetns, hostFromFlags } from './common-flags.js';
import { WATCH } from './flags.js';
import { expectPositionals, parseVerbArgs, usageLine } from './parse-verb.js';
import { printJson, type Output } from './output.js';

function duration(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new TshyveError('TSHYVE_USAGE', `--${flag} expects a duration such as 30s, got ${JSON.stringify(text)}`);
  return ms;
}

/** `--require-signed` only means something with `--git`, and names an existing keyring directory. */
function requireGit(values: { git?: boolean; 'require-signed'?: string }): string {
  if (!values.git) throw new TshyveError('TSHYVE_USAGE', '--require-signed needs --git: it checks the commits the agent pulls');
  const keyring = values['require-signed']!;
  if (!existsSync(keyring))
    throw new TshyveError(
      'TSHYVE_NOT_FOUND',
      `--require-signed ${keyring}: no such GnuPG home (create it with \`gpg --homedir ${keyring} --import KEYS.asc\`)`,
    );
  return keyring;
}

export async function watchCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('watch', args);
  expectPositionals('watch', positionals, 1);
  if (values.netns !== undefined) checkNetns(values.netns);
  const loop = new WatchLoop({
    dir: resolve(positionals[0]!),
    stateDir: resolveStateDir(values['state-dir']),
    host: hostFromFlags(values),
    ...(values.netns ? { netns: values.netns } : {}),
    resyncMs: duration('resync', values.resync!),
    debounceMs: duration('debounce', values.debounce!),
    ...(values.git ? { gitIntervalMs: duration('git-interval', values['git-interval']!) } : {}),
    prune: values.prune!,
    ...(values.metrics ? { metrics: values.metrics } : {}),
    ...(values['require-signed'] ? { requireSignedBy: resolve(requireGit(values)) } : {}),
    log: (line) => output.out(`${new Date().toISOString()} ${line}`),
  });
  if (values.once) {
    const result = await loop.passOnce();
    return result.ok ? 0 : 1;
  }
  const stop = () => void loop.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  output.out(`${new Date().toISOString()} watching ${positionals[0]} (resync every ${values.resync})`);
  await loop.start();
  return 0;
}

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

export async function statusCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('status', args);
  expectPositionals('status', positionals, 0);
  const stateDir = resolveStateDir(values['state-dir']);
  const status = await readWatchStatus(stateDir);
  const state = agentState(status);
  const degraded = status ? degradedReasons(status) : [];
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
  for (const d of status.diagnostics) output.out(formatDiagnostic(d));
  if (standbyLine) output.out(standbyLine);
  if (state === 'running' && degraded.length) output.out(`degraded: ${degraded.length} problem(s)`);
  return code;
}

/** The `watch` flags given on this command line, as argv for the agent's unit (defaults left out). */
function watchFlagsArgv(values: Record<string, unknown>): string[] {
  const argv: string[] = [];
  for (const [flag, spec] of Object.entries(WATCH)) {
    if (flag === 'state-dir') continue;
    const value = values[flag];
    const fallback = (spec as { default?: unknown }).default;
    if (value === undefined || JSON.stringify(value) === JSON.stringify(fallback)) continue;
    if (spec.type === 'boolean') {
      if (value) argv.push(`--${flag}`);
    } else if (Array.isArray(value)) for (const v of value) argv.push(`--${flag}`, String(v));
    else argv.push(`--${flag}`, String(value));
  }
  return argv;
}

export async function autostartCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('autostart', args);
  const [action, dir] = positionals;
  const unitDir = values['unit-dir'] ?? '/etc/systemd/system';
  if (action === 'status') {
    const s = await systemdUnitStatus(unitDir);
    if (values.json) printJson(output, { ok: true, ...s });
    else
      output.out(
        `unit ${s.installed ? 'installed' : 'not installed'}${s.enabled ? `, ${s.enabled}` : ''}${s.active ? `, ${s.active}` : ''}`,
      );
    return 0;
  }
  if (action === 'disable') {
    for (const line of (await disableSystemdUnit(unitDir)).actions) output.out(line);
    return 0;
  }
  if (action !== 'enable' || !dir || positionals.length !== 2) throw new TshyveError('TSHYVE_USAGE', usageLine('autostart'));
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory())
    throw new TshyveError('TSHYVE_NOT_FOUND', `${dir} is not a directory: give the directory of manifests the agent should watch`);
  if (values.netns !== undefined) checkNetns(values.netns);
  for (const flag of ['resync', 'debounce', 'git-interval'] as const) duration(flag, values[flag]!);
  hostFromFlags(values);
  if (values.metrics) parseMetricsAddress(values.metrics);
  const cmd: AgentCommand = {
    node: process.execPath,
    bin: fileURLToPath(new URL('../../bin/tshyve.js', import.meta.url)),
    dir,
    stateDir: resolveStateDir(values['state-dir']),
    extraArgs: watchFlagsArgv(values),
  };
  if (process.platform === 'freebsd') {
    const { script, rcConf } = renderFreebsdRcScript(cmd);
    output.out('# install as /usr/local/etc/rc.d/tshyve (mode 0555):');
    output.out(script);
    output.out('# then add to /etc/rc.conf:');
    for (const l of rcConf) output.out(l);
    return 0;
  }
  for (const line of (await enableSystemdUnit(cmd, unitDir)).actions) output.out(line);
  return 0;
}
