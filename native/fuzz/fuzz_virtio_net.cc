// libFuzzer target: virtio-net (virtio 1.2 §5.1) through the virtio-pci transport, driven by a
// hostile driver, over a real tap in a network namespace of its own; the host side sends frames
// (with fuzzed vnet headers) into the tap so the receive path runs too. Every direction is rate
// limited on a clock the input moves, so frames are held back and resumed as well as passed.
#include "devices/virtio/virtio_net.h"
#include "fuzz_support.h"
#include "host_tap.h"

using namespace tshyve::devices::virtio;

namespace {
struct Rig {
  fuzz::GuardedMemory mem{fuzz::kRam};
  testnet::HostTap tap;
  std::shared_ptr<VirtioNet> net;
  std::shared_ptr<VirtioPciFunction> fn;
  uint64_t now = 0;
  Rig() {
    NicConfig c;
    c.tap = tap.name;
    c.mac = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
    c.mtu = 1500;
    c.rx_bandwidth = {1 << 20, 16 << 10};
    c.rx_packets = {1000, 4};
    c.tx_bandwidth = {1 << 20, 16 << 10};
    c.tx_packets = {1000, 4};
    net = std::make_shared<VirtioNet>(c, [this] { return now; });
    fn = std::make_shared<VirtioPciFunction>(net, mem, VirtioPciOptions{});
    if (!tap.wait_running()) std::abort();
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Rig* rig = new Rig();  // one tap for the whole run (made once: linkwatch is slow)
  FuzzedDataProvider in(data, size);
  rig->mem.clear();
  const uint8_t dst[6] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
  fuzz::HostileDriver d(
      rig->mem, *rig->fn,
      [&](uint16_t q) {
        rig->now += in.ConsumeIntegralInRange<uint64_t>(0, 10'000'000);  // up to 10 ms between kicks
        rig->fn->doorbell(q);
      },
      [&](FuzzedDataProvider& in) {
        const size_t len = in.ConsumeIntegralInRange<size_t>(14, 1514);
        auto frame = testnet::eth_frame(len, dst, in.ConsumeIntegral<uint8_t>());
        std::vector<uint8_t> vnet;
        if (in.ConsumeBool()) {
          frame = testnet::tcp4_frame(in.ConsumeIntegralInRange<size_t>(0, 4000), dst);
          vnet = testnet::tso4_header(in.ConsumeIntegralInRange<uint16_t>(500, 1460));
        }
        rig->tap.send(frame, vnet);
      });
  d.initialise(in, 2);
  d.run(in);
  return 0;
}
