// The PC's legacy PCI INTx routing, as this platform's DSDT _PRT declares it and QEMU's Q35 does in
// APIC mode: slot S pin P (0 = INTA#) raises IOAPIC GSI 16 + ((S + P) mod 4) (PIRQA-D), level, low.
#pragma once
#include <cstdint>

namespace tshyve::arch::x86_64 {

constexpr uint32_t kPciSlotsPerBus = 32;

constexpr uint32_t pci_intx_gsi(uint32_t slot, uint32_t pin) { return 16 + ((slot + pin) & 3); }

}  // namespace tshyve::arch::x86_64
