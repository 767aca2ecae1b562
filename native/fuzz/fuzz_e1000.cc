// libFuzzer target: the 82545EM (8254x SDM) driven by a hostile driver: register writes and reads
// anywhere in BAR 0 and through the I/O BAR (weighted towards the ring, interrupt and EEPROM registers), configuration
// writes, raw guest RAM writes, well-formed and malformed TX descriptors, frames arriving from the
// host (raw, or IPv4 TCP/UDP frames with fuzzed header fields for the receive checksum offload) and
// timer expiries (throttling and the interrupt delay timers), over guest RAM between guard pages.
#include "devices/net/e1000.h"
#include "fuzz_support.h"

using namespace tshyve::devices::net;
using namespace tshyve::devices::net::e1000;

namespace {
constexpr uint32_t kInteresting[] = {reg::kCtrl, reg::kEecd,     reg::kEerd,  reg::kMdic,  reg::kIcr,   reg::kItr,   reg::kIcs,
                                     reg::kIms,  reg::kImc,      reg::kRctl,  reg::kTctl,  reg::kRdbal, reg::kRdbah, reg::kRdlen,
                                     reg::kRdh,  reg::kRdt,      reg::kTdbal, reg::kTdbah, reg::kTdlen, reg::kTdh,   reg::kTdt,
                                     reg::kRal0, reg::kRal0 + 4, reg::kMta,   reg::kVet,   reg::kGorch, reg::kGotcl, reg::kRxcsum,
                                     reg::kRdtr, reg::kRadv,     reg::kTidv,  reg::kTadv};
constexpr uint64_t kRing = 0x10000, kBufs = 0x20000;

struct Rig {
  fuzz::GuardedMemory mem{fuzz::kRam};
  std::unique_ptr<E1000Function> fn;
  uint64_t now = 0;
  bool timer = false;
  Rig() {
    E1000Options o;
    o.mac = {0x58, 0x9c, 0xfc, 1, 2, 3};
    o.transmit = [](const uint8_t*, size_t n) { return n > 0; };
    o.clock_ns = [this] { return now; };
    o.arm_timer = [this](uint64_t) { timer = true; };
    fn = std::make_unique<E1000Function>(mem, std::move(o));
  }
};

void write_desc(Rig& rig, FuzzedDataProvider& in) {
  // A transmit descriptor at ring slot n: legacy, context or data, fields fuzzed, buffer in RAM or not.
  const uint32_t n = in.ConsumeIntegralInRange<uint32_t>(0, 63);
  uint8_t d[16];
  uint64_t addr = in.ConsumeBool() ? kBufs + in.ConsumeIntegralInRange<uint64_t>(0, 0x40000) : in.ConsumeIntegral<uint64_t>();
  std::memcpy(d, &addr, 8);
  const uint32_t len = in.ConsumeIntegralInRange<uint32_t>(0, 70000);
  const uint8_t kind = in.ConsumeIntegralInRange<uint8_t>(0, 2);
  uint32_t lower = kind == 0 ? (len & 0xffff) : (len & 0xfffff) | (static_cast<uint32_t>(kind - 1) << 20);
  uint8_t cmd = in.ConsumeIntegral<uint8_t>();
  if (kind)
    cmd |= kTxCmdDext;
  else
    cmd &= static_cast<uint8_t>(~kTxCmdDext);
  lower = (lower & 0x00ffffff) | static_cast<uint32_t>(cmd) << 24;
  if (kind == 0) lower = (lower & 0xff00ffff) | static_cast<uint32_t>(in.ConsumeIntegral<uint8_t>()) << 16;
  std::memcpy(d + 8, &lower, 4);
  const uint32_t upper = in.ConsumeIntegral<uint32_t>();
  std::memcpy(d + 12, &upper, 4);
  if (kind == 1) {  // context: header offsets in the first 8 bytes
    const uint64_t offs = in.ConsumeIntegral<uint64_t>();
    std::memcpy(d, &offs, 8);
  }
  std::memcpy(rig.mem.ram() + kRing + 16 * n, d, 16);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Rig* rig = new Rig();
  FuzzedDataProvider in(data, size);
  rig->mem.clear();
  rig->fn->write_register(reg::kCtrl, kCtrlRst);
  rig->fn->config_write(0x04, 2, 0x0006);
  std::vector<uint8_t> frame;
  while (in.remaining_bytes() > 0) {
    switch (in.ConsumeIntegralInRange<int>(0, 9)) {
      case 0: {
        const uint32_t off = in.ConsumeBool() ? in.PickValueInArray(kInteresting) : in.ConsumeIntegralInRange<uint32_t>(0, 0x1ffff);
        rig->fn->write_register(off & ~3u, in.ConsumeIntegral<uint32_t>());
        break;
      }
      case 1: {
        uint8_t b[8];
        const uint32_t sz = 1u << in.ConsumeIntegralInRange<int>(0, 3);
        const int region = in.PickValueInArray({0, kIoBar, tshyve::devices::kPciRomRegion});
        rig->fn->mmio_read(region, in.ConsumeIntegralInRange<uint64_t>(0, 0x20008), b, sz);
        if (region == kIoBar && in.ConsumeBool()) {  // IOADDR/IODATA writes reach any register
          const uint32_t v = in.ConsumeIntegral<uint32_t>();
          rig->fn->mmio_write(kIoBar, in.ConsumeBool() ? kIoAddr : kIoData, reinterpret_cast<const uint8_t*>(&v), 4);
        }
        break;
      }
      case 2: {
        const uint64_t at = in.ConsumeIntegralInRange<uint64_t>(0, fuzz::kRam - 1);
        auto bytes = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(0, 64));
        const size_t n = std::min<size_t>(bytes.size(), fuzz::kRam - at);
        if (n) std::memcpy(rig->mem.ram() + at, bytes.data(), n);
        break;
      }
      case 3: {  // a well-formed ring setup: both rings at kRing / kRing + 0x1000 with buffers
        const uint32_t count = 8u << in.ConsumeIntegralInRange<int>(0, 3);
        for (uint32_t i = 0; i < count; ++i) {
          const uint64_t a = kBufs + 2048ull * i;
          std::memcpy(rig->mem.ram() + kRing + 0x1000 + 16 * i, &a, 8);
        }
        rig->fn->write_register(reg::kRdbal, static_cast<uint32_t>(kRing + 0x1000));
        rig->fn->write_register(reg::kRdlen, count * 16);
        rig->fn->write_register(reg::kRdt, count - 1);
        rig->fn->write_register(reg::kRctl, in.ConsumeIntegral<uint32_t>() | kRctlEn);
        rig->fn->write_register(reg::kTdbal, static_cast<uint32_t>(kRing));
        rig->fn->write_register(reg::kTdlen, 64 * 16);
        rig->fn->write_register(reg::kTctl, kTctlEn);
        break;
      }
      case 4: write_desc(*rig, in); break;
      case 5: rig->fn->write_register(reg::kTdt, in.ConsumeIntegralInRange<uint32_t>(0, 70)); break;
      case 6: {
        frame = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(0, 17000));
        if (frame.size() >= 6 && in.ConsumeBool()) std::memset(frame.data(), 0xff, 6);
        rig->fn->receive(frame.data(), frame.size());
        break;
      }
      case 9: {  // an IPv4 frame, maybe 802.1Q-tagged, with fuzzed header, lengths and checksums
        frame.assign(in.ConsumeIntegralInRange<size_t>(14, 1518), 0);
        std::memset(frame.data(), 0xff, 6);
        size_t off = 12;
        if (in.ConsumeBool() && frame.size() >= 18) {
          frame[12] = 0x81, frame[13] = 0x00;
          off = 16;
        }
        frame[off] = 0x08, frame[off + 1] = 0x00;
        const auto header = in.ConsumeBytes<uint8_t>(60);
        for (size_t i = 0; i < header.size() && off + 2 + i < frame.size(); ++i) frame[off + 2 + i] = header[i];
        if (frame.size() > off + 11) {
          frame[off + 2] = static_cast<uint8_t>(0x40 | (frame[off + 2] & 0xf));
          frame[off + 11] = in.ConsumeBool() ? 6 : 17;
        }
        rig->fn->write_register(reg::kRxcsum, in.ConsumeIntegral<uint16_t>());
        rig->fn->receive(frame.data(), frame.size());
        break;
      }
      case 7:
        rig->now += in.ConsumeIntegral<uint32_t>();
        if (rig->timer) {
          rig->timer = false;
          rig->fn->timer_expired();
        }
        break;
      case 8: {
        const uint32_t off = in.ConsumeIntegralInRange<uint32_t>(0, 255);
        const uint32_t sz = 1u << in.ConsumeIntegralInRange<int>(0, 2);
        rig->fn->config_write(off & ~(sz - 1), sz, in.ConsumeIntegral<uint32_t>());
        break;
      }
    }
  }
  return 0;
}
