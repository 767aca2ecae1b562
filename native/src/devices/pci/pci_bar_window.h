// The PCI 32-bit MMIO window as one bus device that forwards each access to the function whose
// region decodes it (BARs move when firmware programs them; the bus map itself is fixed after setup).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "devices/pci/pci_bar_device.h"
#include "vmm/bus_device.h"

namespace tshyve::devices {

class PciBarWindow : public vmm::BusDevice {
 public:
  PciBarWindow(uint64_t base, uint64_t end) : base_(base), end_(end), next_(base) {}
  void add(std::shared_ptr<PciBarDevice> fn);  // setup
  // Setup (direct kernel boot, no firmware): the next free naturally aligned `size` bytes, or 0.
  uint64_t allocate(uint64_t size);
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;         // vCPU thread
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;  // vCPU thread
  uint64_t base() const { return base_; }
  uint64_t end() const { return end_; }
  bool empty() const { return functions_.empty(); }

 private:
  bool taken_by_other(const PciBarDevice* self, uint64_t address, uint64_t size) const;
  uint64_t base_, end_, next_;
  std::vector<std::shared_ptr<PciBarDevice>> functions_;
};

}  // namespace tshyve::devices
