// Guest RAM regions: anonymous mmap (MAP_NORESERVE, so untouched guest memory costs nothing) and
// bounds-checked translation of guest-physical ranges.
#include "vmm/guest_memory.h"

#include <sys/mman.h>

#include <cerrno>

#include "vmm/kvm.h"

namespace tshyve::vmm {

GuestMemory::~GuestMemory() {
  for (auto& r : regions_)
    if (r.owned) ::munmap(r.host, r.map_size);
}

uint8_t* GuestMemory::add_anonymous(uint64_t gpa, uint64_t size) {
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw KvmError("mmap guest memory", errno);
  ::madvise(p, size, MADV_MERGEABLE);
  regions_.push_back({gpa, size, static_cast<uint8_t*>(p), true, size, false});
  return static_cast<uint8_t*>(p);
}

void GuestMemory::add_alias(uint64_t gpa, uint64_t size, uint8_t* host) { regions_.push_back({gpa, size, host, false, 0, false}); }

void GuestMemory::add_owned(uint64_t gpa, uint64_t size, uint8_t* host, uint64_t map_size, bool dma_read_only) {
  regions_.push_back({gpa, size, host, true, map_size, dma_read_only});
}

uint8_t* GuestMemory::translate(uint64_t gpa, uint64_t len) {
  for (auto& r : regions_) {
    if (gpa >= r.gpa && gpa - r.gpa < r.size && len <= r.size - (gpa - r.gpa)) return r.host + (gpa - r.gpa);
  }
  return nullptr;
}

uint8_t* GuestMemory::translate_writable(uint64_t gpa, uint64_t len) {
  for (auto& r : regions_) {
    if (gpa >= r.gpa && gpa - r.gpa < r.size && len <= r.size - (gpa - r.gpa)) return r.dma_read_only ? nullptr : r.host + (gpa - r.gpa);
  }
  return nullptr;
}

}  // namespace tshyve::vmm
