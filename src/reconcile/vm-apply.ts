// Carries out VM changes around the host steps: stops first (deleted and restarting VMs, in reverse
// start order), then starts (new and restarting VMs, in start order, waiting each one's delay).
import { readFile } from 'node:fs/promises';
import type { ResolvedVm } from '../model/resolved.js';
import { observeVms, type ObservedVm } from '../supervise/observe-vms.js';
import { spawnVmProcess, stopVmProcess, waitForVmStarted } from '../supervise/process-control.js';
import { vmFiles } from '../supervise/vm-files.js';
import { startOrder, type VmChange } from './vm-diff.js';

export interface VmApplyOptions {
  stateDir: string;
  netns?: string;
  onEvent?(event: { type: 'vm-stop' | 'vm-start'; name: string; ok: boolean; detail: string; durationMs: number }): void;
  /** Wait between starts as autostart.delay says (watch and apply do; tests may not). */
  honourDelays?: boolean;
}

export interface VmApplyResult {
  ok: boolean;
  failures: { name: string; message: string }[];
}

export async function observeVmState(stateDir: string): Promise<{ observed: ObservedVm[]; running: Map<string, ResolvedVm> }> {
  const observed = await observeVms(stateDir);
  const running = new Map<string, ResolvedVm>();
  for (const o of observed) {
    try {
      running.set(o.name, JSON.parse(await readFile(vmFiles(stateDir, o.name).spec, 'utf8')) as ResolvedVm);
    } catch {
      /* no frozen spec: reasons fall back to "spec changed" */
    }
  }
  return { observed, running };
}

export async function stopVms(changes: VmChange[], options: VmApplyOptions): Promise<VmApplyResult> {
  const failures: VmApplyResult['failures'] = [];
  const toStop = changes.filter((c) => (c.action === 'delete' || c.action === 'update') && c.pid);
  const order = startOrder(toStop.filter((c) => c.vm).map((c) => c.vm!)).map((v) => v.meta.name);
  const ranked = [...toStop].sort((a, b) => order.indexOf(b.name) - order.indexOf(a.name));
  for (const change of ranked) {
    const t0 = performance.now();
    const result = await stopVmProcess(change.pid!, change.name, change.stopTimeoutMs);
    options.onEvent?.({ type: 'vm-stop', name: change.name, ok: true, detail: result, durationMs: performance.now() - t0 });
  }
  return { ok: failures.length === 0, failures };
}

export async function startVms(changes: VmChange[], options: VmApplyOptions): Promise<VmApplyResult> {
  const failures: VmApplyResult['failures'] = [];
  const wanted = changes.filter((c) => (c.action === 'create' || c.action === 'update') && c.vm).map((c) => c.vm!);
  const failed = new Set<string>();
  for (const vm of startOrder(wanted)) {
    const name = vm.meta.name;
    const blockedBy = vm.autostart.after.find((d) => failed.has(d));
    if (blockedBy) {
      failed.add(name);
      failures.push({ name, message: `not started: ${blockedBy} failed to start` });
      continue;
    }
    const t0 = performance.now();
    try {
      await spawnVmProcess(vm, { stateDir: options.stateDir, ...(options.netns ? { netns: options.netns } : {}) });
      const status = await waitForVmStarted(options.stateDir, name);
      if (!status || status.phase === 'failed' || status.phase === 'starting') throw new Error(status?.message ?? 'the VM process did not report in time');
      options.onEvent?.({ type: 'vm-start', name, ok: true, detail: `pid ${status.pid}`, durationMs: performance.now() - t0 });
    } catch (error) {
      failed.add(name);
      failures.push({ name, message: (error as Error).message });
      options.onEvent?.({ type: 'vm-start', name, ok: false, detail: (error as Error).message, durationMs: performance.now() - t0 });
      continue;
    }
    if (options.honourDelays !== false && vm.autostart.delayMs > 0) await new Promise((r) => setTimeout(r, vm.autostart.delayMs));
  }
  return { ok: failures.length === 0, failures };
}
