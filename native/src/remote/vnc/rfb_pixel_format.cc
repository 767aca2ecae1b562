// PIXEL_FORMAT wire layout and conversion, RFC 6143 §7.4.
#include "remote/vnc/rfb_pixel_format.h"

#include <cstring>

namespace tshyve::remote::vnc {

namespace {
uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t scale(uint32_t v8, uint16_t max) { return (v8 * max + 127) / 255; }
}  // namespace

void PixelFormat::serialize(uint8_t out[16]) const {
  std::memset(out, 0, 16);
  out[0] = bits_per_pixel;
  out[1] = depth;
  out[2] = big_endian;
  out[3] = true_colour;
  out[4] = static_cast<uint8_t>(red_max >> 8);
  out[5] = static_cast<uint8_t>(red_max);
  out[6] = static_cast<uint8_t>(green_max >> 8);
  out[7] = static_cast<uint8_t>(green_max);
  out[8] = static_cast<uint8_t>(blue_max >> 8);
  out[9] = static_cast<uint8_t>(blue_max);
  out[10] = red_shift;
  out[11] = green_shift;
  out[12] = blue_shift;
}

PixelFormat PixelFormat::parse(const uint8_t in[16]) {
  PixelFormat f;
  f.bits_per_pixel = in[0];
  f.depth = in[1];
  f.big_endian = in[2] != 0;
  f.true_colour = in[3] != 0;
  f.red_max = be16(in + 4);
  f.green_max = be16(in + 6);
  f.blue_max = be16(in + 8);
  f.red_shift = in[10];
  f.green_shift = in[11];
  f.blue_shift = in[12];
  return f;
}

bool PixelFormat::usable() const {
  if (bits_per_pixel != 8 && bits_per_pixel != 16 && bits_per_pixel != 32) return false;
  if (!true_colour) return false;
  auto fits = [this](uint16_t max, uint8_t shift) {
    return shift < bits_per_pixel && (static_cast<uint64_t>(max) << shift) < (1ull << bits_per_pixel);
  };
  return fits(red_max, red_shift) && fits(green_max, green_shift) && fits(blue_max, blue_shift);
}

bool PixelFormat::is_native() const {
  return bits_per_pixel == 32 && !big_endian && true_colour && red_max == 255 && green_max == 255 && blue_max == 255 && red_shift == 16 &&
         green_shift == 8 && blue_shift == 0;
}

void append_pixels(const PixelFormat& f, const uint32_t* pixels, size_t count, std::vector<uint8_t>& out) {
  const size_t at = out.size(), bpp = f.bytes_per_pixel();
  out.resize(at + count * bpp);
  uint8_t* p = out.data() + at;
  if (f.is_native()) {
    std::memcpy(p, pixels, count * 4);  // host and wire are both little-endian here (x86_64)
    return;
  }
  for (size_t i = 0; i < count; ++i, p += bpp) {
    const uint32_t px = pixels[i];
    const uint32_t v = scale((px >> 16) & 0xff, f.red_max) << f.red_shift | scale((px >> 8) & 0xff, f.green_max) << f.green_shift |
                       scale(px & 0xff, f.blue_max) << f.blue_shift;
    for (size_t b = 0; b < bpp; ++b) p[b] = static_cast<uint8_t>(v >> (8 * (f.big_endian ? bpp - 1 - b : b)));
  }
}

}  // namespace tshyve::remote::vnc
