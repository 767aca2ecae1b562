// `--port comN` of `tshyve console` and `tshyve logs` (bhyve(8) -l com1..com4): checks the name and,
// from the VM's frozen spec, that the port exists, and finds its socket and log (a `log` mode port
// logs to its spec path).
import { TshyveError } from '../errors.js';
import { readFrozenSpec } from '../state/applied-vm.js';
import { comPortFiles, COM_PORTS, isComPortName, type ComPortName, type VmFiles } from '../state/vm-files.js';

export interface SerialPortTarget {
  port: ComPortName;
  socket: string;
  log: string;
}

export async function serialPortTarget(files: VmFiles, name: string, option: string | undefined): Promise<SerialPortTarget> {
  const port = option ?? 'com1';
  if (!isComPortName(port))
    throw new TshyveError('TSHYVE_USAGE', `--port must be one of ${COM_PORTS.join(', ')} (got ${JSON.stringify(port)})`);
  const vm = await readFrozenSpec(files);
  if (!vm) return { port, ...comPortFiles(files, port) }; // never started from this state directory: the caller reports it
  const configured = vm.serial.find((s) => s.port === port);
  if (!configured && port !== 'com1') {
    const ports = vm.serial.map((s) => s.port).join(', ') || 'none';
    throw new TshyveError('TSHYVE_NOT_FOUND', `${name} has no ${port} (its serial ports: ${ports})`);
  }
  return { port, ...comPortFiles(files, port, configured) };
}
