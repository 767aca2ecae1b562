// `tshyve watch DIR` (the GitOps agent), `tshyve status` (what it last did) and
// `tshyve autostart enable|disable|status DIR` (run the agent at boot).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TshyveError } from '../errors.js';
import { formatDiagnostic } from '../spec/diagnostics.js';
import { parseDuration } from '../spec/units.js';
import { resolveStateDir } from '../state/paths.js';
import { disableSystemdUnit, enableSystemdUnit, renderFreebsdRcScript, systemdUnitStatus, type AgentCommand } from '../watch/autostart.js';
import { readWatchStatus } from '../watch/watch-status.js';
import { WatchLoop } from '../watch/watch-loop.js';
import { checkNetns, hostFromFlags, HOST_OPTIONS } from './common-flags.js';
import { printJson, type Output } from './output.js';

const WATCH_OPTIONS = {
  'state-dir': { type: 'string' },
  netns: { type: 'string' },
  ...HOST_OPTIONS,
  resync: { type: 'string', default: '30s' },
  debounce: { type: 'string', default: '200ms' },
  git: { type: 'boolean', default: false },
  'git-interval': { type: 'string', default: '60s' },
  once: { type: 'boolean', default: false },
  prune: { type: 'boolean', default: false },
} as const;

function duration(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new TshyveError('TSHYVE_USAGE', `--${flag} expects a duration such as 30s, got ${JSON.stringify(text)}`);
  return ms;
}

export async function watchCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: WATCH_OPTIONS });
  if (positionals.length !== 1) throw new TshyveError('TSHYVE_USAGE', 'usage: tshyve watch DIR [--once] [--resync 30s] [--host NAME] [--host-label k=v] [--git [--git-interval 60s]] [--state-dir DIR] [--netns NAME]');
  if (values.netns !== undefined) checkNetns(values.netns);
  const loop = new WatchLoop({
    dir: positionals[0]!,
    stateDir: resolveStateDir(values['state-dir']),
    host: hostFromFlags(values),
    ...(values.netns ? { netns: values.netns } : {}),
    resyncMs: duration('resync', values.resync!),
    debounceMs: duration('debounce', values.debounce!),
    ...(values.git ? { gitIntervalMs: duration('git-interval', values['git-interval']!) } : {}),
    prune: values.prune!,
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

export async function statusCommand(args: string[], output: Output): Promise<number> {
  const { values } = parseArgs({ args, options: { 'state-dir': { type: 'string' }, json: { type: 'boolean', default: false } } });
  const status = await readWatchStatus(resolveStateDir(values['state-dir']));
  if (values.json) {
    printJson(output, status ?? null);
    return status ? 0 : 1;
  }
  if (!status) {
    output.err('no watch agent has run with this state directory (start one with `tshyve watch DIR`)');
    return 1;
  }
  output.out(`agent pid ${status.pid} watching ${status.dir} as host ${status.host} since ${status.startedAt}`);
  if (status.lastSync) output.out(`last sync: ${status.lastSync.at} (${status.lastSync.trigger}) ${status.lastSync.ok ? 'ok' : 'FAILED'}, ${status.lastSync.changes} change(s), ${status.lastSync.durationMs.toFixed(0)} ms`);
  output.out(`pending: ${status.pending ? 'yes' : 'no'}${status.nextRetryAt ? `, retry at ${status.nextRetryAt}` : ''}`);
  for (const e of status.errors) output.out(`error (${e.transient ? 'will retry' : 'waits for a change'}): ${e.code}: ${e.message}`);
  for (const f of status.heldBack) output.out(`held at last good version: ${f}`);
  for (const d of status.diagnostics) output.out(formatDiagnostic(d));
  return status.errors.length ? 1 : 0;
}

export async function autostartCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'state-dir': { type: 'string' }, 'unit-dir': { type: 'string' }, host: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const [action, dir] = positionals;
  const unitDir = values['unit-dir'] ?? '/etc/systemd/system';
  if (action === 'status') {
    const s = await systemdUnitStatus(unitDir);
    if (values.json) printJson(output, s);
    else output.out(`unit ${s.installed ? 'installed' : 'not installed'}${s.enabled ? `, ${s.enabled}` : ''}${s.active ? `, ${s.active}` : ''}`);
    return 0;
  }
  if (action === 'disable') {
    for (const line of (await disableSystemdUnit(unitDir)).actions) output.out(line);
    return 0;
  }
  if (action !== 'enable' || !dir) throw new TshyveError('TSHYVE_USAGE', 'usage: tshyve autostart enable DIR | disable | status [--state-dir DIR] [--unit-dir DIR]');
  const cmd: AgentCommand = {
    node: process.execPath,
    bin: fileURLToPath(new URL('../../bin/tshyve.js', import.meta.url)),
    dir,
    stateDir: resolveStateDir(values['state-dir']),
    extraArgs: values.host ? ['--host', values.host] : [],
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
