// `tshyve watch DIR` (the GitOps agent) and `tshyve autostart enable|disable|status DIR` (run the
// agent at boot); `tshyve status` is status-command.ts.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TshyveError } from '../errors.js';
import { parseDuration } from '../manifest/units.js';
import { resolveStateDir } from '../state/paths.js';
import { disableSystemdUnit, enableSystemdUnit, renderFreebsdRcScript, systemdUnitStatus, type AgentCommand } from '../watch/autostart.js';
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
