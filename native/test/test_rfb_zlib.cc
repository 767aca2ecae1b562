// The Zlib encoding (RFB encoding 6) read back with zlib's own inflate as a viewer does: one
// inflate stream for the connection, each rectangle's u32 length then its bytes; the pixels
// round-trip across rectangles of a screen of text and of noise, a text screen costs less than
// hextile, the compress level changes mid-stream, and a 16 bpp big-endian client gets its format.
#include <zlib.h>

#include <cstring>
#include <vector>

#include "check.h"
#include "remote/vnc/rfb_encoding.h"
#include "remote/vnc/rfb_zlib.h"

using namespace tshyve::remote::vnc;

namespace {
uint32_t be32(const uint8_t* p) { return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3]; }

// A viewer's side: inflates rectangle after rectangle through one stream.
struct Viewer {
  z_stream zs{};
  Viewer() { inflateInit(&zs); }
  ~Viewer() { inflateEnd(&zs); }
  // Reads one rectangle at `p` (header included); returns its inflated body, or empty on an error.
  std::vector<uint8_t> rect(const uint8_t* p, size_t avail, size_t& used, uint32_t bytes_per_pixel) {
    if (avail < 16 || be32(p + 8) != static_cast<uint32_t>(kEncodingZlib)) return {};
    const uint32_t w = p[4] << 8 | p[5], h = p[6] << 8 | p[7], len = be32(p + 12);
    if (16 + len > avail) return {};
    std::vector<uint8_t> body(static_cast<size_t>(w) * h * bytes_per_pixel);
    zs.next_in = const_cast<uint8_t*>(p + 16);
    zs.avail_in = len;
    zs.next_out = body.data();
    zs.avail_out = static_cast<uInt>(body.size());
    const int rc = inflate(&zs, Z_SYNC_FLUSH);
    if ((rc != Z_OK && rc != Z_BUF_ERROR) || zs.avail_in != 0 || zs.avail_out != 0) return {};
    used = 16 + len;
    return body;
  }
};

std::vector<uint32_t> text_screen(uint32_t w, uint32_t h) {
  std::vector<uint32_t> s(w * h, 0x000000);
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x)
      if ((y % 16) < 12 && ((x * 7 + y * 3) % 5 == 0) && (x / 8) % 9 != 0) s[y * w + x] = 0xaaaaaa;
  return s;
}
}  // namespace

TEST(rectangles_inflate_back_to_their_pixels_through_one_stream) {
  const uint32_t w = 300, h = 100;
  std::vector<uint32_t> src = text_screen(w, h);
  for (uint32_t y = 50; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x) src[y * w + x] = (x * 2654435761u + y * 40503u) & 0xffffff;  // noise below
  ZlibRectEncoder enc;
  std::vector<uint8_t> out;
  // a is noise, b repeats it (within deflate's 32 KiB window: back-references), c is text.
  const Rect a{10, 50, 100, 25}, b{10, 50, 100, 25}, c{0, 0, 300, 50};
  for (const Rect& r : {a, b, c}) CHECK(enc.encode({src.data(), w}, r, PixelFormat{}, out));
  Viewer v;
  size_t at = 0, used = 0;
  std::vector<size_t> sizes;
  for (const Rect& r : {a, b, c}) {
    auto body = v.rect(out.data() + at, out.size() - at, used, 4);
    CHECK_EQ(body.size(), static_cast<size_t>(r.w) * r.h * 4);
    bool same = body.size() == static_cast<size_t>(r.w) * r.h * 4;
    for (uint32_t y = 0; same && y < r.h; ++y) same = std::memcmp(&body[y * r.w * 4], &src[(r.y + y) * w + r.x], r.w * 4) == 0;
    CHECK(same);
    CHECK_EQ(out[at] << 8 | out[at + 1], r.x);
    sizes.push_back(used);
    at += used;
  }
  CHECK_EQ(at, out.size());
  CHECK(sizes[1] < sizes[0] / 4);
  std::printf("  noise %zu bytes, the same again %zu, text %zu\n", sizes[0], sizes[1], sizes[2]);
}

TEST(a_text_screen_costs_less_than_hextile) {
  const uint32_t w = 640, h = 480;
  const std::vector<uint32_t> src = text_screen(w, h);
  const Rect all{0, 0, 640, 480};
  std::vector<uint8_t> hextile, zlib;
  encode_rect({src.data(), w}, all, kEncodingHextile, PixelFormat{}, hextile);
  ZlibRectEncoder enc;
  CHECK(enc.encode({src.data(), w}, all, PixelFormat{}, zlib));
  std::printf("  640x480 text: raw %u, hextile %zu, zlib %zu bytes\n", w * h * 4, hextile.size(), zlib.size());
  CHECK(zlib.size() < hextile.size());
}

TEST(the_compress_level_trades_bytes_for_time_and_can_change_between_rectangles) {
  const uint32_t w = 640, h = 480;
  const std::vector<uint32_t> src = text_screen(w, h);
  const Rect all{0, 0, 640, 480};
  std::vector<uint8_t> fast, best, switched;
  ZlibRectEncoder one(1), six(6);
  CHECK(one.encode({src.data(), w}, all, PixelFormat{}, fast));
  CHECK(six.encode({src.data(), w}, all, PixelFormat{}, best));
  std::printf("  640x480 text: level 1 %zu, level 6 %zu bytes\n", fast.size(), best.size());
  CHECK(best.size() < fast.size());
  one.set_level(9);  // the same stream goes on; a viewer inflates both rectangles in order
  CHECK(one.encode({src.data(), w}, {0, 0, 64, 16}, PixelFormat{}, switched));
  Viewer v;
  size_t used = 0;
  CHECK_EQ(v.rect(fast.data(), fast.size(), used, 4).size(), 640u * 480u * 4u);
  auto tile = v.rect(switched.data(), switched.size(), used, 4);
  CHECK_EQ(tile.size(), 64u * 16u * 4u);
  bool same = tile.size() == 64u * 16u * 4u;
  for (uint32_t y = 0; same && y < 16; ++y) same = std::memcmp(&tile[y * 64 * 4], &src[y * w], 64 * 4) == 0;
  CHECK(same);
}

TEST(a_16bpp_big_endian_client_gets_its_format) {
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
  const uint32_t px[2] = {0xff0000, 0x00ff00};
  ZlibRectEncoder enc;
  std::vector<uint8_t> out;
  CHECK(enc.encode({px, 2}, {0, 0, 2, 1}, f, out));
  Viewer v;
  size_t used = 0;
  auto body = v.rect(out.data(), out.size(), used, 2);
  CHECK(body == (std::vector<uint8_t>{0xf8, 0x00, 0x07, 0xe0}));
}

TEST_MAIN()
