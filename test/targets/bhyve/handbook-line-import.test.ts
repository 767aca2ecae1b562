// `tshyve import bhyve` of the FreeBSD handbook's own line, with `-g 0` (the gdb port flag of older
// bhyve(8) releases): every device and the VM name kept, -g dropped with a warning, relative
// image paths resolved against --base-dir with a note.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../../src/cli/main.js';
import { importBhyveArgv, emptyImportContext } from '../../../src/targets/bhyve/import-argv.js';
import { splitShellWords } from '../../../src/targets/bhyve/shell-words.js';

const LINE =
  'bhyve -c 4 -m 1024M -H -A -P -g 0 -s 0:0,hostbridge -s 1:0,lpc -s 2:0,virtio-net,tap0 -s 3:0,virtio-blk,./test.img -s 4:0,ahci-cd,./install.iso -l com1,stdio -c 4 guestname';

async function cli(args: string[]) {
  const stdout: string[] = [],
    stderr: string[] = [];
  const code = await main(args, { out: (l) => stdout.push(l), err: (l) => stderr.push(l) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('import of the handbook line with -g 0', () => {
  it('keeps the name and every device; -g is dropped with a warning', () => {
    const vm = importBhyveArgv(splitShellWords(LINE), { ...emptyImportContext(), baseDir: '/vm' });
    expect(vm.name).toBe('guestname');
    expect(vm.document).toMatchObject({
      metadata: { name: 'guestname' },
      spec: {
        cpus: 4,
        memory: '1024M',
        acpi: true,
        yieldOnHlt: true,
        exitOnPause: true,
        hostbridge: { slot: '0:0' },
        lpc: { slot: '1:0' },
        nics: [{ tap: 'tap0', slot: '2:0' }],
        disks: [
          { path: '/vm/test.img', slot: '3:0' },
          { path: '/vm/install.iso', device: 'ahci-cd', slot: '4:0' },
        ],
        serial: { com1: { mode: 'stdio' } },
      },
    });
    expect(vm.warnings).toContain('-g 0: the gdb port flag of older bhyve releases (now -G) is dropped (0 meant no debugger)');
    expect(vm.warnings.join('\n')).not.toMatch(/extra operands|names no VM|unknown flag/);
    expect(vm.notes).toEqual([
      './test.img is relative: resolved against /vm as /vm/test.img (--base-dir changes the directory)',
      './install.iso is relative: resolved against /vm as /vm/install.iso (--base-dir changes the directory)',
    ]);
    expect(vm.taps).toEqual([{ ifname: 'tap0' }]);
  });

  it('through the CLI: --base-dir, or the current directory by default', async () => {
    const r = await cli(['import', 'bhyve', '--base-dir', '/srv/vms', '--', LINE]);
    expect(r.stderr).toContain('warning: guestname: -g 0: the gdb port flag');
    expect(r.stderr).toContain('note: guestname: ./test.img is relative: resolved against /srv/vms as /srv/vms/test.img');
    const docs = r.stdout.split(/^---$/m).map((d) => parse(d) as { kind: string; spec: { disks?: { path: string }[] } });
    const vm = docs.find((d) => d.kind === 'VirtualMachine')!;
    expect(vm.spec.disks!.map((d) => d.path)).toEqual(['/srv/vms/test.img', '/srv/vms/install.iso']);
    expect(r.code).toBe(0);
    const here = await cli(['import', 'bhyve', '--', LINE]);
    expect(here.stderr).toContain(`resolved against ${process.cwd()} as ${process.cwd()}/test.img`);
  });
});
