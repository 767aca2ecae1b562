// An interrupt line a chip model raises or lowers (an ISA IRQ through the in-kernel PIC/IOAPIC,
// or a test double). Chip models depend on this, never on KVM.
#pragma once

namespace tshyve::vmm {

class InterruptLine {
 public:
  virtual ~InterruptLine() = default;
  virtual void set_level(bool high) = 0;
};

}  // namespace tshyve::vmm
