// A PCI function with memory regions (BARs, expansion ROM) that the PCI MMIO window routes guest
// accesses to: virtio-pci, and any emulated controller (AHCI, NVMe, e1000...).
#pragma once
#include <cstdint>
#include <functional>

#include "devices/pci/pci_bar_map.h"
#include "devices/pci/pci_function.h"

namespace tshyve::devices {

class PciBarDevice : public PciFunction {
 public:
  // vCPU thread: where this function decodes now.
  const PciBarMap& bar_map() const { return bars_; }
  // vCPU thread (through the window): an access inside region `region` (0-5 BAR, kPciRomRegion).
  virtual void mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) = 0;
  virtual void mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) = 0;
  // Setup: the window's check that no other function decodes a range.
  using PlacementCheck = std::function<bool(const PciBarDevice* self, uint64_t address, uint64_t size)>;
  void set_placement_check(PlacementCheck taken) { placement_taken_ = std::move(taken); }

 protected:
  // Config-write path: maps region `r` unless another function decodes part of it (then it stays
  // unmapped and this returns false, so a guest cannot stack one function's BAR on another's).
  bool place_region(int r, uint64_t address, uint64_t size, bool enabled) {
    const bool on = enabled && address != 0;
    if (on && placement_taken_ && placement_taken_(this, address, size)) {
      bars_.set(r, address, size, false);
      return false;
    }
    bars_.set(r, address, size, on);
    return true;
  }

 private:
  PciBarMap bars_;
  PlacementCheck placement_taken_;
};

}  // namespace tshyve::devices
