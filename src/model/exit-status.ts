// bhyve(8)'s exit statuses, the one table: what a VM run ends with (native `exit_status.h` mirrors
// these numbers), and the words for them.

export const EXIT_STATUS = { reboot: 0, poweroff: 1, halt: 2, tripleFault: 3, error: 4 } as const;

export type ExitStatusName = keyof typeof EXIT_STATUS;

const REASONS = ['reboot', 'poweroff', 'halt', 'triple fault', 'error'] as const;

/** `poweroff` for 1; a status bhyve does not define is named with its number. */
export function exitReason(status: number): string {
  return REASONS[status] ?? `unknown exit status ${status}`;
}
