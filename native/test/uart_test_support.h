// Shared helpers for the tests that drive 16550A models (test_uart_16550, test_shared_irq_line): an
// interrupt line that counts its edges, and single-byte register access.
#pragma once
#include <cstdint>

#include "devices/legacy/uart_16550.h"
#include "vmm/interrupt_line.h"

namespace uart_test {

struct FakeLine : tshyve::vmm::InterruptLine {
  bool level = false;
  int raises = 0, lowers = 0;
  void set_level(bool high) override {
    if (high && !level) ++raises;
    if (!high && level) ++lowers;
    level = high;
  }
};

inline uint8_t rd(tshyve::devices::Uart16550& u, uint64_t off) {
  uint8_t v;
  u.read(off, &v, 1);
  return v;
}

inline void wr(tshyve::devices::Uart16550& u, uint64_t off, uint8_t v) { u.write(off, &v, 1); }

}  // namespace uart_test
