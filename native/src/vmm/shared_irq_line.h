// One ISA interrupt line shared by several devices, as on a PC COM1/COM3 share IRQ4 and COM2/COM4
// share IRQ3 (wired-OR of the sources' level requests): the line is high while any source asserts it.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>

#include "vmm/interrupt_line.h"

namespace tshyve::vmm {

class SharedIrqLine : public std::enable_shared_from_this<SharedIrqLine> {
 public:
  static constexpr uint32_t kMaxSources = 32;

  // Create with std::make_shared; `line` is the one physical line (e.g. a KvmIrqLine).
  explicit SharedIrqLine(std::shared_ptr<InterruptLine> line) : line_(std::move(line)) {}
  // Setup thread: a new input of the wired-OR. Throws std::length_error beyond kMaxSources.
  std::shared_ptr<InterruptLine> add_source();
  // Any thread: the level currently driven on the physical line.
  bool level() const;

 private:
  class Source;
  // Any thread: source `bit` asserts or releases; the line follows the OR of every source.
  void set(uint32_t bit, bool high);

  mutable std::mutex mu_;  // guards the fields below; lock order: device -> this -> line_
  std::shared_ptr<InterruptLine> line_;
  uint32_t sources_ = 0;
  uint32_t asserted_ = 0;  // bit i: source i asserts
  bool level_ = false;
};

}  // namespace tshyve::vmm
