// libFuzzer target: the HPET (IA-PC HPET 1.0a) under hostile register traffic: reads and writes of
// every width at any offset (straddling registers, past the block), fuzzed configurations, routes
// and comparators, a clock that jumps forward by any amount, and expiry processing.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstring>
#include <memory>

#include "devices/timer/hpet.h"

using namespace tshyve::devices;

namespace {
struct Line : tshyve::vmm::InterruptLine {
  void set_level(bool high) override { level = high; }
  bool level = false;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  uint64_t now = in.ConsumeIntegral<uint64_t>() >> 2;
  HpetOptions o;
  o.irq = [](uint32_t) { return std::make_shared<Line>(); };
  o.clock_ns = [&now] { return now; };
  o.legacy = [](bool) {};
  Hpet hpet(o);
  static const uint32_t kSizes[] = {1, 2, 4, 8, 3, 0, 16};
  for (int i = 0; i < 256 && in.remaining_bytes() > 0; ++i) {
    const uint32_t width = kSizes[in.ConsumeIntegralInRange<int>(0, 6)];
    const uint32_t size_ok = width > 8 ? 8 : width;
    uint64_t off = in.ConsumeBool() ? in.ConsumeIntegralInRange<uint64_t>(0, 0x180) : in.ConsumeIntegral<uint64_t>();
    if (in.ConsumeBool()) off &= ~uint64_t{7};
    uint8_t buf[8] = {};
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: {
        const uint64_t v = in.ConsumeIntegral<uint64_t>();
        std::memcpy(buf, &v, 8);
        hpet.write(off, buf, size_ok == width ? width : size_ok);
        break;
      }
      case 1: hpet.read(off, buf, size_ok); break;
      case 2:
        now += in.ConsumeBool() ? in.ConsumeIntegralInRange<uint64_t>(0, 10'000'000) : (in.ConsumeIntegral<uint64_t>() >> 4);
        hpet.expire();
        break;
      case 3:
        for (unsigned t = 0; t < hpet::kTimers; ++t) hpet.deadline_ns(t);
        break;
    }
  }
  return 0;
}
