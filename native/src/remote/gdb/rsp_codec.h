// GDB remote serial protocol framing (GDB manual, appendix E.1 "Overview"): `$payload#cs` packets
// with a modulo-256 checksum, `+`/`-` acknowledgements and the out-of-band interrupt byte 0x03.
// The decoder keeps at most kMaxPayload bytes; a longer packet is dropped and answered with `-`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tshyve::remote::gdb {

constexpr size_t kMaxPayload = 16384;  // also advertised as qSupported PacketSize

class RspDecoder {
 public:
  enum class Event { kNone, kPacket, kBadPacket, kInterrupt, kAck, kNack };
  // Feeds one byte; on kPacket the payload is in packet() until the next call.
  Event feed(uint8_t byte);
  const std::string& packet() const { return payload_; }

 private:
  enum class State { kIdle, kPayload, kCheck1, kCheck2 } state_ = State::kIdle;
  std::string payload_;
  uint8_t sum_ = 0, want_ = 0;
  bool overflow_ = false;
};

// `$payload#cs`, escaping `$`, `#`, `}` and `*` as `}` + (byte ^ 0x20).
std::string rsp_frame(std::string_view payload);

// Hex helpers: lower-case output; parsing rejects anything but hex digits.
void hex_append(std::string& out, const uint8_t* data, size_t len);
std::string hex_encode(std::string_view bytes);
bool hex_decode(std::string_view hex, uint8_t* out, size_t len);  // hex must be exactly 2*len digits
// Parses a non-empty big-endian hex number of at most 16 digits.
bool parse_hex_u64(std::string_view hex, uint64_t& out);
int hex_digit(char c);

}  // namespace tshyve::remote::gdb
