// A 64-bit scratch register for test guests' MMIO/PIO round trips: reads return what was written
// last (byte lanes preserved). Only placed when the VM config asks for test devices.
#pragma once
#include <cstdint>

#include "vmm/bus_device.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices {

class ScratchRegister : public vmm::BusDevice {
 public:
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;
  // Snapshot state (vmm/snapshot_state.h): save any thread; restore before the VM starts (false
  // when the bytes are garbled: the device keeps its reset state).
  void save_state(vmm::StateWriter& out) const;
  bool restore_state(vmm::StateReader& in);

 private:
  uint8_t bytes_[8] = {};
};

}  // namespace tshyve::devices
