// A VirtualMachine's serial ports (bhyve -l comN) and lifecycle: run strategy, restart policy keyed
// on bhyve's exit status, autostart order and dependencies, stop timeout, with their defaults.
import { parseReadyCondition } from '../model/readiness.js';
import type { ExitAction, ReadinessGate, ResolvedSerialPort, ResolvedVm } from '../model/resolved.js';
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

/** How long a readiness gate waits when its `timeout` is not given. */
export const DEFAULT_READY_TIMEOUT_MS = 120_000;

const duration = (text: string | undefined, fallback: number) => (text === undefined ? fallback : (parseDuration(text) ?? fallback));

export function resolveLifecycle(
  spec: Spec,
  name: string,
  vmNames: ReadonlySet<string>,
  err: Report,
  unresolved: (path: DocPath, dep: string) => void,
): Pick<ResolvedVm, 'run' | 'restartPolicy' | 'autostart' | 'stopTimeoutMs' | 'restoreFrom'> {
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
  const after: string[] = [];
  const ready: ReadinessGate[] = [];
  (spec.autostart?.after ?? []).forEach((item, i) => {
    const dep = typeof item === 'string' ? item : item.vm;
    const at: DocPath = typeof item === 'string' ? ['spec', 'autostart', 'after', i] : ['spec', 'autostart', 'after', i, 'vm'];
    if (after.includes(dep)) err(at, 'autostart.duplicate', `${dep} is named twice in autostart.after`);
    else after.push(dep);
    if (dep === name) err(at, 'autostart.self', 'a VM cannot start after itself');
    else if (!vmNames.has(dep)) unresolved(at, dep);
    if (typeof item === 'string') return;
    const condition = parseReadyCondition(item.ready);
    if (typeof condition === 'string') err(['spec', 'autostart', 'after', i, 'ready'], 'autostart.ready', condition);
    else ready.push({ vm: dep, ready: condition, timeoutMs: duration(item.timeout, DEFAULT_READY_TIMEOUT_MS) });
  });
  return {
    run: spec.run ?? 'Always',
    restartPolicy,
    autostart: {
      enabled: spec.autostart?.enabled ?? true,
      order: spec.autostart?.order ?? 100,
      delayMs: duration(spec.autostart?.delay, 0),
      after,
      ...(ready.length ? { ready } : {}),
      ...(spec.autostart?.onHostShutdown === 'suspend' ? { onHostShutdown: 'suspend' as const } : {}),
    },
    stopTimeoutMs: duration(spec.stopTimeout, 60_000),
    ...(spec.restoreFrom ? { restoreFrom: spec.restoreFrom } : {}),
  };
}
