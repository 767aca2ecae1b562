// What a host-side viewer reads of a guest display: the scanout mode the guest programmed, the
// framebuffer bytes, and which 4 KiB pages of them the guest wrote since the last look.
#pragma once
#include <cstdint>
#include <vector>

namespace tshyve::devices::display {

struct ScanoutMode {
  bool enabled = false;
  uint32_t width = 0, height = 0, bpp = 0;  // pixels; bits per pixel (32 or 16 are shown)
  uint32_t stride = 0;                      // bytes per line
  uint64_t offset = 0;                      // of the first visible pixel in the framebuffer
  bool operator==(const ScanoutMode&) const = default;
};

class DisplaySurface {
 public:
  static constexpr uint64_t kPageSize = 4096;
  virtual ~DisplaySurface() = default;
  // Any thread. Always within memory_size(): a mode that would read past it is reported disabled.
  virtual ScanoutMode mode() const = 0;
  virtual const uint8_t* memory() const = 0;
  virtual uint64_t memory_size() const = 0;
  // Viewer thread: ORs into `bits` (one bit per page, sized memory_size()/kPageSize/64 words) the
  // pages written since the previous call. Returns false when it cannot tell (treat all as written).
  virtual bool take_dirty_pages(std::vector<uint64_t>& bits) = 0;
};

}  // namespace tshyve::devices::display
