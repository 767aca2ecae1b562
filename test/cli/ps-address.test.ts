// `ps` and `status` show each VM's guest address: the ADDRESS column (`-` while unknown), `address`
// and per-NIC `addresses` in `ps --json`, and `vms` in `status --json`; from lease files this test writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { BRIDGE_YAML, declare, leaseLine, resolveVms, writeLeases } from './guest-fixture.js';

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const vm = (name: string) => `---
apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: ${name} }
spec: { cpus: 1, memory: 32MiB, firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }, nics: [{ bridge: lan }] }
`;

describe('guest addresses in ps and status', () => {
  const state = mkdtempSync(join(tmpdir(), 'tshyve-ps-addr-'));
  afterAll(() => rmSync(state, { recursive: true, force: true }));

  it('ps: the lease of the MAC, or -', async () => {
    const vms = resolveVms(BRIDGE_YAML + vm('api') + vm('web'));
    await declare(state, vms);
    const web = vms.find((v) => v.meta.name === 'web')!;
    writeLeases(state, 'lan', [leaseLine(web.nics[0]!.mac, '10.99.0.23', 600, 'web')]);
    const text = capture();
    expect(await main(['ps', '--state-dir', state], text)).toBe(0);
    expect(text.stdout[0]).toMatch(/^NAME +STATE +PID +ADDRESS +UPTIME/);
    expect(text.stdout[1]).toMatch(/^api +declared +- +- +/);
    expect(text.stdout[2]).toMatch(/^web +declared +- +10\.99\.0\.23 +/);
    const json = capture();
    expect(await main(['ps', 'web', '--json', '--state-dir', state], json)).toBe(0);
    expect(JSON.parse(json.stdout.join('\n')).vms[0]).toMatchObject({
      name: 'web',
      address: '10.99.0.23',
      addresses: [{ nic: 0, mac: web.nics[0]!.mac, bridge: 'lan', address: '10.99.0.23', source: 'lease', hostname: 'web' }],
    });
    const api = capture();
    await main(['ps', 'api', '--json', '--state-dir', state], api);
    expect(JSON.parse(api.stdout.join('\n')).vms[0]).toMatchObject({ address: null, addresses: [{ address: null, source: null }] });
  });

  it('status --json lists each VM with its address', async () => {
    const out = capture();
    expect(await main(['status', '--json', '--state-dir', state], out)).toBe(4); // no agent ever ran here
    expect(JSON.parse(out.stdout.join('\n')).vms).toEqual([
      { name: 'api', state: 'declared', address: null },
      { name: 'web', state: 'declared', address: '10.99.0.23' },
    ]);
  });
});
