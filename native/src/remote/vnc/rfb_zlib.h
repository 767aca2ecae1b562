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
  static constexpr int kLevel = 1;  // fastest: a full screen of text still shrinks tens of times
  ZlibRectEncoder();
  ~ZlibRectEncoder();
  ZlibRectEncoder(const ZlibRectEncoder&) = delete;
  ZlibRectEncoder& operator=(const ZlibRectEncoder&) = delete;

  // Appends the rectangle (header, length, deflated pixels) and returns true; returns false with
  // nothing appended when zlib failed. The stream is then unusable (the viewer's inflater shares its
  // state), so every later call fails too and the caller sends another encoding.
  bool encode(const PixelSource& src, const Rect& r, const PixelFormat& f, std::vector<uint8_t>& out);

 private:
  z_stream zs_{};
  bool ready_ = false;
  std::vector<uint8_t> raw_;
};

}  // namespace tshyve::remote::vnc
