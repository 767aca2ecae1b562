// The one stop policy, as bhyve users know it: the first request presses the ACPI power button
// (a platform without one ends the run as a poweroff) and ends the VM by force after its stop
// timeout; a second request ends it by force at once.
import { EXIT_STATUS } from '../model/exit-status.js';

export interface Stoppable {
  powerButton(): boolean;
  forceStop(status?: number): void;
}

export class GracefulStop {
  private timer: NodeJS.Timeout | undefined;
  private requested = false;

  /** `current` returns the machine running now (a restart loop replaces it between boots). */
  constructor(
    private readonly current: () => Stoppable | undefined,
    private readonly timeoutMs: number,
  ) {}

  get pending(): boolean {
    return this.requested;
  }

  /** Returns what this request did. */
  request(): 'power-button' | 'forced' {
    if (this.requested) {
      this.current()?.forceStop(EXIT_STATUS.error);
      return 'forced';
    }
    this.requested = true;
    const machine = this.current();
    if (machine && !machine.powerButton()) machine.forceStop(EXIT_STATUS.poweroff);
    this.timer = setTimeout(() => this.current()?.forceStop(EXIT_STATUS.error), this.timeoutMs);
    this.timer.unref();
    return 'power-button';
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
