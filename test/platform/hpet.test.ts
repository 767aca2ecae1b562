// The HPET on the KVM backend (IA-PC HPET 1.0a): a micro guest (test/guests/hpet.S) reads the
// capabilities, measures the main counter against the ACPI PM timer and takes comparator 2's
// interrupt through IOAPIC pin 11; Linux entered through PVH lists the ACPI HPET table, and neither
// exists with `hpet: false`.
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { Vm } from '../../src/runtime/vm.js';
import { kvmUnavailableReason, prepareNative, runGuest } from '../runtime/kvm-env.js';

const skipReason = kvmUnavailableReason();
const PERIOD_FS = 69841279;
const PM_TIMER_HZ = 3579545;
const vmlinux = join(process.env.TSHYVE_GUEST_CACHE ?? join(repoRoot, '.cache', 'guests'), 'vmlinux');

// Boots until `done` shows up on com1 (ring-0 code is emulated here: about a minute to the MADT).
async function pvhLog(hpet: boolean, done: RegExp): Promise<string> {
  let out = '';
  // The kernel cache may sit behind a symlinked directory; tshyve opens symlink-free paths only.
  const kernel = realpathSync(vmlinux);
  const vm = Vm.start(
    {
      memoryBytes: 256 * 2 ** 20,
      vcpus: 1,
      sockets: 1,
      cores: 1,
      threads: 1,
      boot: 'linux',
      kernel,
      cmdline: 'console=ttyS0 earlyprintk=ttyS0',
      hpet,
    },
    { onConsole: (b) => (out += b.toString('latin1')) },
  );
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline && !done.test(out) && vm.running) await new Promise((r) => setTimeout(r, 100));
  vm.forceStop();
  await vm.exited;
  return out;
}

describe('HPET', () => {
  beforeAll(() => {
    if (!skipReason) prepareNative();
  });

  it('a micro guest reads the capabilities, sees the advertised rate and takes a comparator interrupt', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const r = await runGuest('hpet');
    const cap = /hpet cap ([0-9a-f]{4}) ([0-9a-f]{2}) ([0-9a-f]{8})\n/.exec(r.output);
    expect(cap, r.output).not.toBeNull();
    expect(cap![1]).toBe('8086');
    expect(parseInt(cap![2]!, 16) + 1).toBeGreaterThanOrEqual(3);
    expect(parseInt(cap![3]!, 16)).toBe(PERIOD_FS);
    const m = /hpet delta ([0-9a-f]{8}) pm ([0-9a-f]{8})\n/.exec(r.output);
    expect(m, r.output).not.toBeNull();
    const hpetTicks = parseInt(m![1]!, 16);
    const pmTicks = parseInt(m![2]!, 16);
    // Both clocks over the same interval: the HPET's rate, as the PM timer measures it.
    const hz = (hpetTicks * PM_TIMER_HZ) / pmTicks;
    const advertised = 1e15 / PERIOD_FS;
    console.log(
      `HPET rate seen by the guest: ${(hz / 1e6).toFixed(4)} MHz (advertised ${(advertised / 1e6).toFixed(4)} MHz) over ${pmTicks} PM ticks`,
    );
    expect(Math.abs(hz - advertised) / advertised).toBeLessThan(0.02);
    expect(r.output).toContain('hpet irq\n');
    expect(r.status).toBe(1);
  });

  it('has no timer block without spec.hpet', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const r = await runGuest('hpet', { hpet: false });
    expect(r.output).toMatch(/hpet cap ffff /); // unmapped MMIO reads all-ones: no vendor
    expect(r.output).toContain('hpet FAILED');
    expect(r.status).toBe(4);
  });

  it('Linux through PVH lists the ACPI HPET table, only when the spec has it', { timeout: 330_000 }, async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    if (!existsSync(vmlinux)) return ctx.skip(`${vmlinux} absent: run scripts/fetch-guest-kernel.sh`);
    // The table list comes seconds into the boot; the timer block's own line (`ACPI: HPET id:
    // 0x8086a201 base: 0xfed00000`) only after the MADT, a minute or more of emulated ring 0 here.
    const on = await pvhLog(true, /ACPI: Reserving HPET table memory.*\n/);
    expect(on).toMatch(/ACPI: HPET 0x[0-9A-F]+ 000038 \(v01 TSHYVE TSHYVEPC/);
    expect(on).toMatch(/ACPI: Reserving HPET table memory at \[mem 0x[0-9a-f]+-0x[0-9a-f]+\]/);
    const off = await pvhLog(false, /ACPI: Reserving MCFG table memory.*\n/);
    expect(off).toMatch(/ACPI: MCFG 0x/);
    expect(off).not.toMatch(/ACPI: HPET/);
  });
});
