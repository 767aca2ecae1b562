// libFuzzer target: the GDB stub's protocol layer (GDB manual E.1-E.4) fed raw bytes as a
// debugger's TCP stream: framing with bad checksums, cut and oversized packets, interrupts, and
// every command on a fake two-vCPU target. A reply must always be framable; no input may crash.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>

#include "gdb_fake_target.h"
#include "remote/gdb/gdb_session.h"
#include "remote/gdb/rsp_codec.h"

using namespace tshyve::remote::gdb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gdbtest::FakeTarget target(2, 4096);
  GdbSession session(target);
  RspDecoder decoder;
  FuzzedDataProvider in(data, size);
  // Sometimes a valid frame around the input, so commands are reached past the checksum.
  const bool framed = in.ConsumeBool();
  std::string bytes = in.ConsumeRemainingBytesAsString();
  if (framed) bytes = rsp_frame(bytes) + rsp_frame("?") + "\x03";
  for (char c : bytes) {
    if (decoder.feed(static_cast<uint8_t>(c)) != RspDecoder::Event::kPacket) continue;
    if (decoder.packet().size() > kMaxPayload) std::abort();
    auto r = session.handle(decoder.packet());
    if (r.reply.size() > 2 * kMaxPayload + 64) std::abort();  // replies stay within the advertised size
    (void)rsp_frame(r.reply);
    if (r.resumed) (void)session.stop_reply(StopEvent{StopEvent::Kind::kWatch, 1, static_cast<uint32_t>(c)});
  }
  return 0;
}
