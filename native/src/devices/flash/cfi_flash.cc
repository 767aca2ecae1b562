// CFI flash command state machine (Intel 28F Basic Command Set; CFI query table per JESD68-01).
#include "devices/flash/cfi_flash.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "vmm/log.h"

namespace tshyve::devices::flash {

using namespace cfi;

namespace {
void put16(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
unsigned ceil_log2(uint64_t v) {
  unsigned n = 0;
  while ((1ull << n) < v && n < 63) ++n;
  return n;
}
}  // namespace

CfiFlash::CfiFlash(const uint8_t* array, uint64_t size, int fd, uint64_t block_size, ArrayMappedHook hook)
    : array_(array), size_(size), block_size_(block_size), fd_(fd), hook_(std::move(hook)) {
  // CFI query structure, byte offsets of an x8 device (JESD68-01 tables 1-4).
  std::memcpy(query_ + 0x10, "QRY", 3);
  put16(query_ + 0x13, 0x0001);  // primary command set: Intel/Sharp extended
  query_[0x1b] = 0x45;           // Vcc min 4.5 V, max 5.5 V (BCD volts), no Vpp
  query_[0x1c] = 0x55;
  query_[0x1f] = 0x07;  // typical byte program 2^7 us
  query_[0x21] = 0x0a;  // typical block erase 2^10 ms
  query_[0x23] = 0x04;  // max program 2^4 x typical
  query_[0x25] = 0x04;  // max erase 2^4 x typical
  query_[0x27] = static_cast<uint8_t>(ceil_log2(size));
  put16(query_ + 0x28, 0x0000);  // x8 asynchronous interface
  query_[0x2c] = 1;              // one erase block region:
  put16(query_ + 0x2d, static_cast<uint32_t>(size / block_size - 1));
  put16(query_ + 0x2f, static_cast<uint32_t>(block_size / 256));
}

CfiFlash::Mode CfiFlash::mode() const {
  std::lock_guard<std::mutex> lock(mu_);
  return mode_;
}

uint8_t CfiFlash::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

void CfiFlash::set_mode(Mode m) {
  const bool was_array = mode_ == Mode::kReadArray;
  mode_ = m;
  if (hook_ && was_array != (m == Mode::kReadArray)) hook_(m == Mode::kReadArray);
}

uint8_t CfiFlash::byte_at(uint64_t off) const {
  switch (mode_) {
    case Mode::kReadArray: return off < size_ ? array_[off] : 0xff;
    case Mode::kReadId: {
      const uint64_t in_block = off % block_size_;
      return in_block == 0 ? kManufacturerIntel : in_block == 1 ? kDeviceId : 0;  // offset 2: block lock status, unlocked
    }
    case Mode::kQuery: return off < sizeof query_ ? query_[off] : 0;
    default: return status_;  // status, and reads between a setup command and its data/confirm
  }
}

void CfiFlash::read(uint64_t offset, uint8_t* data, uint32_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  for (uint32_t i = 0; i < size; ++i) data[i] = byte_at(offset + i);
}

void CfiFlash::program(uint64_t off, const uint8_t* data, uint32_t size) {
  if (off >= size_ || size > size_ - off) {
    status_ |= kStatusProgramError;
    return;
  }
  // Programming only clears bits (flash cells go 1 -> 0; an erase sets them back).
  uint8_t cells[8];
  for (uint32_t i = 0; i < size; ++i) cells[i] = static_cast<uint8_t>(array_[off + i] & data[i]);
  if (::pwrite(fd_, cells, size, static_cast<off_t>(off)) != static_cast<ssize_t>(size)) {
    vmm::guest_log("cfi flash: program of %u bytes at 0x%llx failed (errno %d)", size, static_cast<unsigned long long>(off), errno);
    status_ |= kStatusProgramError;
  }
}

void CfiFlash::erase(uint64_t off) {
  if (off >= size_) {
    status_ |= kStatusEraseError;
    return;
  }
  const uint64_t start = off - off % block_size_;
  const std::vector<uint8_t> ones(block_size_, 0xff);
  if (::pwrite(fd_, ones.data(), block_size_, static_cast<off_t>(start)) != static_cast<ssize_t>(block_size_)) {
    vmm::guest_log("cfi flash: erase of the block at 0x%llx failed (errno %d)", static_cast<unsigned long long>(start), errno);
    status_ |= kStatusEraseError;
  }
}

void CfiFlash::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  if (size == 0 || size > 8) return;
  if (mode_ == Mode::kProgramSetup) {  // the data cycle of a program command
    program(offset, data, size);
    status_ |= kStatusReady;
    set_mode(Mode::kStatus);
    return;
  }
  const uint8_t cmd = data[0];
  if (mode_ == Mode::kEraseSetup) {
    if (cmd == kConfirm)
      erase(offset);
    else
      status_ |= kStatusSequenceError;  // a setup not followed by its confirm: nothing erased
    status_ |= kStatusReady;
    set_mode(Mode::kStatus);
    return;
  }
  switch (cmd) {
    case kReadArray:
    case kReadArrayAlt:
    case kAmdReset: set_mode(Mode::kReadArray); break;
    case kReadStatus: set_mode(Mode::kStatus); break;
    // As pflash_cfi01 (and what OVMF's flash probe expects): the status reads 0 and the device
    // returns to read array.
    case kClearStatus:
      status_ = 0;
      set_mode(Mode::kReadArray);
      break;
    case kProgram:
    case kProgramAlt: set_mode(Mode::kProgramSetup); break;
    case kBlockErase: set_mode(Mode::kEraseSetup); break;
    case kReadId: set_mode(Mode::kReadId); break;
    case kQuery: set_mode(Mode::kQuery); break;
    default:  // a confirm without its setup, or a command this device does not have (buffered write, lock bits)
      status_ |= kStatusSequenceError | kStatusReady;
      set_mode(Mode::kStatus);
      break;
  }
}

}  // namespace tshyve::devices::flash
