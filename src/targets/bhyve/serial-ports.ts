// The LPC devices of bhyve(8) -l: com1-com4 backends, pc-testdev and the boot ROM. tshyve's serial
// modes map to what bhyve offers: stdio, a tty (nmdm(4) for `socket`), stdio appended to a file for `log`.
import type { ResolvedVm } from '../../model/resolved.js';
import type { BhyveDiagnostic } from './types.js';

export interface LpcEntry {
  /** `-l` argument, e.g. `com1,stdio`. */
  arg: string;
  settings: [string, string][];
}

/** The nmdm(4) device tshyve uses for a port in socket mode; `tshyve console` (or cu -l) opens the B side. */
export function nmdmDevice(vmName: string, port: string, side: 'A' | 'B' = 'A'): string {
  return `/dev/nmdm-${vmName}.${port.slice(3)}${side}`;
}

export function parseNmdmDevice(path: string): { vm: string; port: string } | undefined {
  const m = /^\/dev\/nmdm-([a-z0-9-]+)\.([1-4])A$/.exec(path);
  return m ? { vm: m[1]!, port: `com${m[2]}` } : undefined;
}

export interface LpcResult {
  entries: LpcEntry[];
  logFile?: string;
  usesNmdm: boolean;
}

export function buildLpcEntries(vm: ResolvedVm, varsPath: string | undefined, report: (d: BhyveDiagnostic) => void): LpcResult {
  const at = `VirtualMachine/${vm.meta.name}`;
  const entries: LpcEntry[] = [];
  let logFile: string | undefined;
  let usesNmdm = false;
  let stdioTaken = false;
  for (const s of vm.serial) {
    let backend: string;
    if (s.mode === 'stdio' || s.mode === 'log') {
      if (stdioTaken)
        report({
          severity: 'error',
          code: 'bhyve.serial-stdio',
          path: `${at} spec.serial.${s.port}`,
          message: 'bhyve has one stdio: only one serial port can be in mode stdio or log',
        });
      stdioTaken = true;
      backend = 'stdio';
      if (s.mode === 'log') logFile = s.path;
    } else if (s.mode === 'tty') {
      backend = s.path!;
      if (backend.startsWith('/dev/nmdm')) usesNmdm = true;
    } else {
      if (s.path)
        report({
          severity: 'warning',
          code: 'bhyve.serial-socket',
          path: `${at} spec.serial.${s.port}.path`,
          message:
            `bhyve has no unix-socket serial backend; ${s.port} uses ${nmdmDevice(vm.meta.name, s.port)} ` +
            `(attach with cu -l ${nmdmDevice(vm.meta.name, s.port, 'B')})`,
        });
      backend = nmdmDevice(vm.meta.name, s.port);
      usesNmdm = true;
    }
    entries.push({ arg: `${s.port},${backend}`, settings: [[`lpc.${s.port}.path`, backend]] });
  }
  if (vm.testDevice) entries.push({ arg: 'pc-testdev', settings: [['lpc.pc-testdev', 'true']] });
  if (vm.firmware.type === 'bootrom') {
    const rom = vm.firmware.image;
    entries.push({
      arg: ['bootrom', rom, ...(varsPath ? [varsPath] : [])].join(','),
      settings: [['lpc.bootrom', rom], ...(varsPath ? [['lpc.bootvars', varsPath] as [string, string]] : [])],
    });
  }
  return { entries, ...(logFile ? { logFile } : {}), usesNmdm };
}
