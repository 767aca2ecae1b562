// The host side of a VM's COM ports in a detached VM process, routed as runtime/serial-routing.ts
// says: each port gets a console server (socket + log, comPortFiles), a `tty` port also a tty relay.
import type { ResolvedVm } from '../model/resolved.js';
import { ConsoleServer } from './console-server.js';
import { serialRoute } from '../model/serial-routing.js';
import { openTtyRelay, type TtyRelay } from '../runtime/serial-tty.js';
import { comPortFiles, comPortNumber, type VmFiles } from '../state/vm-files.js';

export interface SerialEndpoints {
  /** Guest output of COM port `port` (1..4); output of ports without an endpoint is dropped. */
  write(data: Buffer, port: number): void;
  /** A boot started; a guest resumed from a snapshot (a first boot only) keeps each console's earlier scrollback. */
  bootStarted(resumed: boolean): void;
  close(): Promise<void>;
}

interface Endpoint {
  server: ConsoleServer;
  tty?: TtyRelay;
}

/** Opens every configured port's endpoint (com1's always, as `tshyve console` expects its socket). */
export async function openSerialEndpoints(
  vm: ResolvedVm,
  files: VmFiles,
  input: (data: Buffer, port: number) => void,
  log: (line: string) => void,
): Promise<SerialEndpoints> {
  const ports = vm.serial.some((p) => p.port === 'com1') ? vm.serial : [{ port: 'com1' as const, mode: 'socket' as const }, ...vm.serial];
  const endpoints = new Map<number, Endpoint>();
  const closeAll = async () => {
    for (const e of endpoints.values()) {
      e.tty?.close();
      await e.server.close();
    }
    endpoints.clear();
  };
  try {
    for (const p of ports) {
      const n = comPortNumber(p.port);
      const own = comPortFiles(files, p.port, p);
      const server = new ConsoleServer(own.socket, own.log);
      await server.listen();
      server.onInput((data) => input(data, n));
      const endpoint: Endpoint = { server };
      if (serialRoute(p, 'vm-process', ports).tty) endpoint.tty = openTtyRelay(p.path!, (data) => input(data, n), log);
      endpoints.set(n, endpoint);
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    write(data, port) {
      const e = endpoints.get(port);
      e?.server.write(data);
      e?.tty?.write(data);
    },
    bootStarted(resumed) {
      for (const e of endpoints.values()) e.server.bootStarted(resumed);
    },
    close: closeAll,
  };
}
