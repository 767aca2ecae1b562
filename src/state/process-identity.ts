// A process named by pid and start time (/proc/PID/stat field 22, proc(5)), so a reused pid is never
// mistaken for the process that wrote a record.
import { readFileSync } from 'node:fs';

export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** True while the process that recorded (pid, startTicks) is still running. */
export function isSameProcess(pid: number | undefined, startTicks: number | undefined): boolean {
  if (!pid || pid <= 0) return false;
  const now = processStartTicks(pid);
  return now !== undefined && (startTicks === undefined || now === startTicks);
}
