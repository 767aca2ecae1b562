// Disk limits on the bhyve target: rctl(8) throttle rules on the bhyve process in run.sh (vm-bhyve's
// limit_rbps/limit_wbps/limit_riops/limit_wiops), run by sh with fake bhyve and rctl on PATH; summed
// over disks with a warning; NIC limits and bursts warned; imported back from run.sh.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { importBhyveScripts } from '../../../src/targets/bhyve/import-script.js';
import { importLimits } from '../../../src/targets/bhyve/rctl-limits.js';
import { compileTexts } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tshyve-bhyve-rctl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const vm = (disks: string, nics = '') => `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: lim }
spec:
  cpus: 1
  memory: 256M
  firmware: { bootrom: { image: /usr/local/share/uefi-firmware/BHYVE_UEFI.fd } }
  hostbridge: { slot: "0:0" }
  lpc: { slot: "31:0" }
  disks:
${disks}
  serial:
    com1: { mode: stdio }
${nics}`;

describe('disk limits as rctl rules', () => {
  it('writes vm-bhyve variables and rctl rules on the bhyve pid, and rctl sees the pid bhyve runs as', () => {
    const { result } = compileTexts(
      [{ file: 'lim.yaml', text: vm('    - { path: /vm/a.img, slot: "2:0", limits: { bandwidth: 50M, iops: 1000 } }') }],
      {
        stateDir: join(dir, 'state'),
      },
    );
    expect(result.diagnostics).toEqual([]);
    const script = result.vms[0]!.runScript;
    expect(script).toContain('limit_rbps=52428800\nlimit_wbps=52428800\nlimit_riops=1000\nlimit_wiops=1000\n');
    writeFileSync(join(dir, 'calls'), '');
    const fake = (name: string, body: string) => {
      writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(dir, name), 0o755);
    };
    // bhyve records its own pid and powers off (exit 1); rctl records its rule.
    fake('bhyve', `echo "bhyve $$ $(head -c 5)" >> "${dir}/calls"; sleep 0.2; exit 1`);
    fake('rctl', `echo "rctl $*" >> "${dir}/calls"`);
    fake('bhyvectl', 'exit 0');
    const path = join(dir, 'run.sh');
    writeFileSync(path, script);
    execFileSync('sh', ['-n', path]);
    const child = spawnSync('sh', [path], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
      input: 'hello',
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.status).toBe(1); // bhyve's poweroff status, through the wait
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    const [, pid, stdin] = calls.find((c) => c.startsWith('bhyve '))!.split(' ');
    expect(stdin).toBe('hello'); // the stdio console still reads the script's stdin
    expect(calls.filter((c) => c.startsWith('rctl')).sort()).toEqual(
      [
        `rctl -a process:${pid}:readbps:throttle=52428800`,
        `rctl -a process:${pid}:writebps:throttle=52428800`,
        `rctl -a process:${pid}:readiops:throttle=1000`,
        `rctl -a process:${pid}:writeiops:throttle=1000`,
      ].sort(),
    );
  });

  it('imports the limits back from run.sh', () => {
    const text = vm('    - { path: /vm/a.img, slot: "2:0", limits: { bandwidth: 50M, iops: 1000 } }');
    const { result } = compileTexts([{ file: 'lim.yaml', text }]);
    const imported = importBhyveScripts(result.vms.map((v) => v.runScript));
    expect(imported.warnings).toEqual([]);
    const original = parseAllDocuments(text).map((d) => d.toJS())[0];
    const back = imported.documents.find((d) => d.kind === 'VirtualMachine') as { spec: { disks: unknown[] } };
    expect(back.spec.disks).toEqual(original.spec.disks);
  });

  it('sums the limits of several disks (rctl limits the process) and says so', () => {
    const { result } = compileTexts([
      {
        file: 'lim.yaml',
        text: vm(
          '    - { path: /vm/a.img, slot: "2:0", limits: { bandwidth: 10M, iopsBurst: 50, iops: 100 } }\n' +
            '    - { path: /vm/b.img, slot: "3:0", limits: { bandwidth: 0.5K } }\n' +
            '    - { path: /vm/c.img, slot: "4:0" }',
          '  nics:\n    - { bridge: lan, limits: { tx: { packets: 100 } } }\n---\napiVersion: tshyve.dev/v1alpha1\nkind: Bridge\nmetadata: { name: lan }\nspec: { name: bridge0 }\n',
        ),
      },
    ]);
    const script = result.vms[0]!.runScript;
    expect(script).toContain(`limit_rbps=${10 * 2 ** 20 + 512}\n`);
    expect(script).toContain('limit_riops=100\n');
    expect(result.diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'VirtualMachine/lim spec.nics[0].limits: bhyve has no NIC rate limit (rctl(8) has no network resource); `limits` is ignored',
      'VirtualMachine/lim spec.disks[0].limits.iopsBurst: rctl(8) throttles to a rate and has no burst; the burst is ignored',
      "VirtualMachine/lim spec.disks: rctl(8) limits the bhyve process: its 3 disks share 10486272 bytes/s and 100 IOPS (the sum of the disks' limits)",
    ]);
  });

  it('leaves run.sh as before when no disk has limits', () => {
    const { result } = compileTexts([{ file: 'lim.yaml', text: vm('    - { path: /vm/a.img, slot: "2:0" }') }]);
    expect(result.vms[0]!.runScript).not.toMatch(/rctl|limit_|&$/m);
  });

  it('reads vm-bhyve style figures, taking the smaller of read and write', () => {
    const warnings: string[] = [];
    const v = new Map([
      ['limit_rbps', '"20M"'],
      ['limit_wbps', '10M'],
      ['limit_riops', '500'],
    ]);
    expect(importLimits(v, (m) => warnings.push(m))).toEqual({ bandwidth: '10M', iops: 500 });
    expect(warnings).toHaveLength(2);
    expect(importLimits(new Map([['limit_rbps', '0']]), (m) => warnings.push(m))).toBeUndefined();
  });
});
