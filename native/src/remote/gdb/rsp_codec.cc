// RSP framing and hex codecs (GDB manual E.1); bounded, never throws on input.
#include "remote/gdb/rsp_codec.h"

namespace tshyve::remote::gdb {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

RspDecoder::Event RspDecoder::feed(uint8_t b) {
  switch (state_) {
    case State::kIdle:
      if (b == '$') {
        payload_.clear();
        sum_ = 0;
        overflow_ = false;
        state_ = State::kPayload;
        return Event::kNone;
      }
      if (b == 0x03) return Event::kInterrupt;
      if (b == '+') return Event::kAck;
      if (b == '-') return Event::kNack;
      return Event::kNone;  // noise between packets
    case State::kPayload:
      if (b == '#') {
        state_ = State::kCheck1;
        return Event::kNone;
      }
      if (b == '$') {  // a new packet restarts framing (the old one was cut)
        payload_.clear();
        sum_ = 0;
        overflow_ = false;
        return Event::kNone;
      }
      sum_ = static_cast<uint8_t>(sum_ + b);
      if (payload_.size() < kMaxPayload)
        payload_.push_back(static_cast<char>(b));
      else
        overflow_ = true;
      return Event::kNone;
    case State::kCheck1: {
      int d = hex_digit(static_cast<char>(b));
      if (d < 0) {
        state_ = State::kIdle;
        return Event::kBadPacket;
      }
      want_ = static_cast<uint8_t>(d << 4);
      state_ = State::kCheck2;
      return Event::kNone;
    }
    case State::kCheck2: {
      state_ = State::kIdle;
      int d = hex_digit(static_cast<char>(b));
      if (d < 0 || overflow_ || static_cast<uint8_t>(want_ | d) != sum_) return Event::kBadPacket;
      return Event::kPacket;
    }
  }
  return Event::kNone;
}

std::string rsp_frame(std::string_view payload) {
  std::string out = "$";
  uint8_t sum = 0;
  for (char c : payload) {
    if (c == '$' || c == '#' || c == '}' || c == '*') {
      out.push_back('}');
      sum = static_cast<uint8_t>(sum + '}');
      c = static_cast<char>(c ^ 0x20);
    }
    out.push_back(c);
    sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
  }
  static const char* kHex = "0123456789abcdef";
  out.push_back('#');
  out.push_back(kHex[sum >> 4]);
  out.push_back(kHex[sum & 15]);
  return out;
}

void hex_append(std::string& out, const uint8_t* data, size_t len) {
  static const char* kHex = "0123456789abcdef";
  for (size_t i = 0; i < len; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 15]);
  }
}

std::string hex_encode(std::string_view bytes) {
  std::string out;
  hex_append(out, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return out;
}

bool hex_decode(std::string_view hex, uint8_t* out, size_t len) {
  if (hex.size() != 2 * len) return false;
  for (size_t i = 0; i < len; ++i) {
    int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

bool parse_hex_u64(std::string_view hex, uint64_t& out) {
  if (hex.empty() || hex.size() > 16) return false;
  uint64_t v = 0;
  for (char c : hex) {
    int d = hex_digit(c);
    if (d < 0) return false;
    v = v << 4 | static_cast<uint64_t>(d);
  }
  out = v;
  return true;
}

}  // namespace tshyve::remote::gdb
