// PS/2 System Control Port A at 0x92 (IBM PS/2 Model 50/60 technical reference; "fast A20"):
// bit 1 reports A20 enabled (always on here), writing bit 0 = 1 requests a fast CPU reset.
#pragma once
#include <cstdint>
#include <functional>

#include "vmm/bus_device.h"

namespace tshyve::devices {

class SystemControlPortA : public vmm::BusDevice {
 public:
  explicit SystemControlPortA(std::function<void()> reset) : reset_(std::move(reset)) {}
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;

 private:
  std::function<void()> reset_;
};

}  // namespace tshyve::devices
