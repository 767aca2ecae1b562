// PCI MMIO window dispatch (PCI 3.0 §6.2.5.1 memory BARs; unclaimed reads return all ones).
#include "devices/pci/pci_bar_window.h"

#include <cstring>

#include "vmm/log.h"

namespace tshyve::devices {

void PciBarWindow::add(std::shared_ptr<PciBarDevice> fn) {
  fn->set_placement_check([this](const PciBarDevice* self, uint64_t a, uint64_t s) { return taken_by_other(self, a, s); });
  functions_.push_back(std::move(fn));
}

uint64_t PciBarWindow::allocate(uint64_t size) {
  const uint64_t at = (next_ + size - 1) & ~(size - 1);
  if (size == 0 || at < next_ || at + size > end_) return 0;
  next_ = at + size;
  return at;
}

bool PciBarWindow::taken_by_other(const PciBarDevice* self, uint64_t address, uint64_t size) const {
  for (const auto& fn : functions_)
    if (fn.get() != self && fn->bar_map().intersects(address, size)) return true;
  return false;
}

void PciBarWindow::read(uint64_t offset, uint8_t* data, uint32_t size) {
  int region;
  uint64_t off;
  for (auto& fn : functions_)
    if (fn->bar_map().hit(base_ + offset, region, off)) return fn->mmio_read(region, off, data, size);
  std::memset(data, 0xff, size);
  vmm::guest_log("pci: read of unassigned MMIO 0x%llx", static_cast<unsigned long long>(base_ + offset));
}

void PciBarWindow::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  int region;
  uint64_t off;
  for (auto& fn : functions_)
    if (fn->bar_map().hit(base_ + offset, region, off)) return fn->mmio_write(region, off, data, size);
  vmm::guest_log("pci: write to unassigned MMIO 0x%llx", static_cast<unsigned long long>(base_ + offset));
}

}  // namespace tshyve::devices
