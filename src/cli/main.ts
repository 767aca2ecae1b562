// The tshyve command line: dispatches a verb from the verb table, answers --help and --version
// from it, and is the only place that turns errors into an exit code (and a JSON envelope).
import { isTshyveError, type TshyveErrorCode } from '../errors.js';
import { closestMatch } from '../manifest/suggest.js';
import { overviewHelp, verbHelp } from './help.js';
import { consoleOutput, type Output } from './output.js';
import { isVerbName, VERBS, type VerbName } from './verbs.js';

type Verb = (args: string[], output: Output) => Promise<number>;

/** Each verb's module is loaded only when that verb runs: `vm-run` and `ps` start without the rest. */
const lazy =
  <M>(load: () => Promise<M>, pick: (m: M) => Verb): Verb =>
  async (args, output) =>
    pick(await load())(args, output);
const spec = () => import('./spec-commands.js');
const host = () => import('./host-commands.js');
const vms = () => import('./vm-commands.js');
const watching = () => import('./watch-commands.js');
const bhyve = () => import('./bhyve-commands.js');
const snapshots = () => import('./snapshot-command.js');

const RUN: Record<VerbName, Verb> = {
  validate: lazy(spec, (m) => m.validateCommand),
  show: lazy(spec, (m) => m.showCommand),
  plan: lazy(host, (m) => m.planCommand),
  apply: lazy(host, (m) => m.applyCommand),
  destroy: lazy(host, (m) => m.destroyCommand),
  run: lazy(
    () => import('./run.js'),
    (m) => (a) => m.runCommand(a),
  ),
  ps: lazy(vms, (m) => m.psCommand),
  console: lazy(vms, (m) => (a) => m.consoleCommand(a)),
  logs: lazy(vms, (m) => m.logsCommand),
  start: lazy(vms, (m) => m.startCommand),
  stop: lazy(vms, (m) => m.stopCommand),
  restart: lazy(vms, (m) => m.restartCommand),
  snapshot: lazy(snapshots, (m) => m.snapshotCommand),
  restore: lazy(snapshots, (m) => m.restoreCommand),
  ssh: lazy(
    () => import('./ssh-command.js'),
    (m) => m.sshCommand,
  ),
  wait: lazy(
    () => import('./wait-command.js'),
    (m) => m.waitCommand,
  ),
  watch: lazy(watching, (m) => m.watchCommand),
  events: lazy(
    () => import('./events-command.js'),
    (m) => m.eventsCommand,
  ),
  status: lazy(
    () => import('./status-command.js'),
    (m) => m.statusCommand,
  ),
  autostart: lazy(watching, (m) => m.autostartCommand),
  compile: lazy(bhyve, (m) => m.compileCommand),
  import: lazy(bhyve, (m) => m.importCommand),
  'vm-run': lazy(
    () => import('./vm-run-command.js'),
    (m) => m.vmRunCommand,
  ),
  'image-prepare': lazy(
    () => import('./image-prepare-command.js'),
    (m) => m.imagePrepareCommand,
  ),
};

/** Read only when asked: importing node:fs is work `--help` and the verbs that do not read files skip. */
export async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `tshyve ${pkg.version}`;
}

/** `--help` or `-h` among the flags (not after `--`). */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** What a failure says to a person: the error's own message, or what was needed, never a stack (unless TSHYVE_DEBUG=1). */
export function describeFailure(error: unknown): { code: TshyveErrorCode; message: string } {
  if (isTshyveError(error)) return { code: error.code, message: error.message };
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') {
    return {
      code: 'TSHYVE_PERMISSION',
      message: `permission denied${e.path ? ` on ${e.path}` : ''}: run as root, or give --state-dir a directory you own`,
    };
  }
  if (e instanceof TypeError && e.code?.startsWith('ERR_PARSE_ARGS')) return { code: 'TSHYVE_USAGE', message: e.message };
  const debug = process.env.TSHYVE_DEBUG === '1';
  return {
    code: 'TSHYVE_INTERNAL',
    message: `internal error: ${debug ? (e?.stack ?? String(error)) : (e?.message ?? String(error))}${debug ? '' : ' (TSHYVE_DEBUG=1 shows the stack)'}`,
  };
}

export async function main(argv: string[], output: Output = consoleOutput): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb) {
    output.err(overviewHelp());
    return 2;
  }
  if (verb === '-h' || verb === '--help' || verb === 'help') {
    const about = rest[0];
    if (about && isVerbName(about)) output.out(verbHelp(about));
    else output.out(overviewHelp());
    return 0;
  }
  if (verb === '--version' || verb === '-V' || verb === 'version') {
    output.out(await version());
    return 0;
  }
  if (!isVerbName(verb)) {
    const guess = closestMatch(verb, Object.keys(VERBS));
    output.err(`tshyve: unknown command \`${verb}\`${guess ? `; did you mean \`${guess}\`?` : ''}\n${overviewHelp()}`);
    return 2;
  }
  if (asksForHelp(rest)) {
    output.out(verbHelp(verb));
    return 0;
  }
  try {
    return await RUN[verb](rest, output);
  } catch (error) {
    const failure = describeFailure(error);
    if (rest.includes('--json')) output.out(JSON.stringify({ ok: false, error: failure }, null, 2));
    output.err(`tshyve ${verb}: ${failure.message}`);
    return failure.code === 'TSHYVE_USAGE' ? 2 : 1;
  }
}
