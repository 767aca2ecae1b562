// Runs the `ip` commands of consecutive steps as one `ip [-n NS] -batch -` process (ip(8): one command
// per stdin line). Without -force ip stops at the first failing line and names it ("Command failed
// -:N"), so what ran is exactly the lines before it: the failure maps back to its step and command.
// A batch of link removals gathers the links in one unused link group and removes the group at once.
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
  if (command.cleanup || command.progress || command.mayLeavePartial || command.stdin !== undefined || command.okExitCodes)
    return undefined;
  if (argv.length <= prefix.length || prefix.some((word, i) => argv[i] !== word)) return undefined;
  const rest = argv.slice(prefix.length);
  if (rest[0]!.startsWith('-') || !rest.every((w) => PLAIN_WORD.test(w))) return undefined;
  return prefix.join(' ');
}

const FAILED_LINE = /^Command failed -:(\d+)$/m;

/** Each removal of a link waits for the kernel's grace period; removing a group of links waits once. */
function deletedLink(step: HostCommand[], prefix: string[]): string | undefined {
  const words = step.length === 1 ? step[0]!.argv.slice(prefix.length) : [];
  return words.length === 4 && words[0] === 'link' && words[1] === 'delete' && words[2] === 'dev' ? words[3] : undefined;
}

/** A link group (32-bit, ip-link(8) `group`) no link of the namespace is in: the batch's removals gather there. */
async function freeLinkGroup(prefix: string[]): Promise<number | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const group = 0x40000000 + Math.floor(Math.random() * 0x3fffffff);
    const r = await spawnCommand([...prefix, 'link', 'show', 'group', String(group)]);
    if (r.exitCode !== 0) return undefined;
    if (!r.stdout.trim()) return group;
  }
  return undefined;
}

interface Line {
  step: number;
  command: number;
}

/** One ip process fed `text()` of each step in turn; which line failed, if one did. */
async function feed(
  prefix: string[],
  steps: HostCommand[][],
  options: BatchOptions,
  text: (s: number, lines: Line[]) => string,
  tail = '',
) {
  /** Per line (1-based, index 0 unused): its step and command index. */
  const lines: Line[] = [{ step: -1, command: -1 }];
  let handedOver = 0;
  const r = await spawnCommand([...prefix, '-batch', '-'], {
    input: async (write) => {
      for (let s = 0; s < steps.length; s++) {
        if (!options.beforeStep(s)) break;
        const chunk = text(s, lines);
        handedOver = s + 1;
        if (!(await write(chunk))) return;
      }
      if (tail && handedOver > 0) {
        lines.push({ step: -2, command: 0 });
        await write(tail);
      }
    },
  });
  const line = r.exitCode === 0 ? undefined : Number(FAILED_LINE.exec(r.stderr)?.[1] ?? 0);
  const stderr = r.stderr.replace(FAILED_LINE, '').trimEnd() || (r.startError ?? (r.signal ? `ip killed by ${r.signal}` : ''));
  return { r, handedOver, at: line === undefined ? undefined : (lines[line] ?? { step: 0, command: 0 }), stderr };
}

function failed(at: Line, exitCode: number | undefined, stderr: string, durationMs: number): BatchOutcome {
  const result: CommandResult = { exitCode: exitCode ?? 127, stdout: '', stderr, durationMs };
  return { completedSteps: at.step, failure: { step: at.step, command: at.command, result }, durationMs };
}

export async function runIpBatch(netns: string | undefined, steps: HostCommand[][], options: BatchOptions): Promise<BatchOutcome> {
  const prefix = prefixOf(netns);
  const started = performance.now();
  const removals = steps.map((s) => deletedLink(s, prefix));
  const group = removals.every((name) => name !== undefined) ? await freeLinkGroup(prefix) : undefined;
  if (group !== undefined) return removeAsGroup(prefix, steps, removals as string[], group, options, started);
  const { r, handedOver, at, stderr } = await feed(prefix, steps, options, (s, lines) =>
    steps[s]!.map((c, i) => {
      lines.push({ step: s, command: i });
      return `${c.argv.slice(prefix.length).join(' ')}\n`;
    }).join(''),
  );
  const durationMs = performance.now() - started;
  if (!at) return { completedSteps: handedOver, durationMs };
  // Without a line number ip stopped before or outside any command (no namespace, killed): charge the first.
  return failed(at, r.exitCode, stderr, durationMs);
}

/**
 * Removals only: each link handed over joins the group (a missing link fails on its own line, as its
 * `link delete` would), then one `link delete group G` removes them all. If a line failed, the links
 * that joined before it are still removed, by a second ip; if that fails too, they stay (group set).
 */
async function removeAsGroup(
  prefix: string[],
  steps: HostCommand[][],
  names: string[],
  group: number,
  options: BatchOptions,
  started: number,
): Promise<BatchOutcome> {
  const remove = `link delete group ${group}\n`;
  const { r, handedOver, at, stderr } = await feed(
    prefix,
    steps,
    options,
    (s, lines) => {
      lines.push({ step: s, command: 0 });
      return `link set dev ${names[s]} group ${group}\n`;
    },
    remove,
  );
  if (!at) return { completedSteps: handedOver, durationMs: performance.now() - started };
  if (at.step === -2) return failed({ step: 0, command: 0 }, r.exitCode, stderr, performance.now() - started);
  if (at.step > 0) {
    const rest = await spawnCommand([...prefix, 'link', 'delete', 'group', String(group)]);
    if (rest.exitCode !== 0) return failed({ step: 0, command: 0 }, rest.exitCode, rest.stderr, performance.now() - started);
  }
  return failed(at, r.exitCode, stderr, performance.now() - started);
}
