// What the PCI root sees of one function (bus:device.function): its configuration space.
// Devices (host bridge, LPC, virtio-pci) implement it, usually around a PciConfigSpace.
#pragma once
#include <cstdint>

#include "devices/pci/pci_config_space.h"

namespace tshyve::devices {

class PciFunction {
 public:
  virtual ~PciFunction() = default;
  // vCPU thread, serialised by the PciRoot. `offset` < 4096, `size` 1, 2 or 4 and the access
  // does not cross a dword. Reads return the value in the low `size` bytes.
  virtual uint32_t config_read(uint32_t offset, uint32_t size) = 0;
  virtual void config_write(uint32_t offset, uint32_t size, uint32_t value) = 0;
};

// A function whose whole behaviour is its PciConfigSpace (bridges without side effects, or a
// base class for devices that only add BAR callbacks through config().on_bar_change()).
class SimplePciFunction : public PciFunction {
 public:
  explicit SimplePciFunction(uint32_t space_size = PciConfigSpace::kLegacySize) : config_(space_size) {}
  uint32_t config_read(uint32_t offset, uint32_t size) override { return config_.read(offset, size); }
  void config_write(uint32_t offset, uint32_t size, uint32_t value) override { config_.write(offset, size, value); }
  PciConfigSpace& config() { return config_; }

 protected:
  PciConfigSpace config_;
};

}  // namespace tshyve::devices
