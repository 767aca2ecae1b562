// A VirtualMachine's serial ports (bhyve -l comN) and lifecycle: run strategy, restart policy keyed
// on bhyve's exit status, autostart order and dependencies, stop timeout, with their defaults.
import type { ExitAction, ResolvedSerialPort, ResolvedVm } from '../model/resolved.js';
import type { VirtualMachineDocument } from '../model/spec-types.generated.js';
import type { DocPath } from './reporter.js';
import { parseDuration } from './units.js';

type Spec = VirtualMachineDocument['spec'];
type Report = (path: DocPath, code: string, message: string) => void;

export function resolveSerial(spec: Spec, err: Report): ResolvedSerialPort[] {
  const serial: ResolvedSerialPort[] = [];
  const ports = spec.serial ?? { com1: { mode: 'socket' as const } };
  for (const port of ['com1', 'com2', 'com3', 'com4'] as const) {
    const s = ports[port];
    if (!s || s.mode === 'off') continue;
    if ((s.mode === 'log' || s.mode === 'tty') && !s.path)
      err(['spec', 'serial', port], 'serial.path', `${port} in mode ${s.mode} needs a \`path\``);
    if (s.mode === 'stdio' && serial.some((x) => x.mode === 'stdio'))
      err(['spec', 'serial', port, 'mode'], 'serial.stdio', 'only one serial port can use stdio');
    serial.push({ port, mode: s.mode, ...(s.path ? { path: s.path } : {}) });
  }
  return serial;
}

const duration = (text: string | undefined, fallback: number) => (text === undefined ? fallback : (parseDuration(text) ?? fallback));

export function resolveLifecycle(
  spec: Spec,
  name: string,
  vmNames: ReadonlySet<string>,
  err: Report,
  unresolved: (path: DocPath, dep: string) => void,
): Pick<ResolvedVm, 'run' | 'restartPolicy' | 'autostart' | 'stopTimeoutMs'> {
  const rp = spec.restartPolicy ?? {};
  const restartPolicy = {
    onReboot: (rp.onReboot ?? 'restart') as ExitAction,
    onPoweroff: (rp.onPoweroff ?? 'stop') as ExitAction,
    onHalt: (rp.onHalt ?? 'stop') as ExitAction,
    onTripleFault: (rp.onTripleFault ?? 'restartWithBackoff') as ExitAction,
    onError: (rp.onError ?? 'restartWithBackoff') as ExitAction,
    backoffInitialMs: duration(rp.backoffInitial, 1000),
    backoffMaxMs: duration(rp.backoffMax, 300_000),
    crashLoopRestarts: rp.crashLoopRestarts ?? 5,
    crashLoopWindowMs: duration(rp.crashLoopWindow, 600_000),
  };
  if (restartPolicy.backoffMaxMs < restartPolicy.backoffInitialMs)
    err(['spec', 'restartPolicy', 'backoffMax'], 'restart.backoff', 'backoffMax must not be shorter than backoffInitial');
  const after = spec.autostart?.after ?? [];
  after.forEach((dep, i) => {
    if (dep === name) err(['spec', 'autostart', 'after', i], 'autostart.self', 'a VM cannot start after itself');
    else if (!vmNames.has(dep)) unresolved(['spec', 'autostart', 'after', i], dep);
  });
  return {
    run: spec.run ?? 'Always',
    restartPolicy,
    autostart: {
      enabled: spec.autostart?.enabled ?? true,
      order: spec.autostart?.order ?? 100,
      delayMs: duration(spec.autostart?.delay, 0),
      after,
    },
    stopTimeoutMs: duration(spec.stopTimeout, 60_000),
  };
}
