// Bounds-checked access to guest physical memory for devices and loaders (x86-64 guest-physical
// addresses). Every access checks [gpa, gpa+len) lies inside one mapped RAM region; writes also that
// the region is not read-only to device DMA.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tshyve::vmm {

class GuestMemoryView {
 public:
  virtual ~GuestMemoryView() = default;
  // Host pointer for [gpa, gpa+len) if it lies entirely inside one RAM region, else nullptr.
  virtual uint8_t* translate(uint64_t gpa, uint64_t len) = 0;
  // As translate(), for ranges a device or loader is about to write: nullptr also where the range
  // is read-only to devices (boot ROM and its vars mapping).
  virtual uint8_t* translate_writable(uint64_t gpa, uint64_t len) { return translate(gpa, len); }
  bool read(uint64_t gpa, void* dst, uint64_t len);
  bool write(uint64_t gpa, const void* src, uint64_t len);
};

}  // namespace tshyve::vmm
