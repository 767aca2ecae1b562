// Zlib rectangles: raw rows converted to the client's pixel format, one deflate call with
// Z_SYNC_FLUSH (so the viewer can inflate the rectangle without what follows), growing the output
// until zlib has taken all input and has room left over.
#include "remote/vnc/rfb_zlib.h"

#include <algorithm>

namespace tshyve::remote::vnc {

ZlibRectEncoder::ZlibRectEncoder(int level) : level_(std::clamp(level, 0, 9)) { ready_ = deflateInit(&zs_, level_) == Z_OK; }

void ZlibRectEncoder::set_level(int level) {
  level = std::clamp(level, 0, 9);
  if (!ready_ || level == level_) return;
  level_ = level;
  if (deflateParams(&zs_, level_, Z_DEFAULT_STRATEGY) != Z_OK) {
    deflateEnd(&zs_);
    ready_ = false;
  }
}

ZlibRectEncoder::~ZlibRectEncoder() {
  if (ready_) deflateEnd(&zs_);
}

bool ZlibRectEncoder::encode(const PixelSource& src, const Rect& r, const PixelFormat& f, std::vector<uint8_t>& out) {
  if (!ready_) return false;
  raw_.clear();
  raw_.reserve(static_cast<size_t>(r.w) * r.h * f.bytes_per_pixel());
  for (uint32_t y = r.y; y < static_cast<uint32_t>(r.y) + r.h; ++y) append_pixels(f, src.pixels + y * src.stride + r.x, r.w, raw_);
  const size_t start = out.size();
  put_rect_header(r, kEncodingZlib, out);
  const size_t data_at = out.size() + 4;
  size_t produced = 0;
  zs_.next_in = raw_.data();
  zs_.avail_in = static_cast<uInt>(raw_.size());
  int rc = Z_OK;
  do {
    out.resize(data_at + produced + std::max<size_t>(deflateBound(&zs_, zs_.avail_in), 64) + 16);
    const size_t room = out.size() - data_at - produced;
    zs_.next_out = out.data() + data_at + produced;
    zs_.avail_out = static_cast<uInt>(room);
    rc = deflate(&zs_, Z_SYNC_FLUSH);
    produced += room - zs_.avail_out;
  } while (rc == Z_OK && (zs_.avail_in > 0 || zs_.avail_out == 0));
  if (rc != Z_OK && rc != Z_BUF_ERROR) {
    deflateEnd(&zs_);
    ready_ = false;
    out.resize(start);
    return false;
  }
  out.resize(data_at + produced);
  const uint32_t n = static_cast<uint32_t>(produced);
  out[data_at - 4] = static_cast<uint8_t>(n >> 24);
  out[data_at - 3] = static_cast<uint8_t>(n >> 16);
  out[data_at - 2] = static_cast<uint8_t>(n >> 8);
  out[data_at - 1] = static_cast<uint8_t>(n);
  return true;
}

}  // namespace tshyve::remote::vnc
