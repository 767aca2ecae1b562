// Interrupt delivery to a real guest (virtio 1.2 §4.1.4.4-5, PCI 3.0 §6.8.2): micro guests
// (test/guests/virtio_msix.S, virtio_intx.S) drive virtio-rng through BAR 0 by MMIO, kick through the
// notify region (KVM ioeventfd) and sleep in `sti; hlt` until MSI-X (irqfd) or INTx (IOAPIC) wakes them.
import { describe, beforeAll, expect, it } from 'vitest';
import { Vm } from '../../src/runtime/vm.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const skipReason = kvmUnavailableReason();
const KICKS = 2000; // notify writes each guest makes after its interrupt (test/guests/virtio_irq.inc)

async function run(name: string): Promise<{ status: number; output: string; exits: number }> {
  let output = '';
  const vm = Vm.start(
    {
      memoryBytes: 32 * 2 ** 20,
      vcpus: 1,
      sockets: 1,
      cores: 1,
      threads: 1,
      boot: 'bootrom',
      rom: guest(name),
      debugExit: true,
      rng: { slot: 5 },
    },
    { onConsole: (b) => (output += b.toString('latin1')) },
  );
  const timer = setTimeout(() => vm.forceStop(), 30_000);
  const status = await vm.exited;
  clearTimeout(timer);
  return { status, output, exits: vm.stats().userspaceExits };
}

describe('virtio interrupts in a real guest', () => {
  beforeAll(() => {
    if (!skipReason) prepareNative();
  });

  for (const [title, name, line] of [
    ['MSI-X through irqfd', 'virtio_msix', 'msi-x irq'],
    ['INTx through the IOAPIC pin the _PRT names', 'virtio_intx', 'intx irq'],
  ] as const) {
    it(`a virtio-rng request completes with ${title}; kicks never leave the kernel`, async (ctx) => {
      if (skipReason) return ctx.skip(skipReason);
      const r = await run(name);
      expect(r.output).toContain(`${line}\n`);
      expect(r.output).not.toContain('ISR 0');
      expect(r.output).toContain('rng used 16\n');
      expect(r.output).toContain('kicks done\n');
      expect(r.status).toBe(1);
      // Every kick through userspace would be one exit each; setup, config-space and COM1 output
      // take a little over a hundred. The guest runs nothing else.
      expect(r.exits).toBeGreaterThan(0);
      expect(r.exits).toBeLessThan(KICKS / 4);
    }, 60_000);
  }
});
