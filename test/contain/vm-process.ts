// Helpers for tests that run a micro guest in a real VM process (`tshyve apply` -> `tshyve vm-run`)
// with its own spec and state directories under one temporary directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../src/runtime/native.js';
import { guest, prepareNative } from '../runtime/kvm-env.js';

const bin = join(repoRoot, 'bin', 'tshyve.js');
let work = '';

export function vmYaml(name: string, rom: string, extra = ''): string {
  return (
    `apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: ${name} }\nspec:\n  cpus: 1\n  memory: 32MiB\n` +
    `  firmware: { bootrom: { image: ${guest(rom)} } }\n  testDevice: true\n${extra}`
  );
}

export async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function alive(pid: number): boolean {
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
export async function runToEnd(
  name: string,
  yaml: string,
  env: NodeJS.ProcessEnv = {},
  end = /forbidden syscall|guest exited/,
): Promise<string> {
  const specDir = join(work, name, 'vms');
  const stateDir = join(work, name, 'state');
  mkdirSync(specDir, { recursive: true });
  writeFileSync(join(specDir, `${name}.yaml`), yaml);
  spawnSync(process.execPath, [bin, 'apply', specDir, '--state-dir', stateDir], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  const vmDir = join(stateDir, 'vms', name);
  const read = (file: string) => (existsSync(join(vmDir, file)) ? readFileSync(join(vmDir, file), 'utf8') : '');
  await until('the VM process to end', () => (end.test(read('vmm.log')) ? read('vmm.log') : undefined));
  const pid = (JSON.parse(read('status.json') || '{}') as { pid?: number }).pid;
  if (pid) await until('the VM process to be gone', () => (alive(pid) ? undefined : true));
  await new Promise((r) => setTimeout(r, 200)); // the last lines of a process that was not killed
  return read('vmm.log');
}

export function prepare(prefix: string): void {
  prepareNative();
  execFileSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), prefix));
}

export function cleanUp(): void {
  if (work && existsSync(work)) rmSync(work, { recursive: true, force: true });
}

export function workDir(): string {
  return work;
}

/** Applies one VM and returns its directory in the state dir once its process has recorded its pid. */
export async function applyRunning(name: string, yaml: string, env: NodeJS.ProcessEnv = {}): Promise<{ vmDir: string; pid: number }> {
  const specDir = join(work, name, 'vms');
  const stateDir = join(work, name, 'state');
  mkdirSync(specDir, { recursive: true });
  writeFileSync(join(specDir, `${name}.yaml`), yaml);
  const apply = spawnSync(process.execPath, [bin, 'apply', specDir, '--state-dir', stateDir], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  if (apply.status !== 0) throw new Error(`apply failed: ${apply.stdout}${apply.stderr}`);
  const vmDir = join(stateDir, 'vms', name);
  const pid = (JSON.parse(readFileSync(join(vmDir, 'status.json'), 'utf8')) as { pid: number }).pid;
  return { vmDir, pid };
}
