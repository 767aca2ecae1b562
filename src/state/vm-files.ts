// The files of one VM under the state directory (<state>/vms/<name>/, 0700): the frozen resolved
// spec the VM process runs, its status record, a console socket and log per COM port, the logs,
// the operator's hold, the VM process's control socket and the cloud-init seed.
import { join } from 'node:path';
import { logsAtSpecPath } from '../model/serial-routing.js';
import { statePaths } from './paths.js';

export interface VmFiles {
  dir: string;
  /** The resolved VirtualMachine the VM process runs (written by whoever starts it). */
  spec: string;
  /** VmStatusRecord, rewritten atomically by the VM process. */
  status: string;
  /** Unix socket for `tshyve console` (0600): com1's (other ports: comPortFiles). */
  consoleSocket: string;
  /** Everything the guest wrote to com1 (other ports: comPortFiles). */
  consoleLog: string;
  /** The VM process's own log (stdout/stderr of `tshyve vm-run`). */
  vmmLog: string;
  /** SeaBIOS debug port 0x402 output. */
  firmwareLog: string;
  /** Per-VM copy of a UEFI variables template. */
  firmwareVars: string;
  /** Present while `tshyve stop` holds the VM down (vm-hold.ts). */
  hold: string;
  /** Unix socket (0600) the VM process serves for the agent: liveness, events, counters. */
  controlSocket: string;
  /** cloud-init NoCloud seed image (read-only disk), and its content id in `cloudInitSeed.id`. */
  cloudInitSeed: string;
}

export const COM_PORTS = ['com1', 'com2', 'com3', 'com4'] as const;
export type ComPortName = (typeof COM_PORTS)[number];

export function isComPortName(value: string): value is ComPortName {
  return (COM_PORTS as readonly string[]).includes(value);
}

/** The COM number (1..4) the native VM uses for a port. */
export function comPortNumber(port: ComPortName): number {
  return COM_PORTS.indexOf(port) + 1;
}

/**
 * A COM port's console socket and log: com1 keeps console.sock/console.log, comN uses
 * comN.sock/comN.log; a port in `log` mode logs to the path its spec names instead.
 */
export function comPortFiles(files: VmFiles, port: ComPortName, spec?: { mode: string; path?: string }): { socket: string; log: string } {
  const own =
    port === 'com1'
      ? { socket: files.consoleSocket, log: files.consoleLog }
      : { socket: join(files.dir, `${port}.sock`), log: join(files.dir, `${port}.log`) };
  return spec && logsAtSpecPath(spec) ? { ...own, log: spec.path! } : own;
}

const VM_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function vmFiles(stateDir: string, name: string): VmFiles {
  if (!VM_NAME.test(name)) throw new Error(`invalid VM name ${JSON.stringify(name)}`);
  const dir = join(statePaths(stateDir).vmsDir, name);
  // dir is normalised and the names are plain: joining by hand gives join()'s result for a tenth of its cost (every VM, every pass).
  const at = (file: string) => `${dir}/${file}`;
  return {
    dir,
    spec: at('spec.json'),
    status: at('status.json'),
    consoleSocket: at('console.sock'),
    consoleLog: at('console.log'),
    vmmLog: at('vmm.log'),
    firmwareLog: at('firmware.log'),
    firmwareVars: at('firmware-vars.fd'),
    hold: at('hold.json'),
    controlSocket: at('control.sock'),
    cloudInitSeed: at('cidata.iso'),
  };
}
