// FramebufferUpdate rectangle encodings (RFC 6143 §7.7): Raw, and Hextile (§7.7.4) with solid tiles
// (background specified), two-colour tiles (foreground runs as subrectangles: text) and raw tiles.
#pragma once
#include <cstdint>
#include <vector>

#include "remote/vnc/rfb_pixel_format.h"

namespace tshyve::remote::vnc {

constexpr int32_t kEncodingRaw = 0, kEncodingHextile = 5, kEncodingZlib = 6;
// Pseudo-encodings -256..-247: CompressLevel 0..9 (IANA RFB registry; honoured by the Zlib encoding).
constexpr int32_t kCompressLevel0 = -256, kCompressLevel9 = -247;

struct Rect {
  uint16_t x = 0, y = 0, w = 0, h = 0;
};

// Source pixels: 0x00RRGGBB rows of `stride` pixels.
struct PixelSource {
  const uint32_t* pixels;
  uint32_t stride;
};

// Appends the 12-byte rectangle header (§7.6.1).
void put_rect_header(const Rect& r, int32_t encoding, std::vector<uint8_t>& out);

// Appends the rectangle header and body for `r` in `encoding` (raw or hextile).
void encode_rect(const PixelSource& src, const Rect& r, int32_t encoding, const PixelFormat& f, std::vector<uint8_t>& out);

}  // namespace tshyve::remote::vnc
