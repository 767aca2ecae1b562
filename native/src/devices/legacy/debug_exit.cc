// Debug-exit port: the written value (first byte) becomes the VM exit status.
#include "devices/legacy/debug_exit.h"

#include <cstring>

namespace tshyve::devices {

void DebugExit::read(uint64_t, uint8_t* data, uint32_t size) { std::memset(data, 0xff, size); }

void DebugExit::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  if (offset == 0 && on_exit_) on_exit_(data[0]);
}

}  // namespace tshyve::devices
