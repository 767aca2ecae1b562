// Where a COM port's bytes go, by its mode (bhyve(8) `-l comN,...`), in the two places a VM runs: a
// detached VM process (every port has a console socket and a log; `log` writes the log at the spec's
// path, `tty` also relays a host tty) and `tshyve run` in the foreground (the `stdio` port, else
// com1, is the terminal; `log` and `tty` as above; anything else has nowhere to go).
import type { ResolvedSerialPort } from '../model/resolved.js';

export interface SerialRoute {
  socket: boolean;
  /** `own`: the port's log in the VM directory; `spec`: the path the spec names; false: none. */
  log: 'own' | 'spec' | false;
  tty: boolean;
  terminal: boolean;
}

export type RunPlace = 'vm-process' | 'foreground';

/** The port on the terminal in the foreground: the one in `stdio` mode, else com1. */
export function terminalPortOf(ports: readonly ResolvedSerialPort[]): ResolvedSerialPort | undefined {
  return ports.find((p) => p.mode === 'stdio') ?? ports.find((p) => p.port === 'com1');
}

/** A `log` port writes its log where the spec says, wherever the VM runs. */
export function logsAtSpecPath(port: { mode: string; path?: string | undefined }): boolean {
  return port.mode === 'log' && Boolean(port.path);
}

export function serialRoute(port: ResolvedSerialPort, place: RunPlace, ports: readonly ResolvedSerialPort[]): SerialRoute {
  const log = logsAtSpecPath(port) ? 'spec' : place === 'vm-process' ? 'own' : false;
  const tty = port.mode === 'tty' && port.path !== undefined;
  if (place === 'vm-process') return { socket: true, log, tty, terminal: false };
  return { socket: false, log, tty, terminal: terminalPortOf(ports)?.port === port.port };
}
