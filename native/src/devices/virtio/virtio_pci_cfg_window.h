// The PCI configuration access capability (virtio 1.2 §4.1.4.9): the driver picks bar, offset and
// length in the capability, then reads or writes pci_cfg_data to reach that BAR without MMIO.
#pragma once
#include <cstdint>

#include "devices/pci/pci_config_space.h"

namespace tshyve::devices::virtio {

class PciCfgWindow {
 public:
  // Setup: appends the capability to `config`; returns its offset, 0 if full.
  uint8_t add_to(PciConfigSpace& config);
  // Whether a config access of `size` bytes at `offset` touches pci_cfg_data.
  bool touches_data(uint32_t offset, uint32_t size) const;
  // The access the driver selected inside BAR 0 of `bar_size` bytes: false unless bar is 0, length
  // is 1, 2 or 4, the offset is aligned to it and the access fits (§4.1.4.9.1: else it is ignored).
  bool target(const PciConfigSpace& config, uint64_t bar_size, uint32_t& offset, uint32_t& length) const;
  // pci_cfg_data as written by the driver / as the device fills it for the next read.
  uint32_t data(const PciConfigSpace& config) const;
  void set_data(PciConfigSpace& config, const uint8_t bytes[4]) const;

 private:
  uint8_t cap_ = 0;
};

}  // namespace tshyve::devices::virtio
