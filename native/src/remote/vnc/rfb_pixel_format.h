// RFB PIXEL_FORMAT (RFC 6143 §7.4): what a client asks pixels to look like, and the conversion of
// the server's 0x00RRGGBB pixels into it (true colour only; colour maps are refused).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tshyve::remote::vnc {

struct PixelFormat {
  uint8_t bits_per_pixel = 32, depth = 24;
  bool big_endian = false, true_colour = true;
  uint16_t red_max = 255, green_max = 255, blue_max = 255;
  uint8_t red_shift = 16, green_shift = 8, blue_shift = 0;

  // The 16 wire bytes (§7.4), padding included.
  void serialize(uint8_t out[16]) const;
  static PixelFormat parse(const uint8_t in[16]);
  // Whether the server can produce it: 8/16/32 bpp, true colour, maxima that fit the pixel.
  bool usable() const;
  uint32_t bytes_per_pixel() const { return bits_per_pixel / 8u; }
  bool is_native() const;  // the server's own layout: raw pixels are a plain copy
};

// Appends `count` pixels (0x00RRGGBB) converted to `f`.
void append_pixels(const PixelFormat& f, const uint32_t* pixels, size_t count, std::vector<uint8_t>& out);

}  // namespace tshyve::remote::vnc
