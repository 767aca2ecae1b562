// The tshyve command line: dispatches a verb and is the only place that turns errors into an exit code.
import { isTshyveError } from '../errors.js';
import { consoleOutput, type Output } from './output.js';

type Verb = (args: string[], output: Output) => Promise<number>;

/** Each verb's module is loaded only when that verb runs: `vm-run` and `ps` start without the rest. */
const lazy = <M>(load: () => Promise<M>, pick: (m: M) => Verb): Verb => async (args, output) => pick(await load())(args, output);
const spec = () => import('./spec-commands.js');
const host = () => import('./host-commands.js');
const vms = () => import('./vm-commands.js');
const watching = () => import('./watch-commands.js');
const bhyve = () => import('./bhyve-commands.js');

const VERBS: Record<string, { run: Verb; help: string }> = {
  validate: { run: lazy(spec, (m) => m.validateCommand), help: 'validate DIR            check manifests; exit 1 on errors' },
  show: { run: lazy(spec, (m) => m.showCommand), help: 'show DIR                print the resolved desired state (--json)' },
  plan: { run: lazy(host, (m) => m.planCommand), help: 'plan DIR                show host and VM changes (--json, --detailed-exitcode, --netns, --state-dir)' },
  apply: { run: lazy(host, (m) => m.applyCommand), help: 'apply DIR               make the host match the specs (--keep-partial, --prune, --allow-empty, --restart-stopped)' },
  run: { run: lazy(() => import('./run.js'), (m) => (a) => m.runCommand(a)), help: 'run FILE|NAME [--dir vms/]  run one VM in the foreground, com1 on the terminal (Ctrl-] quits)' },
  ps: { run: lazy(vms, (m) => m.psCommand), help: 'ps [NAME]               declared VMs: state, pid, uptime, vCPUs, memory, restarts, last exit (--json)' },
  console: { run: lazy(vms, (m) => (a) => m.consoleCommand(a)), help: 'console NAME [--port comN]  attach to com1 or another port (Ctrl-] detaches; the VM keeps running)' },
  logs: { run: lazy(vms, (m) => m.logsCommand), help: 'logs NAME [-f] [--port comN]  console log of com1 or another port (--vmm: the VM process log, --firmware: SeaBIOS debug log)' },
  start: { run: lazy(vms, (m) => m.startCommand), help: 'start NAME              start a VM as last applied (releases a `stop` hold; --state-dir, --netns)' },
  stop: { run: lazy(vms, (m) => m.stopCommand), help: 'stop NAME               ACPI power button, force after the stop timeout; held down until `start`' },
  restart: { run: lazy(vms, (m) => m.restartCommand), help: 'restart NAME            check it can start, stop, start (--state-dir, --netns)' },
  watch: { run: lazy(watching, (m) => m.watchCommand), help: 'watch DIR               keep the host converged with DIR (--once, --resync, --host, --git)' },
  events: { run: lazy(() => import('./events-command.js'), (m) => m.eventsCommand), help: 'events [--json] [--since 10m]  what the agent did, then each new event as it happens (Ctrl-C ends)' },
  status: { run: lazy(watching, (m) => m.statusCommand), help: 'status                  is the agent alive, what it last did, git revision, errors (exit 0/1/3/4)' },
  autostart: { run: lazy(watching, (m) => m.autostartCommand), help: 'autostart enable DIR    run the agent at boot (systemd; FreeBSD: prints rc.d) | disable | status' },
  'vm-run': { run: lazy(() => import('./vm-run-command.js'), (m) => m.vmRunCommand), help: 'vm-run NAME             (internal) the body of one VM process' },
  compile: { run: lazy(bhyve, (m) => m.compileCommand), help: 'compile --target bhyve DIR  bhyve(8) argv, FreeBSD host setup, rc.d (--out DIR, --json)' },
  import: { run: lazy(bhyve, (m) => m.importCommand), help: 'import bhyve -- ARGV    bhyve command line or --file vmrun-style script -> manifests' },
  destroy: { run: lazy(host, (m) => m.destroyCommand), help: 'destroy DIR             remove owned bridges/taps; volumes only with reclaimPolicy Delete + --prune' },
};

export function usage(): string {
  return ['usage: tshyve <command> [options]', '', 'commands:', ...Object.values(VERBS).map((v) => `  ${v.help}`)].join('\n');
}

export async function main(argv: string[], output: Output = consoleOutput): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '-h' || verb === '--help' || verb === 'help') {
    output.out(usage());
    return verb ? 0 : 2;
  }
  const command = VERBS[verb];
  if (!command) {
    output.err(`tshyve: unknown command \`${verb}\`\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, output);
  } catch (error) {
    if (isTshyveError(error)) {
      output.err(`tshyve ${verb}: ${error.message}`);
      return error.code === 'TSHYVE_USAGE' ? 2 : 1;
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      output.err(`tshyve ${verb}: ${error.message}`);
      return 2;
    }
    output.err(`tshyve ${verb}: internal error: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  }
}
