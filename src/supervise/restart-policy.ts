// What happens after a guest exits, keyed on bhyve(8)'s exit status (0 reboot, 1 poweroff, 2 halt,
// 3 triple fault, 4 error): restart at once, restart after an exponential backoff, or stay stopped.
// Pure: the caller supplies the clock and the history.
import { EXIT_STATUS } from '../model/exit-status.js';
import type { ExitAction, ResolvedRestartPolicy } from '../model/resolved.js';

export function actionFor(status: number, policy: ResolvedRestartPolicy): ExitAction {
  switch (status) {
    case EXIT_STATUS.reboot:
      return policy.onReboot;
    case EXIT_STATUS.poweroff:
      return policy.onPoweroff;
    case EXIT_STATUS.halt:
      return policy.onHalt;
    case EXIT_STATUS.tripleFault:
      return policy.onTripleFault;
    default:
      return policy.onError;
  }
}

export interface RestartDecision {
  restart: boolean;
  delayMs: number;
  /** Too many restarts inside the window: reported as a crash loop (restarts go on, at the max delay). */
  crashLoop: boolean;
  /** The history to keep (timestamps inside the window, including this restart). */
  recentRestarts: number[];
}

/**
 * The throttle of a restart loop: nothing until `crashLoopRestarts` restarts sit inside the window,
 * then backoffInitial doubling per restart beyond that, capped at backoffMax. Used by the VM
 * process (guest reboots) and the agent (VM processes that ended).
 */
export function crashLoopDelayMs(policy: ResolvedRestartPolicy, restartsInWindow: number): number {
  if (restartsInWindow < policy.crashLoopRestarts) return 0;
  return Math.min(policy.backoffMaxMs, policy.backoffInitialMs * 2 ** Math.min(restartsInWindow - policy.crashLoopRestarts, 30));
}

export function decideRestart(
  status: number,
  policy: ResolvedRestartPolicy,
  recentRestarts: readonly number[],
  now: number,
): RestartDecision {
  const action = actionFor(status, policy);
  const inWindow = recentRestarts.filter((t) => now - t < policy.crashLoopWindowMs);
  if (action === 'stop') return { restart: false, delayMs: 0, crashLoop: false, recentRestarts: inWindow };
  const crashLoop = inWindow.length >= policy.crashLoopRestarts;
  let delayMs = 0;
  if (action === 'restartWithBackoff') {
    delayMs = Math.min(policy.backoffMaxMs, policy.backoffInitialMs * 2 ** Math.min(inWindow.length, 30));
    if (crashLoop) delayMs = policy.backoffMaxMs;
  } else if (crashLoop) {
    // A guest that reboots in a tight loop is throttled too.
    delayMs = crashLoopDelayMs(policy, inWindow.length);
  }
  return { restart: true, delayMs, crashLoop, recentRestarts: [...inWindow, now] };
}
