// One RFB client connection as a byte-in/byte-out state machine (RFC 6143): version handshake
// (3.3, 3.7, 3.8), security None or VNC Authentication, ClientInit/ServerInit, then the client
// messages of §7.5. No sockets here: the server feeds it what it reads and sends what it queues.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "devices/input/input_sink.h"
#include "remote/vnc/rfb_encoding.h"
#include "remote/vnc/rfb_pixel_format.h"
#include "remote/vnc/rfb_zlib.h"
#include "remote/vnc/vnc_screen.h"

namespace tshyve::remote::vnc {

struct RfbSessionConfig {
  std::string name = "tshyve";
  std::string password;                 // empty: security type None
  std::array<uint8_t, 16> challenge{};  // random per connection (VNC Authentication)
};

class RfbSession {
 public:
  // Client-side buffering beyond this (one message never needs more) drops the client.
  static constexpr size_t kMaxInput = 64 * 1024;
  static constexpr uint16_t kMaxEncodings = 1024;

  RfbSession(const RfbSessionConfig& config, const VncScreen& screen, devices::input::InputSink* input);

  // Bytes from the client. Returns false when the client must be dropped now (protocol violation);
  // `error()` says why. After a failed authentication `closing()` is true: flush, then close.
  bool receive(const uint8_t* data, size_t len);
  std::vector<uint8_t>& output() { return out_; }
  bool closing() const { return closing_; }
  bool initialised() const { return state_ == State::kNormal; }
  bool update_requested() const { return state_ == State::kNormal && requested_; }
  const std::string& error() const { return error_; }

  // Tiles of the screen that changed (VncScreen::refresh's result).
  void add_damage(const std::vector<uint8_t>& tiles);
  // If an update is requested and there is something in its region to send, appends one
  // FramebufferUpdate to output() and returns true.
  bool build_update();
  uint64_t updates_sent() const { return updates_; }

 private:
  enum class State { kVersion, kSecurityChoice, kAuthResponse, kClientInit, kNormal };
  // Handles one complete unit at the front of in_; returns bytes consumed, 0 if incomplete, -1 to drop.
  long step(const uint8_t* p, size_t n);
  long normal_message(const uint8_t* p, size_t n);
  void send_security_result(bool ok, const char* reason);
  void send_server_init();
  bool fail(const std::string& why);

  RfbSessionConfig config_;
  const VncScreen& screen_;
  devices::input::InputSink* input_;
  State state_ = State::kVersion;
  int minor_ = 8;
  std::vector<uint8_t> in_, out_;
  uint64_t skip_ = 0;  // ClientCutText bytes still to discard
  PixelFormat format_;
  int32_t encoding_ = kEncodingRaw;
  std::unique_ptr<ZlibRectEncoder> zlib_;  // made when a client first picks Zlib; lives with the connection
  int zlib_level_ = ZlibRectEncoder::kDefaultLevel;
  bool requested_ = false, incremental_ = false, closing_ = false;
  Rect request_;
  std::vector<uint8_t> damage_;
  std::string error_;
  uint64_t updates_ = 0;
};

}  // namespace tshyve::remote::vnc
