// PCI memory-region placement shared between the config-write path and the MMIO window.
#include "devices/pci/pci_bar_map.h"

namespace tshyve::devices {

void PciBarMap::set(int r, uint64_t address, uint64_t size, bool enabled) {
  if (r < 0 || r >= kPciRegions) return;
  enabled_[r].store(false, std::memory_order_release);
  address_[r].store(address, std::memory_order_release);
  size_[r].store(size, std::memory_order_release);
  enabled_[r].store(enabled && size != 0, std::memory_order_release);
}

bool PciBarMap::hit(uint64_t addr, int& region, uint64_t& offset) const {
  for (int r = 0; r < kPciRegions; ++r) {
    if (!enabled_[r].load(std::memory_order_acquire)) continue;
    const uint64_t base = address_[r].load(std::memory_order_acquire);
    if (addr < base || addr - base >= size_[r].load(std::memory_order_acquire)) continue;
    region = r;
    offset = addr - base;
    return true;
  }
  return false;
}

bool PciBarMap::intersects(uint64_t address, uint64_t size) const {
  for (int r = 0; r < kPciRegions; ++r) {
    if (!enabled_[r].load(std::memory_order_acquire)) continue;
    const uint64_t base = address_[r].load(std::memory_order_acquire);
    const uint64_t len = size_[r].load(std::memory_order_acquire);
    if (address < base + len && base < address + size) return true;
  }
  return false;
}

}  // namespace tshyve::devices
