// Bounds-checked copies in and out of guest physical memory (GuestMemoryView helpers).
#include "vmm/guest_memory_view.h"

#include <cstring>

namespace tshyve::vmm {

bool GuestMemoryView::read(uint64_t gpa, void* dst, uint64_t len) {
  uint8_t* p = translate(gpa, len);
  if (!p) return false;
  std::memcpy(dst, p, len);
  return true;
}

bool GuestMemoryView::write(uint64_t gpa, const void* src, uint64_t len) {
  uint8_t* p = translate_writable(gpa, len);
  if (!p) return false;
  std::memcpy(p, src, len);
  return true;
}

}  // namespace tshyve::vmm
