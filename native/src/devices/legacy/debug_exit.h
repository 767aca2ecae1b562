// A debug-exit port for test guests (like QEMU's isa-debug-exit, usually at port 0xf4): a write of
// value v ends the VM with exit status v (bhyve(8) codes: 0 reboot, 1 poweroff, 2 halt, 3, 4).
#pragma once
#include <cstdint>
#include <functional>

#include "vmm/bus_device.h"

namespace tshyve::devices {

class DebugExit : public vmm::BusDevice {
 public:
  explicit DebugExit(std::function<void(uint32_t)> on_exit) : on_exit_(std::move(on_exit)) {}
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;

 private:
  std::function<void(uint32_t)> on_exit_;
};

}  // namespace tshyve::devices
