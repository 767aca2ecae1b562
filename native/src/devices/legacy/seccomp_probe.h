// Test-only PIO device (placed only with test devices on): proves the seccomp filters are in force.
// Writing 1 makes the writing vCPU thread call socket(2); writing 2 makes the event-loop thread do
// so. Both are outside those threads' allow-lists, so with filters on the VM process ends.
#pragma once
#include <cstdint>

#include "vmm/bus_device.h"
#include "vmm/event_loop.h"
#include "vmm/unique_fd.h"

namespace tshyve::devices {

class SeccompProbe : public vmm::BusDevice {
 public:
  static constexpr uint8_t kFromVcpu = 1, kFromEventLoop = 2;
  // Setup thread. `loop` may be null (no virtio devices: value 2 then does nothing).
  explicit SeccompProbe(vmm::EventLoop* loop);
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;

 private:
  vmm::UniqueFd wake_;  // eventfd watched by the event loop
};

}  // namespace tshyve::devices
