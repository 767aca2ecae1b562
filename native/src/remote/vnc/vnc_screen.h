// The picture a VM's VNC server serves: the guest's scanout converted to 0x00RRGGBB at the
// configured size, refreshed from the pages the display reports written and compared tile by
// tile, so only tiles whose pixels really changed are damaged.
#pragma once
#include <cstdint>
#include <vector>

#include "devices/display/display_surface.h"

namespace tshyve::remote::vnc {

class VncScreen {
 public:
  static constexpr uint32_t kTileWidth = 64, kTileHeight = 16;
  VncScreen(uint32_t width, uint32_t height);
  uint32_t width() const { return width_; }
  uint32_t height() const { return height_; }
  uint32_t tiles_x() const { return tiles_x_; }
  uint32_t tiles_y() const { return tiles_y_; }
  const uint32_t* pixels() const { return frame_.data(); }
  // Reads what changed; returns the tiles (index ty*tiles_x+tx, value 1) whose pixels changed.
  const std::vector<uint8_t>& refresh(devices::display::DisplaySurface& surface);
  uint64_t rows_compared() const { return rows_compared_; }  // for the figures and tests

 private:
  void convert_row(const devices::display::DisplaySurface& s, const devices::display::ScanoutMode& m, uint32_t y, uint32_t* out) const;
  uint32_t width_, height_, tiles_x_, tiles_y_;
  std::vector<uint32_t> frame_, row_;
  std::vector<uint8_t> changed_, dirty_rows_;
  std::vector<uint64_t> pages_;
  devices::display::ScanoutMode mode_;
  bool first_ = true;
  uint64_t rows_compared_ = 0;
};

}  // namespace tshyve::remote::vnc
