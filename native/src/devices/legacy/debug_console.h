// The Bochs/QEMU "debugcon" port SeaBIOS logs to (port 0x402; SeaBIOS src/hw/serialio.c): bytes
// written go to a log sink; reads return 0xe9 so firmware detects the port.
#pragma once
#include <cstdint>
#include <functional>

#include "vmm/bus_device.h"

namespace tshyve::devices {

class DebugConsole : public vmm::BusDevice {
 public:
  static constexpr uint8_t kReadback = 0xe9;  // QEMU_DEBUGCON_READBACK in SeaBIOS
  using Sink = std::function<void(const uint8_t*, size_t)>;
  explicit DebugConsole(Sink sink) : sink_(std::move(sink)) {}
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;

 private:
  Sink sink_;
};

}  // namespace tshyve::devices
