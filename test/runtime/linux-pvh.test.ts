// Debian's cloud kernel under tshyve (kernel cached by scripts/fetch-guest-kernel.sh): the ELF
// vmlinux entered through PVH prints its banner, our exact command line, our e820 map and its parse
// of our ACPI tables, then sets up the IOAPIC. The bzImage path runs only on hardware KVM.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { Vm } from '../../src/runtime/vm.js';
import { kvmUnavailableReason, prepareNative } from './kvm-env.js';

const cache = process.env.TSHYVE_GUEST_CACHE ?? join(repoRoot, '.cache', 'guests');
const vmlinux = join(cache, 'vmlinux');
const bzImage = join(cache, 'bzImage');
const kernelMissing = existsSync(vmlinux)
  ? undefined
  : `${vmlinux} absent: run scripts/fetch-guest-kernel.sh to enable the Linux boot tests`;
const isPvm = existsSync('/sys/module/kvm_pvm');

async function bootUntil(config: { kernel: string; cmdline: string; initrd?: string }, done: RegExp, timeoutMs: number): Promise<string> {
  let out = '';
  const vm = Vm.start(
    { memoryBytes: 256 * 2 ** 20, vcpus: 1, sockets: 1, cores: 1, threads: 1, boot: 'linux', ...config },
    { onConsole: (b) => (out += b.toString('latin1')) },
  );
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !done.test(out) && vm.running) await new Promise((r) => setTimeout(r, 100));
  vm.forceStop();
  await vm.exited;
  return out;
}

describe('Linux guest kernel', () => {
  const skipReason = kvmUnavailableReason() ?? kernelMissing;
  beforeAll(() => {
    if (!skipReason) prepareNative();
  });

  it('boots the ELF vmlinux through PVH: banner, cmdline, e820, ACPI, IOAPIC', { timeout: 120_000 }, async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const cmdline = 'console=ttyS0 earlyprintk=ttyS0 tshyve.test=pvh-42';
    const out = await bootUntil({ kernel: vmlinux, cmdline }, /IOAPIC\[0\]: apic_id/, 100_000);
    expect(out).toMatch(/Linux version \d+\.\d+\.\d+.*cloud-amd64/);
    expect(out).toMatch(new RegExp(`Command line: ${cmdline.replace(/[.]/g, '\\.')}\r?\n`));
    expect(out).toMatch(/BIOS-e820: \[mem 0x0000000000000000-0x000000000009fbff\] usable/);
    expect(out).toMatch(/BIOS-e820: \[mem 0x0000000000100000-0x000000000fffffff\] usable/);
    for (const table of ['RSDP', 'XSDT', 'FACP', 'DSDT', 'APIC']) expect(out).toMatch(new RegExp(`ACPI: ${table} 0x`));
    expect(out).toMatch(/IOAPIC\[0\]: apic_id \d+, version \d+, address 0xfec00000, GSI 0-23/);
  });

  it('boots the bzImage through the 64-bit boot protocol', { timeout: 600_000 }, async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    if (isPvm)
      return ctx.skip(
        'KVM here is PVM (/sys/module/kvm_pvm): the bzImage decompressor runs emulated and takes minutes; runs on hardware KVM',
      );
    const cmdline = 'console=ttyS0 tshyve.test=bzimage';
    const out = await bootUntil({ kernel: bzImage, cmdline }, /IOAPIC\[0\]/, 500_000);
    expect(out).toMatch(new RegExp(`Command line: ${cmdline.replace(/[.]/g, '\\.')}\r?\n`));
  });

  it('boots to a shell in the busybox initramfs with the virtio modules loaded', { timeout: 600_000 }, async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    if (isPvm)
      return ctx.skip(
        'needs hardware KVM; this host has kvm_pvm, where an unmodified kernel stops in early init (lock cmpxchg16b/xrstor/int3 are not emulated)',
      );
    const initrd = join(cache, 'initramfs.cpio.gz');
    if (!existsSync(initrd)) return ctx.skip(`${initrd} absent: run scripts/build-initramfs.sh`);
    const out = await bootUntil(
      { kernel: vmlinux, initrd, cmdline: 'console=ttyS0 rdinit=/init' },
      /TSHYVE-INITRAMFS-OK[\s\S]*net: /,
      500_000,
    );
    expect(out).toMatch(/TSHYVE-INITRAMFS-OK/);
  });
});
