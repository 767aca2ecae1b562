// Where a builder places a device: on the port-I/O or memory-mapped bus, at a base and length.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "vmm/bus_device.h"

namespace tshyve::vmm {

enum class BusKind { kPio, kMmio };

struct DevicePlacement {
  BusKind bus;
  uint64_t base;
  uint64_t length;
  std::shared_ptr<BusDevice> device;
  std::string name;  // for logs: "com1", "pci-host", "fw_cfg"...
};

}  // namespace tshyve::vmm
