// The warm standby VM process of one state directory: the unix socket it waits on for the name of
// the VM to become (0600, one path per standby process, so a replacement never touches the socket
// of the one it replaces), the record of who it is and how it was started, and its log until then.
import { join } from 'node:path';

/** The positional `vm-run` takes instead of a VM name to wait as the standby (no VM name has a colon). */
export const STANDBY_NAME = ':standby';

export interface StandbyFiles {
  /** StandbyRecord (0600), written by whoever started the standby. */
  record: string;
  /** The standby's stdout/stderr until it becomes a VM (then that VM's vmm.log). */
  log: string;
}

export interface StandbyRecord {
  pid: number;
  /** How it was started (argv prefix, environment, Node flags): only a VM started the same way may use it. */
  key: string;
  startedAt: string;
}

export function standbyFiles(stateDir: string): StandbyFiles {
  return { record: join(stateDir, 'standby.json'), log: join(stateDir, 'standby.log') };
}

/** The socket the standby process `pid` waits on. */
export function standbySocket(stateDir: string, pid: number): string {
  return join(stateDir, `standby-${pid}.sock`);
}
