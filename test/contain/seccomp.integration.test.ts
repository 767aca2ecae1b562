// The seccomp filters are in force in a real VM process (`tshyve apply` -> `tshyve vm-run`): a micro
// guest asks the test seccomp probe (native/src/devices/legacy/seccomp_probe.h) to make its vCPU
// thread, or the event-loop thread, call socket(2); the process ends and vmm.log names the call.
// With TSHYVE_SECCOMP=0 the same guest runs to its end.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const skipReason = kvmUnavailableReason();
const bin = join(repoRoot, 'bin', 'tshyve.js');
let work: string;

function vmYaml(name: string, rom: string, extra = ''): string {
  return `apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: ${name} }\nspec:\n  cpus: 1\n  memory: 32MiB\n` +
    `  firmware: { bootrom: { image: ${guest(rom)} } }\n  testDevice: true\n${extra}`;
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Applies one VM in its own spec and state directories and waits for its vmm.log to show the end
 * (a killed process fails the apply: it never reports "running"); returns that log.
 */
async function runToEnd(name: string, yaml: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const specDir = join(work, name, 'vms');
  const stateDir = join(work, name, 'state');
  mkdirSync(specDir, { recursive: true });
  writeFileSync(join(specDir, `${name}.yaml`), yaml);
  spawnSync(process.execPath, [bin, 'apply', specDir, '--state-dir', stateDir], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  const vmDir = join(stateDir, 'vms', name);
  const read = (file: string) => (existsSync(join(vmDir, file)) ? readFileSync(join(vmDir, file), 'utf8') : '');
  const log = await until('the VM process to end', () => (/forbidden syscall|guest exited/.test(read('vmm.log')) ? read('vmm.log') : undefined));
  const pid = (JSON.parse(read('status.json') || '{}') as { pid?: number }).pid;
  if (pid) await until('the VM process to be gone', () => (alive(pid) ? undefined : true));
  await new Promise((r) => setTimeout(r, 200));  // the last lines of a process that was not killed
  return read('vmm.log');
}

describe.skipIf(skipReason !== undefined)('seccomp in a VM process', () => {
  beforeAll(() => {
    prepareNative();
    execFileSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
    work = mkdtempSync(join(tmpdir(), 'tshyve-seccomp-'));
  }, 120_000);
  afterAll(() => {
    if (work && existsSync(work)) rmSync(work, { recursive: true, force: true });
  });

  it('ends the process when a vCPU thread calls a syscall outside its allow-list', async () => {
    const log = await runToEnd('probe-vcpu', vmYaml('probe-vcpu', 'seccomp_vcpu'));
    expect(log).toMatch(/tshyve: seccomp: thread vcpu called forbidden syscall 41 \(socket\); ending the VM process/);
    expect(log).not.toMatch(/guest exited/);
  }, 60_000);

  it('ends the process when the event-loop thread does', async () => {
    const log = await runToEnd('probe-loop', vmYaml('probe-loop', 'seccomp_evloop', '  rng: true\n'));
    expect(log).toMatch(/tshyve: seccomp: thread event-loop called forbidden syscall 41 \(socket\); ending the VM process/);
    expect(log).not.toMatch(/still running|guest exited/);
  }, 60_000);

  it('lets the same guest run to its end with TSHYVE_SECCOMP=0', async () => {
    const log = await runToEnd('probe-off', vmYaml('probe-off', 'seccomp_vcpu'), { TSHYVE_SECCOMP: '0' });
    expect(log).toMatch(/seccomp: off \(TSHYVE_SECCOMP=0\)/);
    expect(log).toMatch(/seccomp probe: calling socket\(2\) on the vcpu thread/);
    expect(log).toMatch(/guest exited: poweroff \(status 1\)/);
    expect(log).not.toMatch(/forbidden syscall/);
  }, 60_000);
});
