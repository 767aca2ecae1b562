// libFuzzer target: an RFB session (RFC 6143) fed hostile client bytes in arbitrary chunks, with
// and without VNC Authentication, interleaved with screen damage and update builds (raw, hextile or
// zlib, whose deflate stream lives across updates): every message length is checked, the client's
// buffered input stays bounded, and updates stay inside the screen.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "devices/input/input_sink.h"
#include "remote/vnc/rfb_session.h"
#include "remote/vnc/vnc_screen.h"

using namespace tshyve;

namespace {
struct NullSink : devices::input::InputSink {
  void key_event(uint32_t, bool) override {}
  void pointer_event(const devices::input::PointerState& p) override {
    if (p.x >= p.width || p.y >= p.height) std::abort();  // positions are clipped to the screen
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static remote::vnc::VncScreen* screen = new remote::vnc::VncScreen(200, 100);
  static NullSink sink;
  FuzzedDataProvider in(data, size);
  remote::vnc::RfbSessionConfig cfg;
  if (in.ConsumeBool()) cfg.password = "pw";
  remote::vnc::RfbSession s(cfg, *screen, &sink);
  // Inputs whose size has bit 1 set start from a finished 3.8 / None handshake (version, security
  // type, ClientInit), so the normal messages and the encoders are reached without consuming input.
  if (cfg.password.empty() && (size & 2)) {
    static const uint8_t kHello[] = {'R', 'F', 'B', ' ', '0', '0', '3', '.', '0', '0', '8', '\n', 1, 1};
    if (!s.receive(kHello, sizeof kHello)) std::abort();  // a valid handshake is never refused
    s.output().clear();
  }
  bool zlib_sent = false;
  std::vector<uint8_t> damage(static_cast<size_t>(screen->tiles_x()) * screen->tiles_y(), 0);
  while (in.remaining_bytes() > 0) {
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
      case 0:
      case 1: {
        auto chunk = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(1, 64));
        if (!s.receive(chunk.data(), chunk.size())) return 0;
        break;
      }
      case 2:
        for (auto& d : damage) d = in.ConsumeBool();
        s.add_damage(damage);
        break;
      case 3: s.build_update(); break;
    }
    // Odd-sized inputs switch to zlib (with compress level 1) once the handshake is done, without
    // consuming input: the seeds keep their meaning. The client may switch again later.
    if (!zlib_sent && (size & 1) && s.initialised()) {
      static const uint8_t kZlib[] = {2, 0, 0, 2, 0, 0, 0, 6, 0xff, 0xff, 0xff, 0x01};
      zlib_sent = true;
      if (!s.receive(kZlib, sizeof kZlib)) return 0;
    }
    // One update is at most the whole screen raw (4 bytes a pixel) plus headers.
    if (s.output().size() > 200u * 100u * 4u + 64u * 1024u) std::abort();
    s.output().clear();
  }
  return 0;
}
