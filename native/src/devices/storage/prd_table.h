// A command's data buffer as its Physical Region Descriptor Table describes it (AHCI 1.3.1 §4.2.3.3):
// up to 65535 guest-physical regions of at most 4 MiB each, reached only through GuestMemoryView.
#pragma once
#include <sys/uio.h>

#include <cstdint>
#include <vector>

#include "vmm/guest_memory_view.h"

namespace tshyve::devices::storage {

class PrdTable {
 public:
  struct Region {
    uint64_t address;
    uint32_t length;
    bool interrupt;
  };
  PrdTable(vmm::GuestMemoryView& memory, std::vector<Region> regions);
  // Reads `count` entries at `table`; false (a host bus error) if the table is outside RAM.
  static bool load(vmm::GuestMemoryView& memory, uint64_t table, uint32_t count, std::vector<Region>& out);

  uint64_t capacity() const { return capacity_; }
  // Copies between a device buffer and bytes [offset, offset + len) of the guest buffer; false if
  // the range exceeds the table or a region is outside RAM (then `fault()` is set).
  bool to_guest(uint64_t offset, const void* src, uint64_t len);
  bool from_guest(uint64_t offset, void* dst, uint64_t len);
  // Host iovecs for bytes [offset, offset + len), writable ones when `to_guest`; false as above.
  bool iovecs(bool to_guest, uint64_t offset, uint64_t len, std::vector<iovec>& out);
  // Whether a region ending at or before byte `end` asked for an interrupt (PxIS.DPS).
  bool interrupt_within(uint64_t end) const;
  bool fault() const { return fault_; }

 private:
  vmm::GuestMemoryView& memory_;
  std::vector<Region> regions_;
  uint64_t capacity_ = 0;
  bool fault_ = false;
};

}  // namespace tshyve::devices::storage
