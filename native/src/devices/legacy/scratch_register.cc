// Scratch register: 8 bytes of storage, offsets beyond it read as all-ones.
#include "devices/legacy/scratch_register.h"

#include <cstring>

namespace tshyve::devices {

void ScratchRegister::read(uint64_t offset, uint8_t* data, uint32_t size) {
  for (uint32_t i = 0; i < size; ++i) data[i] = offset + i < 8 ? bytes_[offset + i] : 0xff;
}

void ScratchRegister::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  for (uint32_t i = 0; i < size; ++i)
    if (offset + i < 8) bytes_[offset + i] = data[i];
}

void ScratchRegister::save_state(vmm::StateWriter& out) const { out.bytes(bytes_, sizeof bytes_); }

bool ScratchRegister::restore_state(vmm::StateReader& in) {
  uint8_t b[sizeof bytes_];
  in.bytes(b, sizeof b);
  if (!in.ok_and_done()) return false;
  std::memcpy(bytes_, b, sizeof b);
  return true;
}

}  // namespace tshyve::devices
