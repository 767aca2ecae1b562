// Runs VM starts (or stops) in a given order, several at once: at most `limit` in flight, every
// earlier one ended first where `barrier` says so, each one's events passed on in the order the runs
// began, whatever order they end in. Used by vm-apply.ts for both directions.

export interface OrderedRunsOptions<T, E> {
  limit: number;
  name(item: T): string;
  /** Whether `item` waits for every run before it (an `autostart.order` change, a delay). */
  barrier(item: T, previous: T): boolean;
  onEvent: ((event: E) => void) | undefined;
  /**
   * Runs one item. Called in order and synchronously up to its first `await`, so state it keeps
   * across calls follows the order. `ended` has every item launched so far, by name.
   */
  run(item: T, context: { ended: ReadonlyMap<string, Promise<void>>; emit(event: E): void }): Promise<void>;
}

/** Passes events on in the order the runs began: each run's events wait until every earlier run ended. */
function inLaunchOrder<E>(onEvent: ((event: E) => void) | undefined) {
  const held: E[][] = [];
  const ended: boolean[] = [];
  let head = 0;
  return (): { emit(event: E): void; end(): void } => {
    const index = held.push([]) - 1;
    ended.push(false);
    return {
      emit: (event) => (index === head ? onEvent?.(event) : held[index]!.push(event)),
      end: () => {
        ended[index] = true;
        while (head < held.length && ended[head]) {
          head++;
          for (const event of held[head]?.splice(0) ?? []) onEvent?.(event);
        }
      },
    };
  };
}

/** Runs every item as the options say; resolves when all have ended (a run's failure is its own to report). */
export async function runInOrder<T, E>(items: readonly T[], options: OrderedRunsOptions<T, E>): Promise<void> {
  const limit = Math.max(1, options.limit);
  const ended = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  const slotFor = inLaunchOrder(options.onEvent);
  let previous: T | undefined;
  for (const item of items) {
    if (previous !== undefined && options.barrier(item, previous)) await Promise.all(inFlight);
    while (inFlight.size >= limit) await Promise.race(inFlight);
    previous = item;
    const slot = slotFor();
    const end: Promise<void> = options.run(item, { ended, emit: slot.emit }).finally(() => {
      inFlight.delete(end);
      slot.end();
    });
    ended.set(options.name(item), end);
    inFlight.add(end);
  }
  await Promise.all(inFlight);
}
