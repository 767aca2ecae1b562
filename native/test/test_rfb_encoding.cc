// Hextile (RFC 6143 §7.7.4) output decoded by an independent reading of the spec and compared with
// the source pixels: solid, two-colour (text-like) and many-colour tiles, partial edge tiles, and
// a pixel format other than the server's (16 bpp, big-endian).
#include <cstring>
#include <vector>

#include "check.h"
#include "remote/vnc/rfb_encoding.h"

using namespace tshyve::remote::vnc;

namespace {
// Decodes a hextile rectangle body of 32 bpp little-endian native pixels.
std::vector<uint32_t> decode(const uint8_t* p, uint32_t w, uint32_t h, size_t& used) {
  std::vector<uint32_t> img(w * h, 0xdeadbeef);
  const uint8_t* start = p;
  uint32_t bg = 0, fg = 0;
  auto px = [&]() {
    uint32_t v;
    std::memcpy(&v, p, 4);
    p += 4;
    return v;
  };
  for (uint32_t ty = 0; ty < h; ty += 16)
    for (uint32_t tx = 0; tx < w; tx += 16) {
      const uint32_t tw = std::min(16u, w - tx), th = std::min(16u, h - ty);
      const uint8_t sub = *p++;
      if (sub & 1) {
        for (uint32_t y = 0; y < th; ++y)
          for (uint32_t x = 0; x < tw; ++x) img[(ty + y) * w + tx + x] = px();
        continue;
      }
      if (sub & 2) bg = px();
      if (sub & 4) fg = px();
      for (uint32_t y = 0; y < th; ++y)
        for (uint32_t x = 0; x < tw; ++x) img[(ty + y) * w + tx + x] = bg;
      if (sub & 8) {
        const uint8_t n = *p++;
        for (uint8_t i = 0; i < n; ++i) {
          const uint32_t c = (sub & 16) ? px() : fg;
          const uint8_t xy = *p++, wh = *p++;
          for (uint32_t y = 0; y <= (wh & 15u); ++y)
            for (uint32_t x = 0; x <= (wh >> 4); ++x) img[(ty + (xy & 15u) + y) * w + tx + (xy >> 4) + x] = c;
        }
      }
    }
  used = static_cast<size_t>(p - start);
  return img;
}
}  // namespace

TEST(hextile_round_trips_solid_text_and_noise_tiles) {
  const uint32_t w = 70, h = 37;  // partial tiles on both edges
  std::vector<uint32_t> src(w * h, 0x000000);
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x) {
      if (x >= 16 && x < 32 && ((x * 7 + y * 3) % 5 == 0)) src[y * w + x] = 0xaaaaaa;     // "text"
      if (x >= 32 && x < 48) src[y * w + x] = (x * 2654435761u + y * 40503u) & 0xffffff;  // noise
      if (y >= 32) src[y * w + x] = 0x0000ff;                                             // a solid band
    }
  std::vector<uint8_t> out;
  encode_rect({src.data(), w}, {0, 0, static_cast<uint16_t>(w), static_cast<uint16_t>(h)}, kEncodingHextile, PixelFormat{}, out);
  CHECK_EQ(out.size() > 12, true);
  size_t used = 0;
  auto img = decode(out.data() + 12, w, h, used);
  CHECK_EQ(used, out.size() - 12);
  CHECK(img == src);
  CHECK(out.size() < w * h * 4 / 2);  // the text and solid tiles are much smaller than raw
}

TEST(raw_in_a_16bpp_big_endian_format) {
  PixelFormat f;
  f.bits_per_pixel = 16;
  f.depth = 16;
  f.big_endian = true;
  f.red_max = 31;
  f.green_max = 63;
  f.blue_max = 31;
  f.red_shift = 11;
  f.green_shift = 5;
  f.blue_shift = 0;
  CHECK(f.usable());
  const uint32_t px[2] = {0xff0000, 0x00ff00};
  std::vector<uint8_t> out;
  encode_rect({px, 2}, {0, 0, 2, 1}, kEncodingRaw, f, out);
  CHECK_EQ(out.size(), 12u + 4u);
  CHECK_EQ(out[12], 0xf8);  // red 31 << 11, big-endian
  CHECK_EQ(out[13], 0x00);
  CHECK_EQ(out[14], 0x07);  // green 63 << 5
  CHECK_EQ(out[15], 0xe0);
}

TEST_MAIN()
