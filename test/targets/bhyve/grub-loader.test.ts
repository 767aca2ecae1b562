// The handbook's two-step Linux boot: grub-bhyve with a device.map, then bhyve. The handbook types
// `linux`, `initrd` and `boot` at the grub> prompt after `grub-bhyve -m device.map -r cd0 -M 1024M
// linuxguest`; tshyve writes those same commands to STATE/grub.cfg and runs grub-bhyve with
// `-r host -d STATE` (normalisation), device.map in STATE with absolute paths.
import { describe, expect, it } from 'vitest';
import { compileExample } from './helpers.js';

describe('grub-bhyve loader step', () => {
  it('loads the installer kernel from the CD', () => {
    const { result } = compileExample('handbook-linux-install.yaml');
    const loader = result.vms[0]!.loader!;
    expect(loader.argv).toEqual([
      'grub-bhyve',
      '-m',
      '/var/db/tshyve/linuxguest/device.map',
      '-r',
      'host',
      '-d',
      '/var/db/tshyve/linuxguest',
      '-M',
      '1024M',
      'linuxguest',
    ]);
    expect(loader.files).toEqual([
      { path: '/var/db/tshyve/linuxguest/device.map', content: '(hd0) /vm/linux.img\n(cd0) /vm/somelinux.iso\n' },
      { path: '/var/db/tshyve/linuxguest/grub.cfg', content: 'linux (cd0)/isolinux/vmlinuz\ninitrd (cd0)/isolinux/initrd.img\nboot\n' },
    ]);
  });

  it('boots the installed kernel from the disk', () => {
    const { result } = compileExample('handbook-linux-boot.yaml');
    expect(result.vms[0]!.loader!.files[1]!.content).toBe(
      'linux (hd0,msdos1)/vmlinuz-2.6.32-431.el6.x86_64 root=/dev/mapper/VolGroup-lv_root\ninitrd (hd0,msdos1)/initramfs-2.6.32-431.el6.x86_64.img\nboot\n',
    );
  });

  it('reads a host kernel through (host) and follows an nmdm console', () => {
    const vm1 = compileExample('man-vm1.yaml').result.vms[0]!;
    expect(vm1.loader!.files[1]!.content).toBe('linux (host)/my/vmlinuz console=ttyS0 root=/dev/vda1\nboot\n');
    const nmdm = compileExample('handbook-nmdm.yaml').result.vms[0]!;
    expect(nmdm.loader!.argv).toContain('/dev/nmdm0A');
  });

  it('is absent with a boot ROM', () => {
    expect(compileExample('handbook-uefi.yaml').result.vms[0]!.loader).toBeUndefined();
  });
});
