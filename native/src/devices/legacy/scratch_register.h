// A 64-bit scratch register for test guests' MMIO/PIO round trips: reads return what was written
// last (byte lanes preserved). Only placed when the VM config asks for test devices.
#pragma once
#include <cstdint>

#include "vmm/bus_device.h"

namespace tshyve::devices {

class ScratchRegister : public vmm::BusDevice {
 public:
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;

 private:
  uint8_t bytes_[8] = {};
};

}  // namespace tshyve::devices
