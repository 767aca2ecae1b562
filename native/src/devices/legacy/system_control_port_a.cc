// Port 0x92: A20 always enabled; bit 0 written as 1 resets the machine.
#include "devices/legacy/system_control_port_a.h"

namespace tshyve::devices {

namespace {
constexpr uint8_t kFastReset = 0x01, kA20Enabled = 0x02;
}

void SystemControlPortA::read(uint64_t, uint8_t* data, uint32_t size) {
  for (uint32_t i = 0; i < size; ++i) data[i] = i == 0 ? kA20Enabled : 0xff;
}

void SystemControlPortA::write(uint64_t offset, const uint8_t* data, uint32_t) {
  if (offset == 0 && (data[0] & kFastReset) && reset_) reset_();
}

}  // namespace tshyve::devices
