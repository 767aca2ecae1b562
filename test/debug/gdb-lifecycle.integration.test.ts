// End to end through the CLI and the contained `vm-run` process (seccomp, mount namespace, user
// drop): `tshyve start` of a VM with spec.gdb waitForAttach holds the guest until Debian's gdb
// attaches, stops it at a hardware breakpoint and detaches; a VM with a UEFI vars template
// programs its per-VM flash copy and finds the bytes on its next start.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { observeVms } from '../../src/supervise/observe-vms.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';
import { freePort, gdbAvailable, labelAddress, runGdb } from './gdb-env.js';

const skipReason = kvmUnavailableReason() ?? (gdbAvailable() ? undefined : 'gdb is not installed');
if (skipReason) console.log(`gdb/vars lifecycle tests skipped: ${skipReason}`);

const bin = join(repoRoot, 'bin', 'tshyve.js');
let work: string;
let specDir: string;
let stateDir: string;
let port: number;

function tshyve(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args, '--state-dir', stateDir], { encoding: 'utf8', timeout: 60_000 });
}

async function until(what: string, probe: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A one-shot VM running micro guest `rom`; `vars`: with the 16 KiB vars template; `extra`: more spec lines. */
function vmYaml(name: string, rom: string, opts: { vars?: boolean; extra?: string }): string {
  const vars = opts.vars ? `, varsTemplate: ${join(work, 'vars-template.fd')}` : '';
  return `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: ${name} }
spec:
  cpus: 1
  memory: 32MiB
  firmware: { bootrom: { image: ${guest(rom)}${vars} } }
  testDevice: true
  run: Once
  stopTimeout: 2s
  autostart: { enabled: false }
${opts.extra ?? ''}`;
}

describe.skipIf(skipReason !== undefined)('spec.gdb and UEFI vars through start and vm-run', () => {
  beforeAll(async () => {
    prepareNative();
    execFileSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
    work = mkdtempSync(join(tmpdir(), 'tshyve-gdb-'));
    specDir = join(work, 'vms');
    stateDir = join(work, 'state');
    mkdirSync(specDir);
    port = await freePort();
    writeFileSync(join(work, 'vars-template.fd'), Buffer.alloc(16 * 1024, 0xff));
    writeFileSync(join(specDir, 'dbg.yaml'), vmYaml('dbg', 'gdb_target', { extra: `  gdb: { port: ${port}, waitForAttach: true }\n` }));
    writeFileSync(join(specDir, 'uefi.yaml'), vmYaml('uefi', 'flash_cfi', { vars: true }));
    const applied = tshyve('apply', specDir);
    expect(applied.status, applied.stderr).toBe(0);
  });

  afterAll(async () => {
    if (stateDir)
      for (const vm of await observeVms(stateDir).catch(() => []))
        if (vm.alive && vm.status.pid) {
          try {
            process.kill(vm.status.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the guest until gdb attaches, stops at an hbreak, and runs on after detach', async () => {
    const r = tshyve('start', 'dbg');
    expect(r.status, r.stderr).toBe(0);
    const logs = () => tshyve('logs', 'dbg').stdout;
    await new Promise((res) => setTimeout(res, 1000));
    expect(logs()).toBe('');
    const mark = labelAddress('gdb_mark');
    const out = await runGdb([
      `target remote 127.0.0.1:${port}`,
      `hbreak *0x${mark.toString(16)}`,
      'continue',
      'info registers rip',
      'detach',
    ]);
    expect(out).toMatch(new RegExp(`rip\\s+0x${mark.toString(16)}\\s`));
    expect(out).toContain('detached');
    await until('the guest to finish', () => logs().includes('gdb target done'));
    expect(logs()).toMatch(/tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n/);
  });

  it("programs the VM's own vars copy and finds it on the next start", async () => {
    const vars = join(stateDir, 'vms', 'uefi', 'firmware-vars.fd');
    const logs = () => tshyve('logs', 'uefi').stdout;
    expect(tshyve('start', 'uefi').status).toBe(0);
    await until('the first boot', () => logs().includes('programmed TSHY'));
    expect(readFileSync(vars).subarray(0x1000, 0x1004).toString('latin1')).toBe('TSHY');
    expect(readFileSync(join(work, 'vars-template.fd')).every((b) => b === 0xff)).toBe(true);
    await until('the VM to stop', () => !tshyve('status', 'uefi').stdout.includes('running'));
    expect(tshyve('start', 'uefi').status).toBe(0);
    await until('the second boot', () => logs().includes('found TSHY'));
    await until('the erase', () => logs().includes('erased'));
  });
});
