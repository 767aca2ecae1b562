// COM ports of a VM run in the foreground (`tshyve run`, like `bhyve -l com1,stdio -l com2,...`),
// routed as serial-routing.ts says; ports with nowhere to go are dropped with one notice line.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ResolvedSerialPort } from '../model/resolved.js';
import { serialRoute, terminalPortOf } from '../model/serial-routing.js';
import { openTtyRelay, type TtyRelay } from './serial-tty.js';
import { comPortNumber } from '../state/vm-files.js';

export interface ForegroundSerial {
  /** The COM number on the terminal, if any port is. */
  terminalPort: number | undefined;
  /** 1 (stdout) when com1 is on the terminal: native code writes it straight there. */
  consoleFd: number | undefined;
  /** Batched output of every port not written natively to consoleFd. */
  onConsole(data: Buffer, port: number): void;
  /** Where tty input goes once the VM exists. */
  setInput(input: (data: Buffer, port: number) => void): void;
  close(): void;
}

export interface ForegroundSerialIo {
  terminal: (data: Buffer) => void;
  notice: (line: string) => void;
}

const defaultIo: ForegroundSerialIo = {
  terminal: (data) => void process.stdout.write(data),
  notice: (line) => void process.stderr.write(`${line}\n`),
};

export function openForegroundSerial(ports: ResolvedSerialPort[], io: ForegroundSerialIo = defaultIo): ForegroundSerial {
  const onTerminal = terminalPortOf(ports);
  const terminalPort = onTerminal ? comPortNumber(onTerminal.port) : undefined;
  let input: (data: Buffer, port: number) => void = () => {};
  const logs = new Map<number, WriteStream>();
  const ttys = new Map<number, TtyRelay>();
  const dropped: string[] = [];
  for (const p of ports) {
    const n = comPortNumber(p.port);
    const route = serialRoute(p, 'foreground', ports);
    if (route.terminal) continue;
    if (route.log === 'spec') {
      const stream = createWriteStream(p.path!, { flags: 'a', mode: 0o600 });
      stream.on('error', (e) => {
        io.notice(`tshyve: ${p.port} log ${p.path}: ${e.message}`);
        logs.delete(n);
      });
      logs.set(n, stream);
    } else if (route.tty) {
      ttys.set(
        n,
        openTtyRelay(
          p.path!,
          (data) => input(data, n),
          (line) => io.notice(`tshyve: ${line}`),
        ),
      );
    } else {
      dropped.push(p.port);
    }
  }
  if (dropped.length)
    io.notice(
      `tshyve: ${dropped.join(', ')} output is dropped in the foreground (only ${onTerminal?.port ?? 'no port'} ` +
        `is on the terminal; use mode log or tty, or tshyve start)`,
    );
  return {
    terminalPort,
    consoleFd: terminalPort === 1 ? 1 : undefined,
    onConsole(data, port) {
      if (port === terminalPort) io.terminal(data);
      logs.get(port)?.write(data);
      ttys.get(port)?.write(data);
    },
    setInput(fn) {
      input = fn;
    },
    close() {
      for (const s of logs.values()) s.end();
      for (const t of ttys.values()) t.close();
      logs.clear();
      ttys.clear();
    },
  };
}
