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
constexpr uint8_t kHextileRaw = 1, kHextileBackground = 2, kHextileForeground = 4, kHextileAnySubrects = 8;
constexpr uint16_t kTile = 16;

// A two-colour tile (text on a background) as background, foreground and one-row subrectangles of
// foreground runs. Returns false (nothing appended) when the tile has other colours, or when the
// runs would cost more than the raw tile.
bool two_colour_tile(const PixelSource& src, uint32_t tx, uint32_t ty, uint32_t tw, uint32_t th, const PixelFormat& f,
                     std::vector<uint8_t>& out) {
  const uint32_t a = src.pixels[ty * src.stride + tx];
  uint32_t b = a, count_a = 0;
  for (uint32_t y = ty; y < ty + th; ++y)
    for (uint32_t x = tx; x < tx + tw; ++x) {
      const uint32_t p = src.pixels[y * src.stride + x];
      if (p == a)
        ++count_a;
      else if (b == a)
        b = p;
      else if (p != b)
        return false;
    }
  const uint32_t bg = count_a * 2 >= tw * th ? a : b, fg = bg == a ? b : a;
  std::vector<uint8_t> rects;
  for (uint32_t y = 0; y < th; ++y)
    for (uint32_t x = 0; x < tw;) {
      if (src.pixels[(ty + y) * src.stride + tx + x] != fg) {
        ++x;
        continue;
      }
      uint32_t end = x;
      while (end + 1 < tw && src.pixels[(ty + y) * src.stride + tx + end + 1] == fg) ++end;
      rects.push_back(static_cast<uint8_t>(x << 4 | y));
      rects.push_back(static_cast<uint8_t>((end - x) << 4));  // width-1 in the high nibble, height-1 = 0
      x = end + 1;
    }
  const size_t bpp = f.bytes_per_pixel();
  if (rects.size() / 2 > 255 || 2 + 2 * bpp + rects.size() >= 1 + tw * th * bpp) return false;
  out.push_back(kHextileBackground | kHextileForeground | kHextileAnySubrects);
  append_pixels(f, &bg, 1, out);
  append_pixels(f, &fg, 1, out);
  out.push_back(static_cast<uint8_t>(rects.size() / 2));
  out.insert(out.end(), rects.begin(), rects.end());
  return true;
}
}  // namespace

void put_rect_header(const Rect& r, int32_t encoding, std::vector<uint8_t>& out) {
  put16(out, r.x);
  put16(out, r.y);
  put16(out, r.w);
  put16(out, r.h);
  put32(out, static_cast<uint32_t>(encoding));
}

void encode_rect(const PixelSource& src, const Rect& r, int32_t encoding, const PixelFormat& f, std::vector<uint8_t>& out) {
  put_rect_header(r, encoding == kEncodingHextile ? kEncodingHextile : kEncodingRaw, out);
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
      } else if (two_colour_tile(src, tx, ty, tw, th, f, out)) {
        have_bg = false;  // it did set one; the next solid tile simply names its own again
      } else {
        out.push_back(kHextileRaw);  // a raw tile leaves the background undefined (§7.7.4)
        for (uint32_t y = ty; y < ty + th; ++y) append_pixels(f, src.pixels + y * src.stride + tx, tw, out);
        have_bg = false;
      }
    }
  }
}

}  // namespace tshyve::remote::vnc
