// spec.restoreFrom compiled for bhyve(8): the first run is `bhyve … -r FILE …` (after -p, before
// every -s, as the synopsis orders it, with the same -s and -l), without the loader; a reboot of
// the restored guest then boots as usual. run.sh is executed by sh with fake bhyve, bhyvectl and
// grub-bhyve on PATH that record their calls.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileTexts } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tshyve-bhyve-restore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (extra: string) => `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: web }
spec:
  cpus: 2
  cpuPinning: [{ vcpu: 0, hostCpu: 1 }]
  memory: 512M
  firmware: { linux: { kernel: /boot/vmlinuz } }
  serial: { com1: { mode: stdio } }
  disks: [{ path: /vm/web.img }]
  restartPolicy: { onPoweroff: stop, onReboot: restart }
${extra}`;

function fake(name: string, body: string): void {
  writeFileSync(join(dir, name), `#!/bin/sh\necho "${name} $*" >> "${dir}/calls"\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
}

describe('bhyve target: spec.restoreFrom', () => {
  const { result } = compileTexts([{ file: 'web.yaml', text: spec('  restoreFrom: /vm/snapshots/web.snapshot\n') }], {
    stateDir: join(dir, 'state'),
  });
  const vm = result.vms[0]!;

  it('compiles to -r FILE after -p and before the first -s, keeping every other argument', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const r = vm.restoreArgv!;
    expect(r.slice(r.indexOf('-p'), r.indexOf('-p') + 5)).toEqual(['-p', '0:1', '-r', '/vm/snapshots/web.snapshot', '-s']);
    expect(r.filter((a, i) => !(a === '-r' || r[i - 1] === '-r'))).toEqual(vm.argv);
    expect(vm.argv).not.toContain('-r');
  });

  it('leaves a VM without restoreFrom as it was', () => {
    const plain = compileTexts([{ file: 'web.yaml', text: spec('') }], { stateDir: join(dir, 'state') }).result.vms[0]!;
    expect(plain.restoreArgv).toBeUndefined();
    expect(plain.runScript).not.toContain('restore=1');
    const bhyveLines = plain.runScript.split('\n').filter((l) => /^\s*bhyve /.test(l));
    expect(bhyveLines.length).toBe(1);
    expect(bhyveLines[0]).not.toContain(' -r ');
    expect(plain.argv).toEqual(vm.argv);
  });

  it('run.sh resumes once without the loader, then a reboot loads and boots', () => {
    writeFileSync(join(dir, 'calls'), '');
    writeFileSync(join(dir, 'statuses'), '0\n1\n'); // the restored guest reboots, then powers off
    fake('bhyve', `s=$(head -n 1 "${dir}/statuses"); sed -i.bak 1d "${dir}/statuses"; exit "\${s:-1}"`);
    fake('bhyvectl', 'exit 0');
    fake('grub-bhyve', 'exit 0');
    const script = join(dir, 'run.sh');
    writeFileSync(script, vm.runScript);
    execFileSync('sh', ['-n', script]);
    const r = spawnSync('sh', [script], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8', timeout: 10_000 });
    expect(r.status, r.stderr).toBe(1);
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    const tools = calls.map((c) => c.split(' ')[0]);
    expect(tools).toEqual(['bhyvectl', 'bhyve', 'bhyvectl', 'grub-bhyve', 'bhyve', 'bhyvectl']);
    expect(calls[1]).toContain(' -r /vm/snapshots/web.snapshot ');
    expect(calls[4]).not.toContain(' -r ');
  });

  it('argv.json records the restore argv beside the boot one', async () => {
    const { listCompiledFiles } = await import('../../../src/targets/bhyve/compile.js');
    const argvJson = listCompiledFiles(result).find((f) => f.path === 'vms/web/argv.json')!;
    expect(JSON.parse(argvJson.content).restore).toEqual(vm.restoreArgv);
  });
});
