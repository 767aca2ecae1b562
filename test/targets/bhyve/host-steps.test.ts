// The FreeBSD host steps and boot-time configuration match the handbook's bhyve chapter (seed 003):
// the interactive setup, `zfs create -V16G -o volmode=dev zroot/linuxdisk0`, `kldload nmdm`, and
// /boot/loader.conf, /etc/rc.conf, /etc/sysctl.conf. Normalisation: guest.img becomes /vm/guest.img.
import { describe, expect, it } from 'vitest';
import { compileExample, compileTexts } from './helpers.js';

describe('FreeBSD host steps', () => {
  it('prepare the host in the handbook order', () => {
    const { result } = compileExample('handbook-host.yaml');
    expect(result.hostSteps.map((s) => s.argv.join(' '))).toEqual([
      'kldload vmm',
      'ifconfig tap0 create',
      'sysctl net.link.tap.up_on_open=1',
      'ifconfig bridge0 create',
      'ifconfig bridge0 addm igb0 addm tap0',
      'ifconfig bridge0 up',
      'truncate -s 16G /vm/guest.img',
    ]);
  });

  it('create the zvol as the handbook does', () => {
    const { result } = compileExample('handbook-zvol.yaml');
    expect(result.hostSteps.map((s) => s.argv.join(' '))).toContain('zfs create -V16G -o volmode=dev zroot/linuxdisk0');
  });

  it('load nmdm when a console is a null modem', () => {
    const { result } = compileExample('handbook-nmdm.yaml');
    expect(result.hostSteps.map((s) => s.argv.join(' ')).slice(0, 2)).toEqual(['kldload vmm', 'kldload nmdm']);
    expect(compileExample('handbook-linux-boot.yaml').result.hostSteps.map((s) => s.argv[1])).not.toContain('nmdm');
  });

  it('render as an idempotent script', () => {
    const { result } = compileExample('handbook-host.yaml');
    expect(result.hostScript).toContain('kldstat -q -m vmm >/dev/null 2>&1 || kldload vmm\n');
    expect(result.hostScript).toContain('ifconfig tap0 >/dev/null 2>&1 || ifconfig tap0 create\n');
    expect(result.hostScript).toContain('ifconfig bridge0 addm igb0 addm tap0 || true\n');
    expect(result.hostScript).toContain('test -e /vm/guest.img >/dev/null 2>&1 || truncate -s 16G /vm/guest.img\n');
  });
});

describe('boot-time configuration', () => {
  const { result } = compileExample('handbook-host.yaml');

  it('is the handbook loader.conf', () => {
    expect(result.boot.loaderConf).toBe('vmm_load="YES"\nnmdm_load="YES"\nif_bridge_load="YES"\nif_tap_load="YES"\n');
  });

  it('is the handbook sysctl.conf', () => {
    expect(result.boot.sysctlConf).toBe('net.link.tap.up_on_open=1\n');
  });

  it('starts rc.conf with the handbook lines, then enables the rc.d script', () => {
    const lines = result.boot.rcConf.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual(['cloned_interfaces="bridge0 tap0"', 'ifconfig_bridge0="addm igb0 addm tap0"']);
    expect(lines).toContain('tshyve_enable="YES"');
    expect(lines).toContain('tshyve_vms="guestname"');
  });

  it('ships an rc.subr script that stops VMs in reverse order', () => {
    expect(result.boot.rcScript).toMatch(/^#!\/bin\/sh\n#\n# PROVIDE: tshyve\n/);
    expect(result.boot.rcScript).toContain('. /etc/rc.subr');
    expect(result.boot.rcScript).toContain('run_rc_command "$1"');
    expect(result.boot.rcScript).toContain('reversed="$vm $reversed"');
  });
});

describe('spec.run on the bhyve target', () => {
  it('leaves run: Halted VMs out of the boot list and starts the others in order', async () => {
    const { loadSpecTexts } = await import('../../../src/manifest/load.js');
    const { orderAutostart } = await import('../../../src/targets/bhyve/boot-config.js');
    const vm = (name: string, run: string, order: number) =>
      `apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: ${name} }\nspec:\n  cpus: 1\n  memory: 64MiB\n  firmware: { bootrom: { image: /x.rom } }\n  run: ${run}\n  autostart: { order: ${order} }\n`;
    const r = loadSpecTexts([
      { file: '/t.yaml', text: [vm('parked', 'Halted', 1), vm('once', 'Once', 2), vm('always', 'Always', 3)].join('---\n') },
    ]);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(orderAutostart(r.state.vms).map((v) => v.meta.name)).toEqual(['once', 'always']);
  });

  it('take volume snapshots after the volumes and clone after the snapshots', () => {
    const H = 'apiVersion: tshyve.dev/v1alpha1\n';
    const text = [
      `${H}kind: Volume\nmetadata: { name: copy }\nspec: { size: 32G, zfs: { dataset: zroot/copy }, source: { snapshot: base } }\n`,
      `${H}kind: VolumeSnapshot\nmetadata: { name: base }\nspec: { volume: disk }\n`,
      `${H}kind: Volume\nmetadata: { name: disk }\nspec: { size: 16G, zfs: { dataset: zroot/disk } }\n`,
      `${H}kind: VolumeSnapshot\nmetadata: { name: gold }\nspec: { volume: img }\n`,
      `${H}kind: Volume\nmetadata: { name: img }\nspec: { size: 1G, file: { path: /vm/img.raw } }\n`,
    ].join('---\n');
    const { result } = compileTexts([{ file: '/vm/specs.yaml', text }]);
    expect(result.hostSteps.map((s) => s.argv.join(' ')).slice(-5)).toEqual([
      'zfs create -V16G -o volmode=dev zroot/disk',
      'truncate -s 1G /vm/img.raw',
      'zfs snapshot zroot/disk@base',
      'cp /vm/img.raw /vm/img.raw@gold',
      'zfs clone -o volmode=dev zroot/disk@base zroot/copy',
    ]);
    expect(result.hostScript).toContain(
      'zfs list -H -o name zroot/copy >/dev/null 2>&1 || { zfs clone -o volmode=dev zroot/disk@base zroot/copy && zfs set volsize=32G zroot/copy; }\n',
    );
  });
});
