// virtio-rng (virtio 1.2 §5.4) through the virtio-pci transport and the test driver: identity and
// features, random bytes across writable descriptors, read-only chains, the token-bucket rate limit
// and its timer retry on the event loop, and reset.
#include <chrono>
#include <cstring>
#include <thread>

#include "check.h"
#include "devices/virtio/virtio_rng.h"
#include "virtio_test_driver.h"
#include "vmm/event_loop.h"

using namespace tshyve::devices::virtio;

namespace {
std::shared_ptr<VirtioRng> rng(uint64_t bytes_per_second = 1 << 20) {
  RngConfig c;
  c.bytes_per_second = bytes_per_second;
  return std::make_shared<VirtioRng>(c);
}
bool all_zero(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (p[i]) return false;
  return true;
}
bool wait_used(testdrv::Driver& d, uint16_t n, int ms) {
  for (int i = 0; i < ms && d.used_idx() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return d.used_idx() >= n;
}
}  // namespace

TEST(identity_and_features) {
  auto dev = rng();
  CHECK_EQ(dev->device_type(), kDeviceEntropy);
  CHECK_EQ(dev->num_queues(), 1);
  CHECK_EQ(dev->config_size(), 0u);
  testdrv::Driver d;
  d.fn = std::make_shared<VirtioPciFunction>(dev, *d.mem, VirtioPciOptions{});
  CHECK_EQ(d.fn->config_read(2, 2), 0x1044u);  // 0x1040 + entropy
  d.w32(0x00, 0);
  CHECK_EQ(d.r32(0x04), bit(kFeatureIndirectDesc) | bit(kFeatureEventIdx));  // no device-specific bits
  d.w32(0x00, 1);
  CHECK_EQ(d.r32(0x04), 1u);  // VERSION_1 (bit 32)
  CHECK(d.init(rng(), 0, 8));
}

TEST(fills_every_writable_descriptor) {
  testdrv::Driver d;
  CHECK(d.init(rng(), 0, 8));
  uint64_t a = d.alloc(100), b = d.alloc(300);
  std::memset(d.ram + a, 0, 100);
  std::memset(d.ram + b, 0, 300);
  d.submit({{a, 100, true}, {b, 300, true}});
  d.kick();
  CHECK_EQ(d.used_idx(), 1);
  CHECK_EQ(d.used_len(0), 400u);
  CHECK(!all_zero(d.ram + a, 100));
  CHECK(!all_zero(d.ram + b + 236, 64));  // the tail of the second descriptor too
  // Two requests do not get the same bytes.
  uint64_t c = d.alloc(64), e = d.alloc(64);
  d.submit({{c, 64, true}});
  d.submit({{e, 64, true}});
  d.kick();
  CHECK_EQ(d.used_idx(), 3);
  CHECK(std::memcmp(d.ram + c, d.ram + e, 64) != 0);
}

TEST(read_only_chain_completes_empty) {
  testdrv::Driver d;
  CHECK(d.init(rng(), 0, 8));
  uint64_t a = d.alloc(64);
  std::memset(d.ram + a, 0x5a, 64);
  d.submit({{a, 64, false}});
  d.kick();
  CHECK_EQ(d.used_idx(), 1);
  CHECK_EQ(d.used_len(0), 0u);
  for (int i = 0; i < 64; ++i) CHECK_EQ(d.ram[a + i], 0x5a);  // the device never writes a readable buffer
}

// The bucket holds one second's worth: a 1000 B/s device gives at most 1000 bytes at once, then
// holds the next request until the timer (10 ms) finds tokens again.
TEST(rate_limit_and_timer_retry) {
  testdrv::Driver d;
  CHECK(d.init(rng(1000), 0, 8));
  tshyve::vmm::EventLoop loop;
  d.fn->attach(loop);
  loop.start();
  uint64_t a = d.alloc(4096), b = d.alloc(4096);
  d.submit({{a, 4096, true}});
  d.kick();
  CHECK(wait_used(d, 1, 500));
  CHECK_EQ(d.used_len(0), 1000u);
  auto t0 = std::chrono::steady_clock::now();
  d.submit({{b, 4096, true}});
  d.kick();
  CHECK_EQ(d.used_idx(), 1);  // bucket empty: held back
  CHECK(wait_used(d, 2, 2000));
  auto waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(d.used_len(1) >= 1u && d.used_len(1) < 1000u);  // only what accrued since
  CHECK(waited >= 0.001);
  loop.stop();
  d.fn->shutdown();
}

TEST(reset_then_reinitialise) {
  testdrv::Driver d;
  CHECK(d.init(rng(), 0, 8));
  uint64_t a = d.alloc(32);
  d.submit({{a, 32, true}});
  d.kick();
  CHECK_EQ(d.used_idx(), 1);
  d.w8(0x14, 0);  // reset (§2.4): the queue is gone
  CHECK_EQ(d.status(), 0);
  d.w16(0x16, 0);
  CHECK_EQ(d.r32(0x1c) & 0xffff, 0u);  // queue_enable reads 0
  d.submit({{a, 32, true}});
  d.kick();
  CHECK_EQ(d.used_idx(), 1);  // nothing processed while reset
  // Fresh rings, fresh negotiation: works again.
  std::memset(d.ram + d.desc, 0, 0x30000);
  d.avail_idx = d.next_desc = 0;
  d.w8(0x14, kStatusAcknowledge | kStatusDriver);
  d.w32(0x08, 1);
  d.w32(0x0c, 1);
  d.w8(0x14, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk);
  d.enable_queue(0, 8, d.desc, d.avail, d.used);
  CHECK(d.driver_ok());
  d.submit({{a, 32, true}});
  d.kick();
  CHECK_EQ(d.used_idx(), 1);
  CHECK_EQ(d.used_len(0), 32u);
}

TEST_MAIN()
