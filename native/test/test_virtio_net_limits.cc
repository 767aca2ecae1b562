// virtio-net under rx/tx rate limits (Firecracker-style token buckets) against a real tap in a
// network namespace this test makes, on a fake clock: frames beyond the bucket wait (TX in the ring,
// RX in the tap), none is dropped, and the device's timerfd on a real event loop resumes them.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "check.h"
#include "devices/virtio/virtio_net.h"
#include "host_tap.h"
#include "virtio_test_driver.h"
#include "vmm/event_loop.h"

using namespace tshyve::devices::virtio;
using tshyve::vmm::BucketConfig;

namespace {
constexpr uint8_t kGuestMac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
constexpr uint16_t kRx = net::kRxQueue, kTx = net::kTxQueue;
constexpr uint64_t kMs = 1'000'000, kSec = 1'000'000'000;

struct LimitedNet {
  testnet::HostTap tap;
  std::atomic<uint64_t> now{kSec};
  std::shared_ptr<VirtioNet> net;
  testdrv::Driver d;
  tshyve::vmm::EventLoop loop;
  bool ok = false;
  explicit LimitedNet(const NicConfig& limits) {
    NicConfig c = limits;
    c.tap = tap.name;
    std::memcpy(c.mac.data(), kGuestMac, 6);
    net = std::make_shared<VirtioNet>(c, [this] { return now.load(); });
    ok = d.init_queues(net, bit(net::kMac), 2, 32) && tap.wait_running();
    d.fn->attach(loop);
    loop.start();
  }
  ~LimitedNet() {
    loop.stop();
    net->shutdown();
  }
  void send_tx(int n, size_t len) {
    for (int i = 0; i < n; ++i) {
      auto f = testnet::eth_frame(len, kGuestMac, static_cast<uint8_t>(i));
      uint64_t hdr = d.alloc(net::kHdrSize), b = d.alloc(f.size());
      std::memset(d.ram + hdr, 0, net::kHdrSize);
      std::memcpy(d.ram + b, f.data(), f.size());
      d.submit_to(kTx, {{hdr, net::kHdrSize, false}, {b, static_cast<uint32_t>(f.size()), false}});
    }
  }
  uint16_t settled(uint16_t q) {
    uint16_t last = d.used_idx_of(q);
    for (int quiet = 0; quiet < 5;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      uint16_t u = d.used_idx_of(q);
      quiet = u == last ? quiet + 1 : 0;
      last = u;
    }
    return last;
  }
  // The seeds (from byte 14 = seed + 14 * 13, see testnet::eth_frame) of the frames the host received, in order.
  std::string seeds_received(int ms = 100) {
    std::string s;
    for (auto& f : tap.receive(ms)) s += static_cast<char>('a' + static_cast<uint8_t>(f[testnet::kVnetHdrLen + 14] - 14 * 13));
    return s;
  }
};
}  // namespace

TEST(tx_packets_limit_holds_frames_in_the_ring_until_the_timer) {
  NicConfig c;
  c.tx_packets = {100, 5};  // 100 frames/s, bucket of 5
  LimitedNet r(c);
  CHECK(r.ok);
  r.send_tx(12, 200);
  r.d.kick(kTx);
  CHECK_EQ(r.settled(kTx), 5);
  CHECK(r.net->counters().tx_throttled.get() >= 1u);
  r.now += 50 * kMs;  // 5 tokens; the timerfd (10 ms) resumes the queue without a kick
  CHECK_EQ(r.settled(kTx), 10);
  r.now += kSec;
  CHECK_EQ(r.settled(kTx), 12);
  CHECK(r.seeds_received() == "abcdefghijkl");  // every frame, in order
  CHECK_EQ(r.net->counters().tx_dropped.get(), 0u);
  CHECK_EQ(r.net->tx_frames(), 12u);
}

TEST(tx_bandwidth_limit_charges_frame_bytes) {
  NicConfig c;
  c.tx_bandwidth = {100000, 3000};  // 100 kB/s, bucket of 3000 bytes
  LimitedNet r(c);
  CHECK(r.ok);
  r.send_tx(6, 1000);
  r.d.kick(kTx);
  CHECK_EQ(r.settled(kTx), 3);
  r.now += 10 * kMs;  // 1000 bytes
  CHECK_EQ(r.settled(kTx), 4);
  r.now += 20 * kMs;
  CHECK_EQ(r.settled(kTx), 6);
  CHECK_EQ(r.net->counters().tx_bytes.get(), 6000u);
}

TEST(rx_packets_limit_leaves_frames_in_the_tap) {
  NicConfig c;
  c.rx_packets = {100, 3};
  LimitedNet r(c);
  CHECK(r.ok);
  for (int i = 0; i < 10; ++i) {
    uint64_t b = r.d.alloc(2048);
    r.d.submit_to(kRx, {{b, 2048, true}});
  }
  for (int i = 0; i < 8; ++i) CHECK(r.tap.send(testnet::eth_frame(100, kGuestMac, static_cast<uint8_t>(i))));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  r.d.kick(kRx);
  CHECK_EQ(r.settled(kRx), 3);
  CHECK(r.net->counters().rx_throttled.get() >= 1u);
  r.now += 50 * kMs;  // the timerfd resumes reading the tap; the refill is capped at the bucket
  CHECK_EQ(r.settled(kRx), 6);
  r.now += 50 * kMs;
  CHECK_EQ(r.settled(kRx), 8);
  CHECK_EQ(r.net->counters().rx_dropped.get(), 0u);
  CHECK_EQ(r.net->rx_frames(), 8u);
}

TEST(unlimited_nic_has_no_timer_and_is_never_throttled) {
  LimitedNet r(NicConfig{});
  CHECK(r.ok);
  r.send_tx(20, 500);
  r.d.kick(kTx);
  CHECK_EQ(r.settled(kTx), 20);
  CHECK_EQ(r.net->counters().tx_throttled.get(), 0u);
}

int main() {
  if (!testnet::enter_netns()) {
    const char* require = std::getenv("TSHYVE_REQUIRE_KVM");
    std::printf("test_virtio_net_limits: %s: cannot make a network namespace (needs root)\n",
                require && std::string(require) == "1" ? "FAILED" : "skipped");
    return require && std::string(require) == "1" ? 1 : 0;
  }
  return check::run_all();
}
