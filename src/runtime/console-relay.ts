// Puts a COM port on the terminal like `bhyve -l com1,stdio`: raw mode on a TTY, keystrokes to the
// guest UART, Ctrl-] (0x1d) to quit. com1 output goes straight from native code to stdout's fd.
import type { Vm } from './vm.js';

export const DETACH_KEY = 0x1d; // Ctrl-]

export interface ConsoleRelay {
  stop(): void;
}

export function relayConsole(vm: Vm, onDetach: () => void, stdin: NodeJS.ReadStream = process.stdin, port = 1): ConsoleRelay {
  const tty = stdin.isTTY === true;
  if (tty) stdin.setRawMode(true);
  const onData = (chunk: Buffer) => {
    const i = chunk.indexOf(DETACH_KEY);
    if (i >= 0) {
      if (i > 0) vm.consoleInput(chunk.subarray(0, i), port);
      onDetach();
      return;
    }
    vm.consoleInput(chunk, port);
  };
  stdin.on('data', onData);
  stdin.resume();
  return {
    stop() {
      stdin.off('data', onData);
      stdin.pause();
      if (tty) stdin.setRawMode(false);
    },
  };
}
