// The tshyve command line: dispatches a verb and is the only place that turns errors into an exit code.
import { isTshyveError } from '../errors.js';
import { consoleOutput, type Output } from './output.js';
import { showCommand, validateCommand } from './spec-commands.js';
import { compileCommand, importCommand } from './bhyve-commands.js';
import { applyCommand, destroyCommand, planCommand } from './host-commands.js';
import { runCommand } from './run.js';
import { autostartCommand, statusCommand, watchCommand } from './watch-commands.js';
import { consoleCommand, logsCommand, psCommand, restartCommand, startCommand, stopCommand, vmRunCommand } from './vm-commands.js';

type Verb = (args: string[], output: Output) => Promise<number>;

const VERBS: Record<string, { run: Verb; help: string }> = {
  validate: { run: validateCommand, help: 'validate DIR            check manifests; exit 1 on errors' },
  show: { run: showCommand, help: 'show DIR                print the resolved desired state (--json)' },
  plan: { run: planCommand, help: 'plan DIR                show host changes (--json, --detailed-exitcode, --netns, --state-dir)' },
  apply: { run: applyCommand, help: 'apply DIR               make the host match the specs (--keep-partial, --prune, --allow-empty)' },
  run: { run: (a) => runCommand(a), help: 'run FILE|NAME [--dir vms/]  run one VM in the foreground, com1 on the terminal (Ctrl-] quits)' },
  ps: { run: psCommand, help: 'ps                      list VMs: state, pid, uptime, vCPUs, memory, restarts, last exit (--json)' },
  console: { run: (a) => consoleCommand(a), help: 'console NAME [--port comN]  attach to com1 or another port (Ctrl-] detaches; the VM keeps running)' },
  logs: { run: logsCommand, help: 'logs NAME [-f] [--port comN]  console log of com1 or another port (--vmm: the VM process log, --firmware: SeaBIOS debug log)' },
  start: { run: startCommand, help: 'start NAME              start one VM from --dir (default vms/)' },
  stop: { run: stopCommand, help: 'stop NAME               ACPI power button, then force after the stop timeout' },
  restart: { run: restartCommand, help: 'restart NAME            stop, then start' },
  watch: { run: watchCommand, help: 'watch DIR               keep the host converged with DIR (--once, --resync, --host, --git)' },
  status: { run: statusCommand, help: 'status                  what the watch agent last did: sync time, pending, errors' },
  autostart: { run: autostartCommand, help: 'autostart enable DIR    run the agent at boot (systemd; FreeBSD: prints rc.d) | disable | status' },
  'vm-run': { run: vmRunCommand, help: 'vm-run NAME             (internal) the body of one VM process' },
  compile: { run: compileCommand, help: 'compile --target bhyve DIR  bhyve(8) argv, FreeBSD host setup, rc.d (--out DIR, --json)' },
  import: { run: importCommand, help: 'import bhyve -- ARGV    bhyve command line or --file vmrun-style script -> manifests' },
  destroy: { run: destroyCommand, help: 'destroy DIR             remove owned bridges/taps; volumes only with reclaimPolicy Delete + --prune' },
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
