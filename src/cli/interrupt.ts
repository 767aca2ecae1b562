// SIGINT/SIGTERM during `apply`/`destroy`, after Terraform: the first signal finishes the running
// step (a long copy is cancelled and its temporary removed) and stops; the second cancels any step.
import type { Output } from './output.js';

/** The exit status after an interrupt (128 + SIGINT, as shells report it). */
export const INTERRUPTED_EXIT_CODE = 130;

export interface InterruptWatch {
  /** Aborted by the first signal: stop before the next step. */
  signal: AbortSignal;
  /** Aborted by the second signal: cancel the running command. */
  cancelSignal: AbortSignal;
  /** Tells the watch what runs now, for the message (`step 3 of 5 (+ volume /v/d.img)`). */
  running(what: string | undefined, cancellable?: boolean): void;
  dispose(): void;
}

export function watchInterrupts(output: Output, process_: Pick<NodeJS.Process, 'on' | 'off'> = process): InterruptWatch {
  const soft = new AbortController();
  const hard = new AbortController();
  let current: { what: string; cancellable: boolean } | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (!soft.signal.aborted) {
      soft.abort(name);
      if (!current) output.err(`interrupt received (${name}): stopping before the next step`);
      else if (current.cancellable)
        output.err(`interrupt received (${name}): cancelling ${current.what} (its partial copy is removed) then stopping`);
      else output.err(`interrupt received (${name}): finishing ${current.what} then stopping (interrupt again to cancel it)`);
      return;
    }
    if (!hard.signal.aborted) {
      hard.abort(name);
      output.err(`second interrupt (${name}): cancelling ${current?.what ?? 'the running step'} now; what exists stays in the inventory`);
    }
  };
  process_.on('SIGINT', onSignal);
  process_.on('SIGTERM', onSignal);
  return {
    signal: soft.signal,
    cancelSignal: hard.signal,
    running: (what, cancellable = false) => {
      current = what ? { what, cancellable } : undefined;
    },
    dispose: () => {
      process_.off('SIGINT', onSignal);
      process_.off('SIGTERM', onSignal);
    },
  };
}
