// 9P2000.L field encoding (intro(5): size[4] type[1] tag[2], strings as len[2] + UTF-8 bytes).
#include "devices/virtio/p9_wire.h"

namespace tshyve::devices::virtio::p9 {

std::string Reader::str() {
  const uint16_t len = u16();
  const uint8_t* s = bytes(len);
  return s ? std::string(reinterpret_cast<const char*>(s), len) : std::string();
}

const uint8_t* Reader::bytes(size_t len) {
  if (!ok_ || n_ - at_ < len) {
    ok_ = false;
    return nullptr;
  }
  const uint8_t* s = p_ + at_;
  at_ += len;
  return s;
}

void Writer::begin(uint8_t type, uint16_t tag) {
  b_.clear();
  ok_ = true;
  u32(0);
  u8(type);
  u16(tag);
}

void Writer::str(std::string_view s) {
  if (s.size() > 0xffff) {
    ok_ = false;
    return;
  }
  u16(static_cast<uint16_t>(s.size()));
  put(s.data(), s.size());
}

void Writer::qid(const Qid& q) {
  u8(q.type);
  u32(q.version);
  u64(q.path);
}

void Writer::put(const void* data, size_t len) {
  uint8_t* at = reserve(len);
  if (at && len) std::memcpy(at, data, len);
}

uint8_t* Writer::reserve(size_t len) {
  if (!ok_ || len > room()) {
    ok_ = false;
    return nullptr;
  }
  const size_t at = b_.size();
  b_.resize(at + len);
  return b_.data() + at;
}

size_t Writer::finish() {
  patch_u32(0, static_cast<uint32_t>(b_.size()));
  return b_.size();
}

void write_error(Writer& w, uint16_t tag, uint32_t ecode) {
  w.begin(kRlerror, tag);
  w.u32(ecode);
  w.finish();
}

}  // namespace tshyve::devices::virtio::p9
