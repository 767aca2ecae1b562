// Micro guests (test/guests/*.S) on the real /dev/kvm: serial output, PIO/MMIO round trips, PCI
// scan, ACPI poweroff, i8042 reset, triple fault, two vCPUs via INIT/SIPI, real -> long mode, halt
// with interrupts off (status 2, as bhyve).
import { beforeAll, describe, expect, it } from 'vitest';
import { kvmUnavailableReason, prepareNative, runGuest } from './kvm-env.js';

const skipReason = kvmUnavailableReason();

describe('micro guests on KVM', () => {
  beforeAll(() => {
    if (!skipReason) prepareNative();
  });

  const cases: [string, string, number, RegExp[], number?][] = [
    ['prints on COM1 and exits through the debug-exit port', 'hello', 1, [/Hello from a tshyve micro guest\n/]],
    [
      'round-trips PIO and MMIO and reads unmapped space as all-ones',
      'pio_mmio',
      1,
      [/PIO round trip OK/, /MMIO round trip OK/, /unmapped reads all-ones OK/],
    ],
    [
      'finds the host bridge and the LPC bridge by a PCI config scan',
      'pci_scan',
      1,
      [/pci 00:0000 8086:29c0/, /pci 00:001f 8086:2918/, /scan done/],
    ],
    ['exits 1 (poweroff) on ACPI S5', 'acpi_poweroff', 1, [/ACPI S5 poweroff/]],
    ['exits 0 (reboot) on an i8042 reset', 'reset', 0, [/resetting via i8042/]],
    ['exits 3 on a triple fault', 'triple_fault', 3, [/about to triple fault/]],
    ['goes from real to protected to long mode', 'long_mode', 1, [/real mode\nprotected mode\npaging on\nlong mode\n/]],
    [
      'starts the second vCPU with INIT/SIPI and both report',
      'smp',
      1,
      [/BSP \(vcpu 0\) up/, /AP \(vcpu 1\) up/, /both vCPUs reported/],
      2,
    ],
    ['exits 2 (halt) when the guest halts with interrupts off', 'halt', 2, [/halting with interrupts off\n/]],
    ['exits 2 (halt) when the BSP halts with interrupts off and the AP was never started', 'halt', 2, [/halting with interrupts off\n/], 2],
  ];

  for (const [title, name, status, patterns, vcpus] of cases) {
    it(title, async (ctx) => {
      if (skipReason) return ctx.skip(skipReason);
      const n = vcpus ?? 1;
      const result = await runGuest(name, { vcpus: n, sockets: n });
      for (const p of patterns) expect(result.output).toMatch(p);
      expect(result.status).toBe(status);
    });
  }

  it('presses the ACPI power button and the guest powers off (exit 1)', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const { Vm } = await import('../../src/runtime/vm.js');
    const { guest } = await import('./kvm-env.js');
    let out = '';
    let pressed = false;
    const vm = Vm.start(
      {
        memoryBytes: 32 * 2 ** 20,
        vcpus: 1,
        sockets: 1,
        cores: 1,
        threads: 1,
        boot: 'bootrom',
        rom: guest('power_button'),
        debugExit: true,
      },
      {
        onConsole: (b) => {
          out += b.toString('latin1');
          if (!pressed && out.includes('ready')) pressed = vm.powerButton();
        },
      },
    );
    const timer = setTimeout(() => vm.forceStop(), 20_000);
    const status = await vm.exited;
    clearTimeout(timer);
    expect(pressed).toBe(true);
    expect(out).toContain('power button pressed');
    expect(status).toBe(1);
  });

  it('keeps a guest idling in sti; hlt running (no halt exit)', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    // waiter idles in HLT with interrupts on: several halt checks pass, then the forced stop ends it.
    const start = Date.now();
    const result = await runGuest('waiter', {}, 2_500);
    expect(result.output).toContain('waiter ready');
    expect(result.status).toBe(4);
    expect(Date.now() - start).toBeGreaterThanOrEqual(2_400);
  });

  it('delivers a forced stop as status 4 and can stop a VM twice', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const { Vm } = await import('../../src/runtime/vm.js');
    const { guest } = await import('./kvm-env.js');
    // smp with one vCPU: the BSP waits for an AP that never comes, so the guest keeps running.
    const vm = Vm.start({
      memoryBytes: 32 * 2 ** 20,
      vcpus: 1,
      sockets: 1,
      cores: 1,
      threads: 1,
      boot: 'bootrom',
      rom: guest('smp'),
      debugExit: true,
    });
    setTimeout(() => {
      vm.forceStop();
      vm.forceStop(1);
    }, 50);
    expect(await vm.exited).toBe(4);
  });
});
