// Host facts (memory this host has, firmware files it holds) are warnings in `validate`, which must
// pass on any machine (CI), and errors in `plan`/`apply`/`run` on the host that would run the VM.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { enforceHostFacts } from '../../src/manifest/diagnostics.js';
import { loadSpecs } from '../../src/manifest/load.js';

const BIGVM = join(import.meta.dirname, '../../examples/bhyve/man-bigvm.yaml');
const GIB = 2 ** 30;

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('host facts', () => {
  it('the bhyve man page bigvm (24G) on a 24 GiB machine: a warning at load, an error once enforced', async () => {
    // A "24 GiB" machine reports a little less (the kernel keeps some): as this one does.
    const r = await loadSpecs(BIGVM, { hostMemoryBytes: 24 * GIB - 700 * 2 ** 20 });
    expect(r.ok).toBe(true);
    const memory = r.diagnostics.find((d) => d.code === 'memory.exceeds-host')!;
    expect(memory).toMatchObject({
      severity: 'warning',
      line: 14,
      column: 11,
      path: 'spec.memory',
      hostFact: { kind: 'VirtualMachine', name: 'bigvm' },
    });
    expect(memory.message).toBe('memory 24G is more than this host has (23.3GiB)');
    const enforced = enforceHostFacts(r.diagnostics, (kind, name) => kind === 'VirtualMachine' && name === 'bigvm');
    expect(
      enforced
        .filter((d) => d.severity === 'error')
        .map((d) => d.code)
        .sort(),
    ).toEqual(['file.missing', 'file.missing', 'memory.exceeds-host']);
    // Not enforced for a VM that does not run here.
    expect(enforceHostFacts(r.diagnostics, () => false).some((d) => d.severity === 'error')).toBe(false);
  });

  it('validate passes on this machine; plan refuses with the same positions', async () => {
    const v = await cli('validate', BIGVM);
    expect(v.code).toBe(0);
    expect(v.err).toMatch(
      /man-bigvm\.yaml:16:22 {2}spec\.firmware\.linux\.kernel {2}warning: kernel \/my\/vmlinuz does not exist on this host/,
    );
    expect(v.err).toMatch(/note: \d+ warnings? depends? on this machine/);
    const p = await cli('plan', BIGVM, '--state-dir', mkdtempSync(join(tmpdir(), 'tshyve-facts-')));
    expect(p.code).toBe(1);
    expect(p.err).toMatch(/man-bigvm\.yaml:16:22 {2}spec\.firmware\.linux\.kernel {2}error: kernel \/my\/vmlinuz does not exist/);
    if (totalmem() < 24 * GIB)
      expect(p.err).toMatch(/man-bigvm\.yaml:14:11 {2}spec\.memory {2}error: memory 24G is more than this host has/);
  });

  it('a missing spec.restoreFrom snapshot is a warning in validate and plan, which still plans the start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-restore-from-'));
    const snapshot = join(dir, 'gone.snapshot');
    writeFileSync(
      join(dir, 'a.yaml'),
      'apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: a }\nspec:\n  cpus: 1\n  memory: 32MiB\n' +
        `  restoreFrom: ${snapshot}\n  firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }\n`,
    );
    const warning = `a.yaml:7:16  spec.restoreFrom  warning: snapshot ${snapshot} does not exist on this host: a first start from it fails`;
    const v = await cli('validate', dir);
    expect(v.code).toBe(0);
    expect(v.err).toContain(warning);
    const p = await cli('plan', dir, '--state-dir', join(dir, 'state'));
    expect(p.code).toBe(0);
    expect(p.err).toContain(warning);
    expect(p.out).toContain(
      `+ vm a: start (declared, not running, starts from the snapshot ${snapshot} (spec.restoreFrom) instead of booting)`,
    );
  });

  it('a grub-bhyve kernel on the guest disk is not a host path; with grub-root host it is checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-grub-root-'));
    const doc = (root: string) =>
      'apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\n' +
      `metadata: { name: g, annotations: { bhyve.tshyve.dev/grub-root: "${root}" } }\n` +
      'spec:\n  cpus: 1\n  memory: 32MiB\n  firmware: { linux: { kernel: /boot/not-on-this-host } }\n' +
      `  disks: [{ path: ${join(dir, 'disk.img')} }]\n`;
    writeFileSync(join(dir, 'disk.img'), '');
    writeFileSync(join(dir, 'g.yaml'), doc('hd0,msdos1'));
    const onDisk = await cli('plan', dir, '--state-dir', join(dir, 'state'));
    expect(onDisk.err).not.toContain('/boot/not-on-this-host');
    expect(onDisk.code).toBe(0);
    writeFileSync(join(dir, 'g.yaml'), doc('host'));
    const onHost = await cli('plan', dir, '--state-dir', join(dir, 'state'));
    expect(onHost.code).toBe(1);
    expect(onHost.err).toContain('error: kernel /boot/not-on-this-host does not exist on this host');
  });
});
