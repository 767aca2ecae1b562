// Runs the `ip` commands of consecutive steps as one `ip [-n NS] -batch -` process (ip(8): one command
// per stdin line). Without -force ip stops at the first failing line and names it ("Command failed
// -:N"), so what ran is exactly the lines before it: the failure maps back to its step and command.
import type { BatchOptions, BatchOutcome, CommandResult } from './backend.js';
import type { HostCommand } from './operations.js';
import { spawnCommand } from './spawn-command.js';

/** Words ip's batch line splitter takes as they are: no blanks, quotes, backslashes or `#` comments. */
const PLAIN_WORD = /^[A-Za-z0-9_.:/@%+=,-]+$/;

/** `ip` plus its namespace option: the part of the argv a batch runs once. */
function prefixOf(netns: string | undefined): string[] {
  return netns ? ['ip', '-n', netns] : ['ip'];
}

/** The batch key of a command this backend can batch: an ip object command in the backend's namespace. */
export function ipBatchKey(command: HostCommand, netns: string | undefined): string | undefined {
  const prefix = prefixOf(netns);
  const { argv } = command;
  if (command.cleanup || command.progress || command.mayLeavePartial) return undefined;
  if (argv.length <= prefix.length || prefix.some((word, i) => argv[i] !== word)) return undefined;
  const rest = argv.slice(prefix.length);
  if (rest[0]!.startsWith('-') || !rest.every((w) => PLAIN_WORD.test(w))) return undefined;
  return prefix.join(' ');
}

const FAILED_LINE = /^Command failed -:(\d+)$/m;

export async function runIpBatch(netns: string | undefined, steps: HostCommand[][], options: BatchOptions): Promise<BatchOutcome> {
  const prefix = prefixOf(netns);
  /** Per line (1-based, index 0 unused): its step and command index. */
  const lines: { step: number; command: number }[] = [{ step: -1, command: -1 }];
  let handedOver = 0;
  const started = performance.now();
  const r = await spawnCommand([...prefix, '-batch', '-'], {
    input: async (write) => {
      for (let s = 0; s < steps.length; s++) {
        if (!options.beforeStep(s)) return;
        const text = steps[s]!.map((c, i) => {
          lines.push({ step: s, command: i });
          return `${c.argv.slice(prefix.length).join(' ')}\n`;
        }).join('');
        handedOver = s + 1;
        if (!(await write(text))) return;
      }
    },
  });
  const durationMs = performance.now() - started;
  if (r.exitCode === 0) return { completedSteps: handedOver, durationMs };
  const line = Number(FAILED_LINE.exec(r.stderr)?.[1] ?? 0);
  // Without a line number ip stopped before or outside any command (no namespace, killed): charge the first.
  const at = lines[line] ?? { step: 0, command: 0 };
  const stderr = r.stderr.replace(FAILED_LINE, '').trimEnd() || (r.startError ?? (r.signal ? `ip killed by ${r.signal}` : ''));
  const result: CommandResult = { exitCode: r.exitCode ?? 127, stdout: '', stderr, durationMs };
  return { completedSteps: at.step, failure: { step: at.step, command: at.command, result }, durationMs };
}
