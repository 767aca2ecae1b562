// Every bhyve command line of bhyve(8) EXAMPLES (seed 001, the FreeBSD 13.1 man page in Chinese
// translation, markdown-escaped) and of the FreeBSD handbook's bhyve chapter (seed 003) is
// reproduced from a manifest in examples/bhyve/, modulo these normalisations:
//  1. spacing and line continuations; bundled flags split (-AHP = -A -H -P); attached option
//     arguments split (-s3:0,... = -s 3:0,...); markdown escapes (\_ \[ \] \\) removed;
//  2. canonical option order: flags (-A -C -D -e -H -P -S -u -W -w -x -Y), -c, -m, -U, -G, -p,
//     -s sorted by PCI address, -l com1-com4, pc-testdev, bootrom, then the VM name;
//  3. relative paths (./linux.img, disk.img, ...) become /vm/... since the schema wants absolute paths;
//  4. bhyve(8)'s ahci example: lpc and ahci are both at slot 1 (bhyve refuses that) and no VM name
//     is given: lpc moves to slot 31 and the VM is `ahcivm`; its ahci argument, wrapped over lines
//     in the man page (`disk.2,\` newline `hd:...`), is one word.
// The handbook's grub-bhyve lines: `-r DEV` with commands typed at `grub>` becomes `-r host -d STATE`
// with those commands in STATE/grub.cfg (with (DEV) prefixes), and device.map lives in STATE with
// absolute paths (see grub-loader.test.ts).
import { describe, expect, it } from 'vitest';
import { compileExample, normalizeDocumentedLine } from './helpers.js';

const unescape = (s: string) => s.replace(/\\\\ /g, '\\\n').replace(/\\([_[\]])/g, '$1');

const MAN = [
  { example: 'man-vm1.yaml', line: 'bhyve -c 2 -s 0,hostbridge -s 1,lpc -s 2,virtio-blk,/my/image \\\\ -l com1,stdio -A -H -P -m 1G vm1' },
  {
    example: 'man-bigvm.yaml',
    line: 'bhyve -s 0,hostbridge -s 1,lpc -s 2:0,virtio-net,tap0 \\\\ -s 2:1,virtio-net,tap1 \\\\ -s 2:2,virtio-net,tap2,mac=00:be:fa:76:45:00 \\\\ -s 3,virtio-blk,/my/image -l com1,stdio \\\\ -A -H -P -m 24G bigvm',
  },
  {
    example: 'man-ahcivm.yaml',
    line: 'bhyve -c 4 \\\\ -s 0,amd\\_hostbridge -s 1,lpc \\\\ -s 1:0,ahci,hd:/images/disk.1,hd:/images/disk.2,\\\\ hd:/images/disk.3,hd:/images/disk.4,\\\\ hd:/images/disk.5,hd:/images/disk.6,\\\\ hd:/images/disk.7,hd:/images/disk.8,\\\\ cd:/images/install.iso \\\\ -s 3,virtio-net,tap0 \\\\ -l com1,/dev/nmdm0A \\\\ -A -H -P -m 8G',
    fix: (line: string) => `${line.replace('-s 1,lpc', '-s 31,lpc')} ahcivm`,
  },
  {
    example: 'man-uefivm.yaml',
    line: 'bhyve -c 2 -m 4G -w -H \\\\ -s 0,hostbridge \\\\ -s 3,ahci-cd,/path/to/uefi-OS-install.iso \\\\ -s 4,ahci-hd,disk.img \\\\ -s 5,virtio-net,tap0 \\\\ -s 29,fbuf,tcp=0.0.0.0:5900,w=800,h=600,wait \\\\ -s 30,xhci,tablet \\\\ -s 31,lpc -l com1,stdio \\\\ -l bootrom,/usr/local/share/uefi-firmware/BHYVE\\_UEFI.fd \\\\ uefivm',
  },
  {
    example: 'man-uefivm-ipv6.yaml',
    line: 'bhyve -c 2 -m 4G -w -H \\\\ -s 0,hostbridge \\\\ -s 4,ahci-hd,disk.img \\\\ -s 5,virtio-net,tap0 \\\\ -s 29,fbuf,tcp=\\[::\\]:5900,w=800,h=600 \\\\ -s 30,xhci,tablet \\\\ -s 31,lpc -l com1,stdio \\\\ -l bootrom,/usr/local/share/uefi-firmware/BHYVE\\_UEFI.fd \\\\ uefivm',
  },
];

