// A PCI function with memory regions (BARs, expansion ROM) that the PCI MMIO window routes guest
// accesses to: virtio-pci, and any emulated controller (AHCI, NVMe, e1000...).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "devices/pci/pci_bar_map.h"
#include "devices/pci/pci_config_space.h"
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

  // Config-write path (PciRoot lock held): moves this function's regions as a config write
  // reprogrammed them (the result of PciConfigSpace::write). A region whose new range another
  // function already decodes stays unmapped (logged), so a guest cannot stack one function's BAR on
  // another's; it maps once it is moved somewhere free. Each change is then passed to region_placed().
  void apply_bar_changes(const std::vector<PciBarChange>& changes);

 protected:
  // Config-write path: region `change.index` was placed (`mapped`) or left unmapped / disabled.
  virtual void region_placed(const PciBarChange& change, bool mapped) {}
  // For log lines: what this function is ("virtio-net 03.0").
  virtual std::string describe() const { return "pci function"; }
  // Maps region `r` unless another function decodes part of it (then it stays unmapped and this
  // returns false). Prefer apply_bar_changes; this is for placements not made by config writes.
  bool place_region(int r, uint64_t address, uint64_t size, bool enabled);

 private:
  PciBarMap bars_;
  PlacementCheck placement_taken_;
};

}  // namespace tshyve::devices
