// Bounds-checked access to guest physical memory for devices and loaders (x86-64 guest-physical
// addresses). Every access checks [gpa, gpa+len) lies inside one mapped RAM region.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tshyve::vmm {

class GuestMemoryView {
 public:
  virtual ~GuestMemoryView() = default;
  // Host pointer for [gpa, gpa+len) if it lies entirely inside one RAM region, else nullptr.
  virtual uint8_t* translate(uint64_t gpa, uint64_t len) = 0;
  bool read(uint64_t gpa, void* dst, uint64_t len);
  bool write(uint64_t gpa, const void* src, uint64_t len);
};

}  // namespace tshyve::vmm
