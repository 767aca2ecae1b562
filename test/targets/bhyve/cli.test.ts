// `tshyve compile --target bhyve` and `tshyve import bhyve`, run in-process through main().
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { EXAMPLES } from './helpers.js';

const out = mkdtempSync(join(tmpdir(), 'tshyve-bhyve-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function cli(args: string[]) {
  const stdout: string[] = [],
    stderr: string[] = [];
  const code = await main(args, { out: (l) => stdout.push(l), err: (l) => stderr.push(l) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('tshyve compile --target bhyve / import bhyve', () => {
  it('prints host steps and command lines', async () => {
    const r = await cli(['compile', '--target', 'bhyve', join(EXAMPLES, 'handbook-zvol.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('zfs create -V16G -o volmode=dev zroot/linuxdisk0');
    expect(r.stdout).toContain('bhyve -A -H -P -c 4 -m 1024M -s 0:0,hostbridge');
    expect(r.stdout).toContain('bhyvectl --destroy --vm=linuxguest');
  });

  it('writes the tree with --out, and imports it back', async () => {
    const r = await cli(['compile', '--target', 'bhyve', join(EXAMPLES, 'handbook-host.yaml'), '--out', out]);
    expect(r.code).toBe(0);
    expect(statSync(join(out, 'vms/guestname/run.sh')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(out, 'boot/loader.conf'), 'utf8')).toContain('vmm_load="YES"');
    expect(readFileSync(join(out, 'vms/guestname/bhyve.conf'), 'utf8')).toContain('pci.0.2.0.backend=tap0');
    const back = await cli(['import', 'bhyve', '--file', join(out, 'host-setup.sh'), '--file', join(out, 'vms/guestname/run.sh')]);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('kind: Bridge');
    expect(back.stdout).toContain('volume: guest');
  });

  it('prints the bhyveload step of a FreeBSD guest, and imports its bhyve.conf', async () => {
    const r = await cli(['compile', '--target', 'bhyve', join(EXAMPLES, 'handbook-freebsd-boot.yaml'), '--out', join(out, 'fbsd')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'fbsd/vms/guestname/argv.json'), 'utf8')).loader).toEqual([
      'bhyveload',
      '-c',
      'stdio',
      '-m',
      '1024M',
      '-d',
      '/vm/guest.img',
      'guestname',
    ]);
    expect(readFileSync(join(out, 'fbsd/vms/guestname/run.sh'), 'utf8')).toContain(
      '  bhyveload -c stdio -m 1024M -d /vm/guest.img guestname\n',
    );
    const back = await cli([
      'import',
      'bhyve',
      '--json',
      '--file',
      join(out, 'fbsd/host-setup.sh'),
      '--file',
      join(out, 'fbsd/vms/guestname/run.sh'),
    ]);
    const vm = (JSON.parse(back.stdout) as { documents: { kind: string; spec: { firmware: unknown } }[] }).documents.find(
      (d) => d.kind === 'VirtualMachine',
    )!;
    expect(vm.spec.firmware).toEqual({ bhyveload: { consoleDevice: 'stdio' } });
    const conf = await cli(['import', 'bhyve', '--file', join(out, 'fbsd/vms/guestname/bhyve.conf')]);
    expect(conf.code).toBe(0);
    expect(conf.stdout).toContain('name: guestname');
    // The loader step lives in run.sh, not in bhyve_config(5): said, not dropped silently.
    expect(conf.stderr).toMatch(/no bhyveload step/);
  });

  it('imports a command line given after --', async () => {
    const r = await cli([
      'import',
      'bhyve',
      '--json',
      '--',
      'bhyve',
      '-c',
      '2',
      '-m',
      '1G',
      '-s',
      '0,hostbridge',
      '-s',
      '1,lpc',
      '-s',
      '2,virtio-net,tap0',
      '-l',
      'bootrom,/fw.fd',
      'vm1',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { documents: { kind: string }[] };
    expect(json.documents.map((d) => d.kind)).toEqual(['Tap', 'VirtualMachine']);
  });

  it('rejects an unknown target', async () => {
    expect((await cli(['compile', '--target', 'xen', EXAMPLES])).code).toBe(2);
  });
});
