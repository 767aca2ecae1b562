// RFC 6143 §7.1 handshakes (with the 3.3 and 3.7 differences of §7.1.2/§7.2), §7.3 initialisation,
// §7.5 client messages, §7.6.1 FramebufferUpdate. Every length a client sends is checked before use.
#include "remote/vnc/rfb_session.h"

#include <algorithm>
#include <cstring>

#include "remote/vnc/des.h"

namespace tshyve::remote::vnc {

namespace {
constexpr uint8_t kSecNone = 1, kSecVnc = 2;
enum ClientMsg : uint8_t { kSetPixelFormat = 0, kSetEncodings = 2, kUpdateRequest = 3, kKeyEvent = 4, kPointerEvent = 5, kCutText = 6 };
uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t be32(const uint8_t* p) { return static_cast<uint32_t>(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
void put16(std::vector<uint8_t>& o, uint16_t v) {
  o.push_back(static_cast<uint8_t>(v >> 8));
  o.push_back(static_cast<uint8_t>(v));
}
void put32(std::vector<uint8_t>& o, uint32_t v) {
  put16(o, static_cast<uint16_t>(v >> 16));
  put16(o, static_cast<uint16_t>(v));
}
}  // namespace

RfbSession::RfbSession(const RfbSessionConfig& config, const VncScreen& screen, devices::input::InputSink* input)
    : config_(config), screen_(screen), input_(input), damage_(static_cast<size_t>(screen.tiles_x()) * screen.tiles_y(), 0) {
  const char* version = "RFB 003.008\n";
  out_.insert(out_.end(), version, version + 12);
}

bool RfbSession::fail(const std::string& why) {
  error_ = why;
  return false;
}

bool RfbSession::receive(const uint8_t* data, size_t len) {
  if (closing_) return true;  // after a failed authentication nothing more is read
  if (skip_) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(skip_, len));
    skip_ -= n;
    data += n;
    len -= n;
  }
  if (in_.size() + len > kMaxInput) return fail("client sent more than a message's worth without it parsing");
  in_.insert(in_.end(), data, data + len);
  size_t at = 0;
  while (at < in_.size() && !closing_) {
    const long used = step(in_.data() + at, in_.size() - at);
    if (used < 0) return false;
    if (used == 0) break;
    at += static_cast<size_t>(used);
    if (skip_) {  // a cut text body: drop what is buffered of it, the rest as it arrives
      const size_t n = static_cast<size_t>(std::min<uint64_t>(skip_, in_.size() - at));
      skip_ -= n;
      at += n;
    }
  }
  in_.erase(in_.begin(), in_.begin() + static_cast<long>(at));
  return true;
}

void RfbSession::send_security_result(bool ok, const char* reason) {
  put32(out_, ok ? 0 : 1);
  if (!ok && minor_ >= 8) {
    const size_t n = std::strlen(reason);
    put32(out_, static_cast<uint32_t>(n));
    out_.insert(out_.end(), reason, reason + n);
  }
  if (!ok) closing_ = true;
}

void RfbSession::send_server_init() {
  put16(out_, static_cast<uint16_t>(screen_.width()));
  put16(out_, static_cast<uint16_t>(screen_.height()));
  uint8_t pf[16];
  PixelFormat{}.serialize(pf);
  out_.insert(out_.end(), pf, pf + 16);
  put32(out_, static_cast<uint32_t>(config_.name.size()));
  out_.insert(out_.end(), config_.name.begin(), config_.name.end());
}

long RfbSession::step(const uint8_t* p, size_t n) {
  const uint8_t security = config_.password.empty() ? kSecNone : kSecVnc;
  switch (state_) {
    case State::kVersion: {
      if (n < 12) return 0;
      if (std::memcmp(p, "RFB 003.", 8) != 0 || p[11] != '\n') return fail("not an RFB 3.x version string") ? 0 : -1;
      int minor = 0;
      for (int i = 8; i < 11; ++i) {
        if (p[i] < '0' || p[i] > '9') return fail("bad RFB version digits") ? 0 : -1;
        minor = minor * 10 + (p[i] - '0');
      }
      minor_ = minor >= 8 ? 8 : minor == 7 ? 7 : 3;  // §7.1.1: unknown versions >= 3.3 are treated as 3.3
      if (minor_ == 3) {
        put32(out_, security);
        if (security == kSecVnc) {
          out_.insert(out_.end(), config_.challenge.begin(), config_.challenge.end());
          state_ = State::kAuthResponse;
        } else {
          state_ = State::kClientInit;
        }
      } else {
        out_.push_back(1);
        out_.push_back(security);
        state_ = State::kSecurityChoice;
      }
      return 12;
    }
    case State::kSecurityChoice: {
      if (p[0] != security) {
        if (minor_ >= 8) send_security_result(false, "security type not offered");
        closing_ = true;
        return 1;
      }
      if (security == kSecVnc) {
        out_.insert(out_.end(), config_.challenge.begin(), config_.challenge.end());
        state_ = State::kAuthResponse;
      } else {
        if (minor_ >= 8) put32(out_, 0);
        state_ = State::kClientInit;
      }
      return 1;
    }
    case State::kAuthResponse: {
      if (n < 16) return 0;
      const auto expected = vnc_auth_response(config_.password, config_.challenge);
      uint8_t diff = 0;
      for (int i = 0; i < 16; ++i) diff |= static_cast<uint8_t>(expected[i] ^ p[i]);
      send_security_result(diff == 0, "authentication failed");
      if (diff == 0) state_ = State::kClientInit;
      return 16;
    }
    case State::kClientInit:
      send_server_init();  // the shared flag is moot: every viewer shares the screen
      state_ = State::kNormal;
      std::fill(damage_.begin(), damage_.end(), 1);
      return 1;
    case State::kNormal: return normal_message(p, n);
  }
  return -1;
}

long RfbSession::normal_message(const uint8_t* p, size_t n) {
  switch (p[0]) {
    case kSetPixelFormat: {
      if (n < 20) return 0;
      const PixelFormat f = PixelFormat::parse(p + 4);
      if (!f.usable()) return fail("unsupported pixel format (colour maps or odd sizes)") ? 0 : -1;
      format_ = f;
      return 20;
    }
    case kSetEncodings: {
      if (n < 4) return 0;
      const uint16_t count = be16(p + 2);
      if (count > kMaxEncodings) return fail("SetEncodings lists too many encodings") ? 0 : -1;
      if (n < 4u + 4u * count) return 0;
      encoding_ = kEncodingRaw;
      bool chosen = false;
      for (uint16_t i = 0; i < count; ++i) {  // the client's order is its preference
        const int32_t e = static_cast<int32_t>(be32(p + 4 + 4 * i));
        if (!chosen && (e == kEncodingRaw || e == kEncodingHextile || e == kEncodingZlib)) {
          encoding_ = e;
          chosen = true;
        }
        if (e >= kCompressLevel0 && e <= kCompressLevel9) zlib_level_ = e - kCompressLevel0;
      }
      if (zlib_) zlib_->set_level(zlib_level_);
      return 4 + 4 * count;
    }
    case kUpdateRequest: {
      if (n < 10) return 0;
      const uint32_t x = be16(p + 2), y = be16(p + 4), w = be16(p + 6), h = be16(p + 8);
      // Clipped to the screen: a request past its edges (or huge) asks for nothing more than it.
      const uint32_t x1 = std::min(x + w, screen_.width()), y1 = std::min(y + h, screen_.height());
      if (x >= x1 || y >= y1) return 10;
      request_ = {static_cast<uint16_t>(x), static_cast<uint16_t>(y), static_cast<uint16_t>(x1 - x), static_cast<uint16_t>(y1 - y)};
      incremental_ = p[1] != 0;
      requested_ = true;
      if (!incremental_) {
        for (uint32_t ty = y / VncScreen::kTileHeight; ty <= (y1 - 1) / VncScreen::kTileHeight; ++ty)
          for (uint32_t tx = x / VncScreen::kTileWidth; tx <= (x1 - 1) / VncScreen::kTileWidth; ++tx)
            damage_[ty * screen_.tiles_x() + tx] = 1;
      }
      return 10;
    }
    case kKeyEvent:
      if (n < 8) return 0;
      if (input_) input_->key_event(be32(p + 4), p[1] != 0);
      return 8;
    case kPointerEvent: {
      if (n < 6) return 0;
      devices::input::PointerState s;
      s.buttons = p[1];
      s.x = std::min<uint32_t>(be16(p + 2), screen_.width() - 1);
      s.y = std::min<uint32_t>(be16(p + 4), screen_.height() - 1);
      s.width = screen_.width();
      s.height = screen_.height();
      if (input_) input_->pointer_event(s);
      return 6;
    }
    case kCutText:
      if (n < 8) return 0;
      skip_ = be32(p + 4);  // the guest has no clipboard: the text is discarded as it streams in
      return 8;
    default: return fail("unknown client message type " + std::to_string(p[0])) ? 0 : -1;
  }
}

void RfbSession::add_damage(const std::vector<uint8_t>& tiles) {
  if (state_ != State::kNormal) return;
  for (size_t i = 0; i < tiles.size() && i < damage_.size(); ++i) damage_[i] |= tiles[i];
}

bool RfbSession::build_update() {
  if (!update_requested()) return false;
  std::vector<Rect> rects;
  const uint32_t tx0 = request_.x / VncScreen::kTileWidth, tx1 = (request_.x + request_.w - 1u) / VncScreen::kTileWidth;
  const uint32_t ty0 = request_.y / VncScreen::kTileHeight, ty1 = (request_.y + request_.h - 1u) / VncScreen::kTileHeight;
  for (uint32_t ty = ty0; ty <= ty1; ++ty) {
    for (uint32_t tx = tx0; tx <= tx1; ++tx) {
      if (!damage_[ty * screen_.tiles_x() + tx]) continue;
      uint32_t end = tx;
      while (end + 1 <= tx1 && damage_[ty * screen_.tiles_x() + end + 1]) ++end;
      for (uint32_t t = tx; t <= end; ++t) damage_[ty * screen_.tiles_x() + t] = 0;
      const uint32_t x = std::max<uint32_t>(tx * VncScreen::kTileWidth, request_.x);
      const uint32_t x1 = std::min<uint32_t>((end + 1) * VncScreen::kTileWidth, request_.x + request_.w);
      const uint32_t y = std::max<uint32_t>(ty * VncScreen::kTileHeight, request_.y);
      const uint32_t y1 = std::min<uint32_t>((ty + 1) * VncScreen::kTileHeight, request_.y + request_.h);
      // Rows of the same tile column span merge with the rectangle above when they line up.
      if (!rects.empty() && rects.back().x == x && rects.back().w == x1 - x && rects.back().y + rects.back().h == y)
        rects.back().h = static_cast<uint16_t>(rects.back().h + (y1 - y));
      else
        rects.push_back({static_cast<uint16_t>(x), static_cast<uint16_t>(y), static_cast<uint16_t>(x1 - x), static_cast<uint16_t>(y1 - y)});
      tx = end;
    }
  }
  if (rects.empty()) return false;
  out_.push_back(0);  // FramebufferUpdate
  out_.push_back(0);
  put16(out_, static_cast<uint16_t>(rects.size()));
  const PixelSource src{screen_.pixels(), screen_.width()};
  if (encoding_ == kEncodingZlib && !zlib_) zlib_ = std::make_unique<ZlibRectEncoder>(zlib_level_);
  for (const Rect& r : rects)
    if (encoding_ != kEncodingZlib || !zlib_->encode(src, r, format_, out_))
      encode_rect(src, r, encoding_ == kEncodingZlib ? kEncodingRaw : encoding_, format_, out_);
  requested_ = false;
  ++updates_;
  return true;
}

}  // namespace tshyve::remote::vnc
