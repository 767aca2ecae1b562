// Dirty pages -> dirty rows -> per-tile comparison against the last picture. The guest picks the
// mode; only its visible rows inside the framebuffer are read (mode() guarantees they fit).
#include "remote/vnc/vnc_screen.h"

#include <algorithm>
#include <cstring>

namespace tshyve::remote::vnc {

using devices::display::DisplaySurface;
using devices::display::ScanoutMode;

VncScreen::VncScreen(uint32_t width, uint32_t height)
    : width_(width),
      height_(height),
      tiles_x_((width + kTileWidth - 1) / kTileWidth),
      tiles_y_((height + kTileHeight - 1) / kTileHeight),
      frame_(static_cast<size_t>(width) * height, 0),
      row_(width, 0),
      changed_(static_cast<size_t>(tiles_x_) * tiles_y_, 0),
      dirty_rows_(height, 0) {}

void VncScreen::convert_row(const DisplaySurface& s, const ScanoutMode& m, uint32_t y, uint32_t* out) const {
  std::fill(out, out + width_, 0);
  if (!m.enabled || y >= m.height) return;
  const uint32_t n = std::min(width_, m.width);
  const uint8_t* src = s.memory() + m.offset + static_cast<uint64_t>(y) * m.stride;
  if (m.bpp == 32) {
    std::memcpy(out, src, n * 4u);
    for (uint32_t x = 0; x < n; ++x) out[x] &= 0xffffff;
  } else {  // 16 bpp RGB565
    for (uint32_t x = 0; x < n; ++x) {
      const uint32_t p = src[2 * x] | src[2 * x + 1] << 8;
      const uint32_t r = (p >> 11) & 0x1f, g = (p >> 5) & 0x3f, b = p & 0x1f;
      out[x] = (r << 3 | r >> 2) << 16 | (g << 2 | g >> 4) << 8 | (b << 3 | b >> 2);
    }
  }
}

const std::vector<uint8_t>& VncScreen::refresh(DisplaySurface& surface) {
  std::fill(changed_.begin(), changed_.end(), 0);
  std::fill(pages_.begin(), pages_.end(), 0);
  const bool known = surface.take_dirty_pages(pages_);
  const ScanoutMode m = surface.mode();
  const bool all = first_ || !known || !(m == mode_);
  first_ = false;
  mode_ = m;
  std::fill(dirty_rows_.begin(), dirty_rows_.end(), all ? 1 : 0);
  if (!all && m.enabled) {
    const uint64_t page = DisplaySurface::kPageSize;
    for (size_t w = 0; w < pages_.size(); ++w) {
      for (uint64_t bits = pages_[w]; bits; bits &= bits - 1) {
        const uint64_t p = w * 64 + static_cast<uint64_t>(__builtin_ctzll(bits));
        const uint64_t start = p * page, end = start + page;  // bytes [start, end) of the framebuffer
        if (end <= m.offset) continue;
        const uint64_t first_row = start <= m.offset ? 0 : (start - m.offset) / m.stride;
        const uint64_t last_row = (end - 1 - m.offset) / m.stride;
        for (uint64_t y = first_row; y <= last_row && y < std::min(m.height, height_); ++y) dirty_rows_[y] = 1;
      }
    }
  }
  for (uint32_t y = 0; y < height_; ++y) {
    if (!dirty_rows_[y]) continue;
    ++rows_compared_;
    convert_row(surface, m, y, row_.data());
    uint32_t* dst = &frame_[static_cast<size_t>(y) * width_];
    for (uint32_t tx = 0; tx < tiles_x_; ++tx) {
      const uint32_t x0 = tx * kTileWidth, n = std::min(kTileWidth, width_ - x0);
      if (std::memcmp(dst + x0, row_.data() + x0, n * 4u) == 0) continue;
      std::memcpy(dst + x0, row_.data() + x0, n * 4u);
      changed_[(y / kTileHeight) * tiles_x_ + tx] = 1;
    }
  }
  return changed_;
}

}  // namespace tshyve::remote::vnc
