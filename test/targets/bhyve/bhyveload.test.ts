// bhyveload(8) as the loader step of FreeBSD guests: every option the manifest can set (-c -d -e -h
// -l -S), the console that follows com1, the import of a `bhyveload …` + `bhyve …` script, and the
// KVM backend's diagnostic for a VM that needs it.
import { describe, expect, it } from 'vitest';
import { importBhyveScripts } from '../../../src/targets/bhyve/import-script.js';
import { kvmBackendUnsupported } from '../../../src/runtime/kvm-support.js';
import { vmToNativeConfig } from '../../../src/runtime/native-config.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTexts, EXAMPLES } from './helpers.js';

const vm = (firmware: string, rest = '') => `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: fbsd }
spec:
  cpus: 2
  memory: 2G
  firmware: ${firmware}
  disks: [{ path: /vm/fbsd.img }, { path: /iso/install.iso, device: ahci-cd }]
${rest}`;

describe('bhyveload loader step', () => {
  it("writes every option in vmrun.sh's order, with -S when memory is wired", () => {
    const { result } = compileTexts([
      {
        file: 'a.yaml',
        text: vm(
          '{ bhyveload: { bootDisk: 1, loaderEnv: { boot_verbose: "YES", "vfs.root.mountfrom": "ufs:/dev/vtbd0p2" }, hostBase: /usr/obj/kernel, osLoader: /boot/userboot.so } }',
          '  wiredMemory: true\n  serial: { com1: { mode: stdio } }\n',
        ),
      },
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(result.vms[0]!.loader).toEqual({
      argv: [
        'bhyveload',
        '-m',
        '2G',
        '-d',
        '/iso/install.iso',
        '-e',
        'boot_verbose=YES',
        '-e',
        'vfs.root.mountfrom=ufs:/dev/vtbd0p2',
        '-l',
        '/boot/userboot.so',
        '-h',
        '/usr/obj/kernel',
        '-S',
        'fbsd',
      ],
      files: [],
    });
  });

  it('without consoleDevice and with com1 on stdio: the two-step boot `bhyveload -m 1024M -d ./guest.img guestname`', () => {
    const text = readFileSync(join(EXAMPLES, 'handbook-freebsd-boot.yaml'), 'utf8').replace(
      'bhyveload: { consoleDevice: stdio }',
      'bhyveload: {}',
    );
    expect(compileTexts([{ file: 'b.yaml', text }]).result.vms[0]!.loader!.argv).toEqual([
      'bhyveload',
      '-m',
      '1024M',
      '-d',
      '/vm/guest.img',
      'guestname',
    ]);
  });

  it("puts the loader on com1's null modem (socket mode, the default) or tty", () => {
    const socket = compileTexts([{ file: 'a.yaml', text: vm('{ bhyveload: {} }') }]).result.vms[0]!;
    expect(socket.loader!.argv).toEqual(['bhyveload', '-c', '/dev/nmdm-fbsd.1A', '-m', '2G', '-d', '/vm/fbsd.img', 'fbsd']);
    const tty = compileTexts([{ file: 'a.yaml', text: vm('{ bhyveload: {} }', '  serial: { com1: { mode: tty, path: /dev/nmdm0A } }\n') }])
      .result.vms[0]!;
    expect(tty.loader!.argv.slice(0, 3)).toEqual(['bhyveload', '-c', '/dev/nmdm0A']);
  });

  it('imports a hand-written bhyveload + bhyve script, keeping what differs from the defaults', () => {
    const script = [
      'truncate -s 16G /vm/fbsd.img',
      'bhyveload -c stdio -m 2G -d /iso/install.iso -e boot_verbose=YES -h /usr/obj/kernel fbsd',
      'bhyve -A -H -P -c 2 -m 2G -s 0,hostbridge -s 3,virtio-blk,/vm/fbsd.img -s 4,ahci-cd,/iso/install.iso -s 31,lpc -l com1,/dev/nmdm0A fbsd',
    ].join('\n');
    const imported = importBhyveScripts([script]);
    expect(imported.warnings).toEqual([]);
    const doc = imported.documents.find((d) => d.kind === 'VirtualMachine') as { spec: Record<string, unknown> };
    expect(doc.spec.firmware).toEqual({
      bhyveload: { bootDisk: 1, loaderEnv: { boot_verbose: 'YES' }, consoleDevice: 'stdio', hostBase: '/usr/obj/kernel' },
    });
    expect(doc.spec.disks).toEqual([
      { volume: 'fbsd', slot: '3' },
      { path: '/iso/install.iso', device: 'ahci-cd', slot: '4' },
    ]);
  });

  it('warns about what one bhyveload line carries that the manifest cannot', () => {
    const script =
      'bhyveload -m 1G -d /a.img -d /b.img -S x\nbhyve -s 0,hostbridge -s 1,lpc -s 2,virtio-blk,/a.img -s 3,virtio-blk,/b.img -m 2G x';
    const warnings = importBhyveScripts([script]).warnings.join('\n');
    expect(warnings).toMatch(/-d \/b\.img dropped/);
    expect(warnings).toMatch(/-m 1G differs from bhyve -m 2G/);
    expect(warnings).toMatch(/-S/);
  });
});

describe('bhyveload on the KVM backend', () => {
  const { loaded } = compileTexts([{ file: 'a.yaml', text: vm('{ bhyveload: {} }') }]);
  const fbsd = loaded.state.vms[0]!;

  it('is a diagnostic naming the bhyve target', () => {
    const problems = kvmBackendUnsupported(fbsd);
    expect(problems.find((p) => p.path === 'spec.firmware.bhyveload')?.message).toMatch(
      /bhyveload boots FreeBSD guests on the bhyve target only/,
    );
  });

  it('is refused by the native config mapping with the same words, not a crash', async () => {
    await expect(vmToNativeConfig(fbsd, { kvmPath: '/dev/null' })).rejects.toThrow(
      /bhyveload boots FreeBSD guests on the bhyve target only/,
    );
  });
});
