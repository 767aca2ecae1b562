// libFuzzer target: the split virtqueue parser (virtio 1.2 §2.7) over hostile ring and descriptor
// bytes in guarded guest RAM: pop (direct and indirect chains), chain reads/writes, used ring,
// event index and notification suppression.
#include <vector>

#include "devices/virtio/virtqueue.h"
#include "fuzz_support.h"

using namespace tshyve::devices::virtio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::GuardedMemory mem(64 * 1024);
  FuzzedDataProvider in(data, size);
  mem.clear();
  QueueConfig c;
  c.size = in.ConsumeIntegral<uint16_t>();
  if (in.ConsumeBool()) c.size = static_cast<uint16_t>(1u << in.ConsumeIntegralInRange<int>(0, 8));
  c.desc = in.ConsumeIntegralInRange<uint64_t>(0, mem.size() + 64);
  c.avail = in.ConsumeIntegralInRange<uint64_t>(0, mem.size() + 64);
  c.used = in.ConsumeIntegralInRange<uint64_t>(0, mem.size() + 64);
  const bool event_idx = in.ConsumeBool();
  auto image = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(0, mem.size()));
  if (!image.empty()) std::memcpy(mem.ram(), image.data(), image.size());
  Virtqueue q;
  if (!q.activate(&mem, c, event_idx)) return 0;
  std::vector<uint16_t> in_flight;
  Chain chain;
  uint8_t scratch[4096];
  while (in.remaining_bytes() > 0 && q.active()) {
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
      case 0: {
        PopResult r = q.pop(chain);
        if (r != PopResult::kChain) break;
        const uint64_t off = in.ConsumeIntegralInRange<uint64_t>(0, chain.readable_bytes + 16);
        (void)chain.read(off, scratch, in.ConsumeIntegralInRange<size_t>(0, sizeof scratch));
        (void)chain.write(in.ConsumeIntegralInRange<uint64_t>(0, chain.writable_bytes + 16), scratch,
                          in.ConsumeIntegralInRange<size_t>(0, sizeof scratch));
        if (in.ConsumeBool())
          q.undo_pop();  // the device puts the chain back (no room yet)
        else
          in_flight.push_back(chain.head);
        break;
      }
      case 1:
        if (!in_flight.empty()) {
          q.push_used(in_flight.back(), in.ConsumeIntegral<uint32_t>());
          in_flight.pop_back();
        }
        break;
      case 2: (void)q.should_notify(); break;
      case 3: (void)q.enable_notifications(); break;
      case 4: q.disable_notifications(); break;
      case 5:
        (void)q.has_available();
        (void)q.available();
        break;
      case 6: {  // the driver changes ring memory under the device
        const uint64_t at = in.ConsumeIntegralInRange<uint64_t>(0, mem.size() - 1);
        auto bytes = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(1, 32));
        if (!bytes.empty()) std::memcpy(mem.ram() + at, bytes.data(), std::min<size_t>(bytes.size(), mem.size() - at));
        break;
      }
    }
  }
  return 0;
}
