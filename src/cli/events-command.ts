// `tshyve events`: the agent's event journal, then each new event as it happens (like
// `limactl watch --json`): one JSON object per line with --json, the agent's log line otherwise.
import { TshyveError } from '../errors.js';
import { parseDuration } from '../manifest/units.js';
import { resolveStateDir } from '../state/paths.js';
import { formatEvent } from '../watch/events.js';
import { followEvents } from '../watch/events-follow.js';
import type { Output } from './output.js';
import { parseVerbArgs } from './parse-verb.js';

const USAGE = 'usage: tshyve events [--json] [--since DURATION|TIME] [--no-follow] [--state-dir DIR]';

/** `--since 10m` (a duration back from now) or an ISO 8601 time. */
export function parseSince(text: string, now = Date.now()): Date {
  const ms = parseDuration(text);
  if (ms !== undefined) return new Date(now - ms);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text))) return new Date(text);
  throw new TshyveError(
    'TSHYVE_USAGE',
    `--since ${JSON.stringify(text)}: expected a duration such as 90s, 10m, 1h30m or an ISO 8601 time\n${USAGE}`,
  );
}

export async function eventsCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('events', args);
  if (positionals.length > 0) throw new TshyveError('TSHYVE_USAGE', USAGE);
  const since = values.since === undefined ? undefined : parseSince(values.since);
  const stateDir = resolveStateDir(values['state-dir']);
  const print = (event: Parameters<typeof formatEvent>[0]) => output.out(values.json ? JSON.stringify(event) : formatEvent(event));
  const follow = !values['no-follow'];
  // Listening before the journal is read: a Ctrl-C at any point ends cleanly with 0. A closed
  // stdout (`tshyve events | head -1`) ends it too.
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  if (follow) {
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.stdout.on('error', stop);
  }
  try {
    const follower = await followEvents(stateDir, {
      follow,
      onEvent: print,
      onError: (error) => output.err(`tshyve events: ${error.message}`),
      ...(since ? { since } : {}),
    }).catch((cause: unknown) => {
      const code = (cause as NodeJS.ErrnoException).code;
      const why =
        code === 'EACCES' || code === 'EPERM'
          ? 'permission denied (run as root, or give --state-dir a directory you own)'
          : (cause as Error).message;
      throw new TshyveError('TSHYVE_NOT_FOUND', `cannot read events in ${stateDir}: ${why}`, { cause });
    });
    if (follow) await stopped;
    await follower.close();
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.stdout.off('error', stop);
  }
}