const HANDBOOK = [
  {
    example: 'handbook-linux-install.yaml',
    line: '# bhyve -A -H -P -s 0:0,hostbridge -s 1:0,lpc -s 2:0,virtio-net,tap0 -s 3:0,virtio-blk,./linux.img \\\n-s 4:0,ahci-cd,./somelinux.iso -l com1,stdio -c 4 -m 1024M linuxguest',
  },
  {
    example: 'handbook-linux-boot.yaml',
    line: '# bhyve -A -H -P -s 0:0,hostbridge -s 1:0,lpc -s 2:0,virtio-net,tap0 \\\n-s 3:0,virtio-blk,./linux.img -l com1,stdio -c 4 -m 1024M linuxguest',
  },
  {
    example: 'handbook-uefi.yaml',
    line: '# bhyve -AHP -s 0:0,hostbridge -s 1:0,lpc \\\n-s 2:0,virtio-net,tap1 -s 3:0,virtio-blk,./disk.img \\\n-s 4:0,ahci-cd,./install.iso -c 4 -m 1024M \\\n-l bootrom,/usr/local/share/uefi-firmware/BHYVE_UEFI.fd \\\nguest',
  },
  {
    example: 'handbook-uefi-csm.yaml',
    line: '# bhyve -AHP -s 0:0,hostbridge -s 1:0,lpc \\\n-s 2:0,virtio-net,tap1 -s 3:0,virtio-blk,./disk.img \\\n-s 4:0,ahci-cd,./install.iso -c 4 -m 1024M \\\n-l bootrom,/usr/local/share/uefi-firmware/BHYVE_UEFI_CSM.fd \\\nguest',
  },
  {
    example: 'handbook-uefi-fbuf.yaml',
    line: '# bhyve -AHP -s 0:0,hostbridge -s 31:0,lpc \\\n-s 2:0,virtio-net,tap1 -s 3:0,virtio-blk,./disk.img \\\n-s 4:0,ahci-cd,./install.iso -c 4 -m 1024M \\\n-s 29,fbuf,tcp=0.0.0.0:5900,w=800,h=600,wait \\\n-l bootrom,/usr/local/share/uefi-firmware/BHYVE_UEFI.fd \\\nguest',
  },
  {
    example: 'handbook-zvol.yaml',
    line: '# bhyve -A -H -P -s 0:0,hostbridge -s 1:0,lpc -s 2:0,virtio-net,tap0 -s3:0,virtio-blk,/dev/zvol/zroot/linuxdisk0 \\\n-l com1,stdio -c 4 -m 1024M linuxguest',
  },
  {
    example: 'handbook-nmdm.yaml',
    line: '# bhyve -A -H -P -s 0:0,hostbridge -s 1:0,lpc -s 2:0,virtio-net,tap0 -s 3:0,virtio-blk,./linux.img \\\n-l com1,/dev/nmdm0A -c 4 -m 1024M linuxguest',
  },
];

const PATHS: Record<string, string> = {
  './linux.img': '/vm/linux.img',
  './somelinux.iso': '/vm/somelinux.iso',
  './disk.img': '/vm/disk.img',
  './install.iso': '/vm/install.iso',
  'disk.img': '/vm/disk.img',
};

describe('bhyve(8) EXAMPLES and handbook command lines', () => {
  for (const { example, line, fix } of [
    ...MAN.map((m) => ({ ...m, line: unescape(m.line) })),
    ...HANDBOOK.map((h) => ({ ...h, fix: undefined })),
  ]) {
    it(`${example} reproduces its documented bhyve line`, () => {
      const { result } = compileExample(example);
      expect(result.diagnostics).toEqual([]);
      expect(result.vms).toHaveLength(1);
      const expected = normalizeDocumentedLine(fix ? fix(line) : line, PATHS);
      expect(result.vms[0]!.argv).toEqual(expected);
      // The compiled line is already canonical: normalising it changes nothing.
      expect(normalizeDocumentedLine(result.vms[0]!.argv.join(' '))).toEqual(result.vms[0]!.argv);
    });
  }

  it('destroys the VM after it exits, as the handbook does', () => {
    const { result } = compileExample('handbook-linux-boot.yaml');
    expect(result.vms[0]!.destroyArgv).toEqual(['bhyvectl', '--destroy', '--vm=linuxguest']);
  });
});
