// Guest RAM as anonymous host mappings, one region per guest-physical range (x86-64 layout:
// low RAM with the VGA hole, high RAM above 4 GiB; see arch/x86_64/layout.h).
#pragma once
#include <cstdint>
#include <vector>

#include "vmm/guest_memory_view.h"

namespace tshyve::vmm {

struct MemoryRegion {
  uint64_t gpa;
  uint64_t size;
  uint8_t* host;
  bool owned;  // munmap on destruction
  uint64_t map_size;
  bool dma_read_only;  // ROM-like: the guest may see it, devices never write it
};

class GuestMemory : public GuestMemoryView {
 public:
  GuestMemory() = default;
  ~GuestMemory() override;
  GuestMemory(const GuestMemory&) = delete;
  GuestMemory& operator=(const GuestMemory&) = delete;
  // Maps `size` bytes of zeroed anonymous memory for [gpa, gpa+size). Throws on failure.
  uint8_t* add_anonymous(uint64_t gpa, uint64_t size);
  // Registers a sub-range of an existing mapping as another region (no ownership).
  void add_alias(uint64_t gpa, uint64_t size, uint8_t* host);
  // Registers a mapping owned elsewhere but released here with munmap.
  // `dma_read_only`: translate_writable() refuses it (boot ROM and vars).
  void add_owned(uint64_t gpa, uint64_t size, uint8_t* host, uint64_t map_size, bool dma_read_only = false);
  uint8_t* translate(uint64_t gpa, uint64_t len) override;
  uint8_t* translate_writable(uint64_t gpa, uint64_t len) override;

 private:
  std::vector<MemoryRegion> regions_;
};

}  // namespace tshyve::vmm
