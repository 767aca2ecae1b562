// Runs one VM in the foreground of this process: SIGTERM/SIGINT press the ACPI power button, a
// second signal or the stop timeout forces the exit. Resolves with the bhyve(8) exit status and
// whether the user quit (Ctrl-]).
import type { NativeVmConfig } from './native.js';
import { relayConsole } from './console-relay.js';
import { EXIT_STATUS } from '../model/exit-status.js';
import { GracefulStop } from './graceful-stop.js';
import { Vm } from './vm.js';

export interface ForegroundOptions {
  stopTimeoutMs: number;
  /** Relay stdin to the terminal's COM port (raw mode on a TTY, Ctrl-] quits). */
  interactive: boolean;
  /** The COM number stdin goes to (default 1). */
  terminalPort?: number;
  onConsole?: (data: Buffer, port: number) => void;
  /** Called once the VM exists (e.g. to route tty input to it). */
  onStarted?: (vm: Vm) => void;
}

export interface ForegroundResult {
  /** The bhyve(8) exit status. */
  status: number;
  /** The user quit with the escape key (Ctrl-]): the VM was stopped on request, not by a failure. */
  quitByUser: boolean;
}

export async function runVmInForeground(config: NativeVmConfig, options: ForegroundOptions): Promise<ForegroundResult> {
  const vm = Vm.start(config, options.onConsole ? { onConsole: options.onConsole } : {});
  options.onStarted?.(vm);
  const stop = new GracefulStop(() => vm, options.stopTimeoutMs);
  const onSignal = () => void stop.request();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  let quitByUser = false;
  const quit = () => {
    quitByUser = true;
    vm.forceStop(EXIT_STATUS.error);
  };
  const relay = options.interactive ? relayConsole(vm, quit, process.stdin, options.terminalPort ?? 1) : undefined;
  try {
    return { status: await vm.exited, quitByUser };
  } finally {
    stop.dispose();
    relay?.stop();
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
