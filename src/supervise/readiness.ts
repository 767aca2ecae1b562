// Whether a VM is ready in the sense of a ReadyCondition, checked once from its state-directory
// records (status, frozen spec, leases, com1 log), and a poll until it is or a deadline passes.
import { open } from 'node:fs/promises';
import type { ReadyCondition } from '../model/readiness.js';
import { formatReadyCondition } from '../model/readiness.js';
import { readFrozenSpec } from '../state/applied-vm.js';
import { guestAddresses, primaryAddress, sshEndpoint } from '../state/guest-address.js';
import { comPortFiles, vmFiles } from '../state/vm-files.js';
import { readVmStatus } from '../state/vm-status.js';
import { isVmProcess } from './process-control.js';
import { readSshBannerIn } from './ssh-banner.js';

export interface ReadinessCheck {
  met: boolean;
  detail: string;
  /** Not met, and cannot become met while the VM is applied as it is (waiting is pointless). */
  never?: true;
}

export interface ReadinessOptions {
  /** serial: only com1 output written after this byte offset counts (a start records it). */
  serialFromOffset?: number;
  /** ssh: how long one probe waits for the banner. */
  probeTimeoutMs?: number;
}

/** How much of the com1 log the serial probe reads, from its end. */
const SERIAL_WINDOW_BYTES = 1 << 20;

export async function checkReadiness(
  stateDir: string,
  name: string,
  condition: ReadyCondition,
  options: ReadinessOptions = {},
): Promise<ReadinessCheck> {
  const files = vmFiles(stateDir, name);
  const vm = await readFrozenSpec(files);
  if (!vm) return { met: false, detail: `${name} has not been applied with this state directory` };
  const status = await readVmStatus(files.status);
  const alive = isVmProcess(status?.pid, name);
  if (condition.kind === 'running')
    return alive && status?.phase === 'running'
      ? { met: true, detail: `${name} is running (pid ${status.pid})` }
      : { met: false, detail: `${name} is ${alive ? status?.phase : 'not running'}` };
  if (condition.kind === 'serial') {
    const port = vm.serial.find((p) => p.port === 'com1');
    if (!port) return { met: false, never: true, detail: `${name} has no com1` };
    const text = await readTail(comPortFiles(files, 'com1', port).log, options.serialFromOffset ?? 0);
    const match = new RegExp(condition.pattern).exec(text);
    return match
      ? { met: true, detail: `com1 printed ${JSON.stringify(match[0].slice(0, 80))}` }
      : { met: false, detail: `com1 has not printed a match for /${condition.pattern}/` };
  }
  // Only a NIC on a bridge with `dhcp` gets a static lease (and an address) from tshyve's dnsmasq.
  if (!vm.nics.some((n) => n.address))
    return { met: false, never: true, detail: `${name} has no NIC on a bridge with dhcp: no DHCP lease or guest address can come` };
  const addresses = await guestAddresses(stateDir, vm);
  if (condition.kind === 'address') {
    const leased = addresses.find((a) => a.source === 'lease');
    return leased
      ? { met: true, detail: `${name} has address ${leased.address} (DHCP lease of ${leased.mac})` }
      : {
          met: false,
          detail: `${name} holds no DHCP lease yet${primaryAddress(addresses) ? ` (its static address: ${primaryAddress(addresses)})` : ''}`,
        };
  }
  const endpoint = sshEndpoint(vm, addresses);
  if (!endpoint) return { met: false, detail: `${name} has no address yet` };
  const banner = await readSshBannerIn(status?.netns, endpoint.host, endpoint.port, options.probeTimeoutMs ?? SSH_PROBE_MS);
  return { met: banner.ok, detail: banner.ok ? `${endpoint.host}:${endpoint.port} answers ${banner.detail}` : banner.detail };
}

/** Reads the log from `from` (or its last window, if longer), as latin1 so every byte is one character. */
async function readTail(path: string, from: number): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = (await handle.stat()).size;
    const start = Math.max(from > size ? 0 : from, size - SERIAL_WINDOW_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    return buffer.toString('latin1');
  } finally {
    await handle.close();
  }
}

/** Size of the VM's com1 log now: a start that records it makes `serial:` gates ignore older output. */
export async function com1LogOffset(stateDir: string, name: string): Promise<number> {
  const files = vmFiles(stateDir, name);
  const vm = await readFrozenSpec(files);
  const port = vm?.serial.find((p) => p.port === 'com1');
  try {
    const handle = await open(comPortFiles(files, 'com1', port).log, 'r');
    try {
      return (await handle.stat()).size;
    } finally {
      await handle.close();
    }
  } catch {
    return 0;
  }
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export interface WaitResult extends ReadinessCheck {
  waitedMs: number;
}

/** Polls `check` every `intervalMs` until it is met or `timeoutMs` has passed (then the last detail says why). */
export async function waitUntil(
  check: () => Promise<ReadinessCheck>,
  timeoutMs: number,
  { intervalMs = 500, clock = realClock }: { intervalMs?: number; clock?: Clock } = {},
): Promise<WaitResult> {
  const start = clock.now();
  for (;;) {
    const result = await check();
    const waitedMs = clock.now() - start;
    if (result.met || result.never || waitedMs >= timeoutMs) return { ...result, waitedMs };
    await clock.sleep(Math.min(intervalMs, timeoutMs - waitedMs));
  }
}

/** How long one SSH probe waits for a banner at most (each probe also stops at the overall deadline). */
const SSH_PROBE_MS = 3000;

export function waitForReadiness(
  stateDir: string,
  name: string,
  condition: ReadyCondition,
  timeoutMs: number,
  options: ReadinessOptions & { intervalMs?: number; clock?: Clock } = {},
): Promise<WaitResult> {
  const clock = options.clock ?? realClock;
  const deadline = clock.now() + timeoutMs;
  const check = () =>
    checkReadiness(stateDir, name, condition, {
      ...options,
      probeTimeoutMs: Math.max(100, Math.min(options.probeTimeoutMs ?? SSH_PROBE_MS, deadline - clock.now())),
    });
  return waitUntil(check, timeoutMs, { ...options, clock }).then((r) =>
    r.met || r.never
      ? r
      : { ...r, detail: `${name} not ${formatReadyCondition(condition)} after ${Math.round(r.waitedMs / 1000)}s: ${r.detail}` },
  );
}
