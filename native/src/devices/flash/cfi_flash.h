// Intel/Sharp CFI parallel flash, command set 0x0001 (JEDEC JESD68 CFI; Intel 28F "Basic Command
// Set"), one x8 bank as QEMU's pflash_cfi01 models it for OVMF: read array 0xff, read status 0x70,
// clear status 0x50, byte program 0x10/0x40, block erase 0x20 + 0xd0, read ID 0x90, CFI query
// 0x98. Programs and erases go through to the backing file with pwrite (the file is opened
// O_DSYNC: each one is durable when it completes). Out-of-sequence commands set the status
// register's command-sequence error (SR.4 + SR.5) and leave the array untouched.
//
// Read-array mode may be served by a read-only KVM memory slot over the same file mapping; the
// device reports every change of mode so the owner can map the slot (read array) or unmap it (any
// other mode, where reads must reach read()). Writes always reach write() (the slot is read-only).
#pragma once
#include <cstdint>
#include <functional>
#include <mutex>

#include "vmm/bus_device.h"

namespace tshyve::devices::flash {

namespace cfi {
constexpr uint8_t kReadArray = 0xff, kReadArrayAlt = 0x00, kAmdReset = 0xf0, kReadStatus = 0x70, kClearStatus = 0x50;
constexpr uint8_t kProgram = 0x40, kProgramAlt = 0x10, kBlockErase = 0x20, kConfirm = 0xd0, kReadId = 0x90, kQuery = 0x98;
constexpr uint8_t kStatusReady = 0x80, kStatusEraseError = 0x20, kStatusProgramError = 0x10;
constexpr uint8_t kStatusSequenceError = kStatusEraseError | kStatusProgramError;
constexpr uint8_t kManufacturerIntel = 0x89, kDeviceId = 0x18;
}  // namespace cfi

class CfiFlash : public vmm::BusDevice {
 public:
  enum class Mode : uint8_t { kReadArray, kStatus, kReadId, kQuery, kProgramSetup, kEraseSetup };
  // vCPU thread, with the device's lock held: true when reads may be served from the array mapping.
  using ArrayMappedHook = std::function<void(bool array_mode)>;
  // `array`: the file's bytes (a shared mapping, read here only); `fd`: the same file for pwrite.
  // `size` a non-zero multiple of `block_size`.
  CfiFlash(const uint8_t* array, uint64_t size, int fd, uint64_t block_size, ArrayMappedHook hook = {});

  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;

  Mode mode() const;
  uint8_t status() const;

 private:
  uint8_t byte_at(uint64_t offset) const;  // mu_ held
  void set_mode(Mode m);                   // mu_ held
  void program(uint64_t offset, const uint8_t* data, uint32_t size);
  void erase(uint64_t offset);

  const uint8_t* array_;
  const uint64_t size_, block_size_;
  const int fd_;
  ArrayMappedHook hook_;
  mutable std::mutex mu_;  // vCPU threads
  Mode mode_ = Mode::kReadArray;
  uint8_t status_ = cfi::kStatusReady;
  uint8_t query_[0x31] = {};
};

}  // namespace tshyve::devices::flash
