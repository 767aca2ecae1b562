// An ISA interrupt line driven through KVM_IRQ_LINE on the in-kernel PIC/IOAPIC (api.rst 4.25).
#pragma once
#include <cstdint>

#include "vmm/interrupt_line.h"
#include "vmm/kvm.h"

namespace tshyve::vmm {

class KvmIrqLine : public InterruptLine {
 public:
  KvmIrqLine(KvmVm& vm, uint32_t gsi) : vm_(vm), gsi_(gsi) {}
  // Any thread (KVM serialises irq injection).
  void set_level(bool high) override { vm_.irq_line(gsi_, high); }

 private:
  KvmVm& vm_;
  uint32_t gsi_;
};

}  // namespace tshyve::vmm
