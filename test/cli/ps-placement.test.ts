// `ps` says why a declared VM does not run on this host, and what it says of names it does not know;
// a failure that is a permission problem says what was needed.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure, main } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';

const rootReason = process.getuid?.() === 0 ? undefined : 'apply observes the host with ip(8), which needs root here';
let work: string;

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe.skipIf(rootReason !== undefined)('ps and placement', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tshyve-ps-'));
    mkdirSync(join(work, 'vms'));
    writeFileSync(
      join(work, 'vms', 'elsewhere.yaml'),
      `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: elsewhere }
spec:
  cpus: 1
  memory: 32MiB
  firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }
  placement: { hosts: [rack-9-host], hostSelector: { tshyve.dev/kvm: hardware } }
`,
    );
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('shows a declared VM placed on another host as `not placed`, with the reason', async () => {
    const state = join(work, 'state');
    const apply = capture();
    expect(
      await main(['apply', join(work, 'vms'), '--state-dir', state, '--host', 'here', '--host-label', 'tshyve.dev/kvm=pvm'], apply),
    ).toBe(0);
    const ps = capture();
    expect(await main(['ps', '--state-dir', state], ps)).toBe(0);
    expect(ps.stdout[1]).toMatch(/^elsewhere +not placed /);
    expect(ps.stderr.join('\n')).toContain(
      'elsewhere: not placed on this host: placement.hosts [rack-9-host] does not name this host (here)',
    );
    const json = capture();
    expect(await main(['ps', 'elsewhere', '--json', '--state-dir', state], json)).toBe(0);
    expect(JSON.parse(json.stdout.join('\n'))).toMatchObject({ ok: true, vms: [{ name: 'elsewhere', state: 'not placed', pid: null }] });
    const none = capture();
    expect(await main(['ps', 'nobody', '--state-dir', state], none)).toBe(1);
    expect(none.stderr[0]).toMatch(/no such VM: nobody/);
  });

  it('a permission failure says what was needed', () => {
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/var/lib/tshyve'"), {
      code: 'EACCES',
      path: '/var/lib/tshyve',
    });
    expect(describeFailure(denied)).toEqual({
      code: 'TSHYVE_PERMISSION',
      message: 'permission denied on /var/lib/tshyve: run as root, or give --state-dir a directory you own',
    });
  });
});

describe.skipIf(rootReason !== undefined)('symlinked paths', () => {
  it('a disk that is a symlink into /etc is refused at validate time; a harmless symlink is shown by plan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-links-'));
    try {
      symlinkSync('/etc/passwd', join(dir, 'innocent.img'));
      writeFileSync(join(dir, 'real.img'), Buffer.alloc(4096));
      symlinkSync(join(dir, 'real.img'), join(dir, 'alias.img'));
      const vm = (name: string, disk: string) =>
        `apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: ${name} }\nspec:\n  cpus: 1\n  memory: 32MiB\n  firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }\n  disks: [{ path: ${disk} }]\n  autostart: { enabled: false }\n`;
      mkdirSync(join(dir, 'bad'));
      writeFileSync(join(dir, 'bad', 'vm.yaml'), vm('bad', join(dir, 'innocent.img')));
      const v = capture();
      expect(await main(['validate', join(dir, 'bad')], v)).toBe(1);
      expect(v.stderr.join('\n')).toMatch(/spec\.disks\[0\]\.path +error: .*innocent\.img \(a symlink to \/etc\/passwd\) is inside \/etc/);
      mkdirSync(join(dir, 'good'));
      writeFileSync(join(dir, 'good', 'vm.yaml'), vm('good', join(dir, 'alias.img')));
      const p = capture();
      expect(await main(['plan', join(dir, 'good'), '--state-dir', join(dir, 'state')], p)).toBe(0);
      expect(p.stdout.join('\n')).toContain(
        `note: ${join(dir, 'good', 'vm.yaml')}: spec.disks[0].path ${join(dir, 'alias.img')} is a symlink to ${join(dir, 'real.img')}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
