// Scratch register: 8 bytes of storage, offsets beyond it read as all-ones.
#include "devices/legacy/scratch_register.h"

namespace tshyve::devices {

void ScratchRegister::read(uint64_t offset, uint8_t* data, uint32_t size) {
  for (uint32_t i = 0; i < size; ++i) data[i] = offset + i < 8 ? bytes_[offset + i] : 0xff;
}

void ScratchRegister::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  for (uint32_t i = 0; i < size; ++i)
    if (offset + i < 8) bytes_[offset + i] = data[i];
}

}  // namespace tshyve::devices
