// Bounds-checked little-endian byte codec for VM snapshot payloads (docs/vm-snapshots.md): devices
// write their registers with StateWriter and read them back with StateReader, which never reads
// past its buffer and remembers the first failure instead of throwing.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace tshyve::vmm {

class StateWriter {
 public:
  void u8(uint8_t v) { bytes_.push_back(v); }
  void u16(uint16_t v) { put(v, 2); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void i64(int64_t v) { put(static_cast<uint64_t>(v), 8); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void bytes(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    bytes_.insert(bytes_.end(), b, b + n);
  }
  const std::vector<uint8_t>& data() const { return bytes_; }
  std::vector<uint8_t> take() { return std::move(bytes_); }

 private:
  void put(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t> bytes_;
};

class StateReader {
 public:
  StateReader(const uint8_t* data, size_t size) : p_(data), n_(size) {}
  explicit StateReader(const std::vector<uint8_t>& v) : StateReader(v.data(), v.size()) {}
  uint8_t u8() { return static_cast<uint8_t>(get(1)); }
  uint16_t u16() { return static_cast<uint16_t>(get(2)); }
  uint32_t u32() { return static_cast<uint32_t>(get(4)); }
  uint64_t u64() { return get(8); }
  int64_t i64() { return static_cast<int64_t>(get(8)); }
  // Any byte but 0/1 is a garbled flag: it fails the reader.
  bool boolean() {
    uint8_t v = u8();
    if (v > 1) ok_ = false;
    return v == 1;
  }
  bool bytes(void* out, size_t n) {
    if (!ok_ || n > n_ - at_) {
      ok_ = false;
      if (n) std::memset(out, 0, n);
      return false;
    }
    if (n) std::memcpy(out, p_ + at_, n);
    at_ += n;
    return true;
  }
  size_t remaining() const { return ok_ ? n_ - at_ : 0; }
  // True when every read succeeded and the whole buffer was consumed.
  bool ok_and_done() const { return ok_ && at_ == n_; }
  bool ok() const { return ok_; }
  void fail() { ok_ = false; }

 private:
  uint64_t get(int n) {
    if (!ok_ || static_cast<size_t>(n) > n_ - at_) {
      ok_ = false;
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(p_[at_ + i]) << (8 * i);
    at_ += n;
    return v;
  }
  const uint8_t* p_;
  size_t n_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace tshyve::vmm
