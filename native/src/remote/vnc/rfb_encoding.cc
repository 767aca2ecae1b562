// Raw (§7.7.1) and Hextile (§7.7.4) rectangle bodies, after the 12-byte rectangle header (§7.6.1).
#include "remote/vnc/rfb_encoding.h"

namespace tshyve::remote::vnc {

namespace {
void put16(std::vector<uint8_t>& o, uint16_t v) {
  o.push_back(static_cast<uint8_t>(v >> 8));
  o.push_back(static_cast<uint8_t>(v));
}
void put32(std::vector<uint8_t>& o, uint32_t v) {
  put16(o, static_cast<uint16_t>(v >> 16));
  put16(o, static_cast<uint16_t>(v));
}
constexpr uint8_t kHextileRaw = 1, kHextileBackground = 2;
constexpr uint16_t kTile = 16;
}  // namespace

void encode_rect(const PixelSource& src, const Rect& r, int32_t encoding, const PixelFormat& f, std::vector<uint8_t>& out) {
  put16(out, r.x);
  put16(out, r.y);
  put16(out, r.w);
  put16(out, r.h);
  put32(out, static_cast<uint32_t>(encoding == kEncodingHextile ? kEncodingHextile : kEncodingRaw));
  if (encoding != kEncodingHextile) {
    out.reserve(out.size() + static_cast<size_t>(r.w) * r.h * f.bytes_per_pixel());
    for (uint32_t y = r.y; y < static_cast<uint32_t>(r.y) + r.h; ++y) append_pixels(f, src.pixels + y * src.stride + r.x, r.w, out);
    return;
  }
  bool have_bg = false;
  uint32_t bg = 0;
  for (uint32_t ty = r.y; ty < static_cast<uint32_t>(r.y) + r.h; ty += kTile) {
    const uint32_t th = std::min<uint32_t>(kTile, r.y + r.h - ty);
    for (uint32_t tx = r.x; tx < static_cast<uint32_t>(r.x) + r.w; tx += kTile) {
      const uint32_t tw = std::min<uint32_t>(kTile, r.x + r.w - tx);
      const uint32_t first = src.pixels[ty * src.stride + tx];
      bool solid = true;
      for (uint32_t y = ty; y < ty + th && solid; ++y)
        for (uint32_t x = tx; x < tx + tw; ++x)
          if (src.pixels[y * src.stride + x] != first) {
            solid = false;
            break;
          }
      if (solid && have_bg && first == bg) {
        out.push_back(0);  // no subencoding bits: the previous tile's background again
      } else if (solid) {
        out.push_back(kHextileBackground);
        append_pixels(f, &first, 1, out);
        have_bg = true;
        bg = first;
      } else {
        out.push_back(kHextileRaw);  // a raw tile leaves the background undefined (§7.7.4)
        for (uint32_t y = ty; y < ty + th; ++y) append_pixels(f, src.pixels + y * src.stride + tx, tw, out);
        have_bg = false;
      }
    }
  }
}

}  // namespace tshyve::remote::vnc
