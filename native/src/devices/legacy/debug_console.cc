// Debug console port: forwards each written byte to the sink (vCPU thread).
#include "devices/legacy/debug_console.h"

namespace tshyve::devices {

void DebugConsole::read(uint64_t, uint8_t* data, uint32_t size) {
  for (uint32_t i = 0; i < size; ++i) data[i] = i == 0 ? kReadback : 0;
}

void DebugConsole::write(uint64_t, const uint8_t* data, uint32_t size) {
  if (sink_) sink_(data, 1);
}

}  // namespace tshyve::devices
