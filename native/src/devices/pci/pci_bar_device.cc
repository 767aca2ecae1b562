// Region placement for PCI functions with BARs: the one place a BAR reprogramming is applied and
// an overlap with another function's region is refused (PCI 3.0 §6.2.5 leaves overlaps undefined).
#include "devices/pci/pci_bar_device.h"

#include "vmm/log.h"

namespace tshyve::devices {

bool PciBarDevice::place_region(int r, uint64_t address, uint64_t size, bool enabled) {
  const bool on = enabled && address != 0;
  if (on && placement_taken_ && placement_taken_(this, address, size)) {
    bars_.set(r, address, size, false);
    return false;
  }
  bars_.set(r, address, size, on);
  return true;
}

void PciBarDevice::apply_bar_changes(const std::vector<PciBarChange>& changes) {
  for (const auto& c : changes) {
    bool mapped = c.enabled && c.new_address != 0;
    if (!place_region(c.index, c.new_address, c.size, c.enabled)) {
      const std::string what = c.index == kPciRomRegion ? "ROM" : "BAR " + std::to_string(c.index);
      vmm::guest_log("%s: %s at 0x%llx overlaps another function's BAR; left unmapped", describe().c_str(), what.c_str(),
                     static_cast<unsigned long long>(c.new_address));
      mapped = false;
    }
    region_placed(c, mapped);
  }
}

}  // namespace tshyve::devices
