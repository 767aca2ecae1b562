// Runs one VM in the foreground of this process: SIGTERM/SIGINT press the ACPI power button, a
// second signal or the stop timeout forces the exit. Resolves with the bhyve(8) exit status.
import type { NativeVmConfig } from './native.js';
import { relayConsole } from './console-relay.js';
import { ExitStatus, Vm } from './vm.js';

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

export async function runVmInForeground(config: NativeVmConfig, options: ForegroundOptions): Promise<number> {
  const vm = Vm.start(config, options.onConsole ? { onConsole: options.onConsole } : {});
  options.onStarted?.(vm);
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const onSignal = () => {
    if (stopping) {
      vm.forceStop(ExitStatus.error);
      return;
    }
    stopping = true;
    if (!vm.powerButton()) vm.forceStop(ExitStatus.poweroff);
    timer = setTimeout(() => vm.forceStop(ExitStatus.error), options.stopTimeoutMs);
    timer.unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const relay = options.interactive ? relayConsole(vm, () => vm.forceStop(ExitStatus.error), process.stdin, options.terminalPort ?? 1) : undefined;
  try {
    return await vm.exited;
  } finally {
    if (timer) clearTimeout(timer);
    relay?.stop();
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
