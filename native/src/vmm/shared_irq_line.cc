// Wired-OR interrupt line (ISA IRQ sharing between COM ports, PC/AT convention): a bit per source,
// the physical line changes only when the OR of the bits changes.
#include "vmm/shared_irq_line.h"

#include <stdexcept>

namespace tshyve::vmm {

class SharedIrqLine::Source : public InterruptLine {
 public:
  Source(std::shared_ptr<SharedIrqLine> owner, uint32_t bit) : owner_(std::move(owner)), bit_(bit) {}
  // Any thread.
  void set_level(bool high) override { owner_->set(bit_, high); }

 private:
  std::shared_ptr<SharedIrqLine> owner_;
  uint32_t bit_;
};

std::shared_ptr<InterruptLine> SharedIrqLine::add_source() {
  std::lock_guard<std::mutex> lock(mu_);
  if (sources_ >= kMaxSources) throw std::length_error("too many sources on one shared interrupt line");
  return std::make_shared<Source>(shared_from_this(), sources_++);
}

bool SharedIrqLine::level() const {
  std::lock_guard<std::mutex> lock(mu_);
  return level_;
}

void SharedIrqLine::set(uint32_t bit, bool high) {
  std::lock_guard<std::mutex> lock(mu_);
  const uint32_t mask = 1u << bit;
  asserted_ = high ? (asserted_ | mask) : (asserted_ & ~mask);
  const bool level = asserted_ != 0;
  if (level == level_) return;
  level_ = level;
  // Driven under the lock so two sources changing at once cannot reorder the line's edges.
  if (line_) line_->set_level(level);
}

}  // namespace tshyve::vmm
