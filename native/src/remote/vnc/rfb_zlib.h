// The Zlib rectangle encoding (RFB encoding 6, IANA-registered; the community RFB specification's
// "Zlib"): a rectangle's raw pixels in the client's format, deflated through one zlib stream kept
// for the whole connection and sync-flushed after each rectangle, sent as a u32 length and the bytes.
#pragma once
#include <zlib.h>

#include <cstdint>
#include <vector>

#include "remote/vnc/rfb_encoding.h"
#include "remote/vnc/rfb_pixel_format.h"

namespace tshyve::remote::vnc {

class ZlibRectEncoder {
 public:
  // zlib's own default; a viewer may ask for 0..9 with the CompressLevel pseudo-encoding. Levels
  // 1-3 are about three times faster but send 1.5-4.5 times more for text and blank screens.
  static constexpr int kDefaultLevel = 6;
  explicit ZlibRectEncoder(int level = kDefaultLevel);
  ~ZlibRectEncoder();
  ZlibRectEncoder(const ZlibRectEncoder&) = delete;
  ZlibRectEncoder& operator=(const ZlibRectEncoder&) = delete;

  // Appends the rectangle (header, length, deflated pixels) and returns true; returns false with
  // nothing appended when zlib failed. The stream is then unusable (the viewer's inflater shares its
  // state), so every later call fails too and the caller sends another encoding.
  bool encode(const PixelSource& src, const Rect& r, const PixelFormat& f, std::vector<uint8_t>& out);
  // Between rectangles (the stream is flushed): later rectangles use `level` (0..9).
  void set_level(int level);

 private:
  z_stream zs_{};
  bool ready_ = false;
  int level_;
  std::vector<uint8_t> raw_;
};

}  // namespace tshyve::remote::vnc
