// A process named by pid and start time (/proc/PID/stat field 22, proc(5)), so a reused pid is never
// mistaken for the process that wrote a record.
import { readFileSync } from 'node:fs';

/** Fields 3.. of /proc/PID/stat (state first), or undefined when there is no such process. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The start time of a running process; undefined when it is gone or a zombie (dead, not yet reaped). */
export function processStartTicks(pid: number): number | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const fields = statFields(pid);
  if (!fields || fields[0] === 'Z' || fields[0] === 'X') return undefined;
  const ticks = Number(fields[19]);
  return Number.isFinite(ticks) ? ticks : undefined;
}

/** The one liveness test: the pid names a running process (a zombie is dead). */
export function isProcessRunning(pid: number | undefined): boolean {
  return pid !== undefined && processStartTicks(pid) !== undefined;
}

/** True while the process that recorded (pid, startTicks) is still running. */
export function isSameProcess(pid: number | undefined, startTicks: number | undefined): boolean {
  if (!pid || pid <= 0) return false;
  const now = processStartTicks(pid);
  return now !== undefined && (startTicks === undefined || now === startTicks);
}
