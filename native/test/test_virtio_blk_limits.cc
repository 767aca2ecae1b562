// virtio-blk under rate limits (Firecracker-style token buckets, vmm/rate_limiter.h) through the
// virtio-pci transport against a real temp file, with a fake clock: a request stream completes at the
// set IOPS and bandwidth, held requests stay in the ring and resume from the worker's timed wait.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "check.h"
#include "devices/virtio/virtio_blk.h"
#include "virtio_test_driver.h"

using namespace tshyve::devices::virtio;

namespace {
constexpr uint64_t kMs = 1'000'000, kSec = 1'000'000'000;

struct LimitedBlk {
  std::string path;
  std::atomic<uint64_t> now{kSec};
  std::shared_ptr<VirtioBlk> blk;
  testdrv::Driver d;
  LimitedBlk(tshyve::vmm::BucketConfig bandwidth, tshyve::vmm::BucketConfig iops) {
    char p[] = "/tmp/tshyve-blk-limits-XXXXXX";
    int fd = mkstemp(p);
    CHECK_EQ(ftruncate(fd, 16 << 20), 0);
    close(fd);
    path = p;
    BlockConfig c;
    c.file.path = path;
    c.bandwidth = bandwidth;
    c.iops = iops;
    blk = std::make_shared<VirtioBlk>(c, [this] { return now.load(); });
    d.init(blk, bit(kFeatureEventIdx));
  }
  ~LimitedBlk() {
    blk->shutdown();
    unlink(path.c_str());
  }
  // Makes `n` reads of `len` bytes available (no kick).
  void queue_reads(int n, uint32_t len) {
    for (int i = 0; i < n; ++i) {
      uint64_t hdr = d.alloc(16), data = d.alloc(len, 4096), st = d.alloc(1);
      uint32_t h[4] = {blk::kTypeIn, 0, static_cast<uint32_t>(i * 8), 0};
      std::memcpy(d.ram + hdr, h, 16);
      d.submit({{hdr, 16, false}, {data, len, true}, {st, 1, true}});
    }
  }
  // The used index once it has stopped moving (the worker is idle or waiting on its buckets).
  uint16_t settled() {
    uint16_t last = d.used_idx();
    for (int quiet = 0; quiet < 5;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      uint16_t u = d.used_idx();
      quiet = u == last ? quiet + 1 : 0;
      last = u;
    }
    return last;
  }
};
}  // namespace

TEST(iops_limit_completes_the_burst_then_the_rate) {
  LimitedBlk r({}, {100, 10});  // 100 ops/s, bucket of 10
  r.queue_reads(30, 4096);
  r.d.kick();
  CHECK_EQ(r.settled(), 10);  // the bucket; the rest wait in the ring
  CHECK(r.blk->counters().throttled.get() >= 1u);
  r.now += 50 * kMs;  // 5 tokens; no kick: the worker's timed wait (10 ms) resumes the queue
  CHECK_EQ(r.settled(), 15);
  r.now += 60 * kSec;  // refill is capped at the bucket
  CHECK_EQ(r.settled(), 25);
  r.now += kSec;
  CHECK_EQ(r.settled(), 30);
  CHECK_EQ(r.blk->counters().read_requests.get(), 30u);
  CHECK_EQ(r.blk->counters().errors.get(), 0u);
}

TEST(bandwidth_limit_charges_data_bytes) {
  LimitedBlk r({64 << 10, 64 << 10}, {});  // 64 KiB/s, bucket of 64 KiB
  r.queue_reads(8, 16 << 10);
  r.d.kick();
  CHECK_EQ(r.settled(), 4);
  r.now += 250 * kMs;  // 16 KiB (the kick wakes the worker before its real-time retry would)
  r.d.kick();
  CHECK_EQ(r.settled(), 5);
  r.now += 500 * kMs;
  r.d.kick();
  CHECK_EQ(r.settled(), 7);
  CHECK_EQ(r.blk->counters().read_bytes.get(), 7u * (16 << 10));
}

TEST(request_larger_than_the_bucket_still_progresses) {
  LimitedBlk r({8 << 10, 8 << 10}, {});  // 8 KiB/s, bucket of 8 KiB
  r.queue_reads(2, 64 << 10);            // each 8 times the bucket
  r.d.kick();
  CHECK_EQ(r.settled(), 1);  // the first goes on the full bucket, leaving 56 KiB of debt
  r.now += 7 * kSec;         // debt repaid, bucket empty
  r.d.kick();
  CHECK_EQ(r.settled(), 1);
  r.now += 1 * kSec;  // full again
  r.d.kick();
  CHECK_EQ(r.settled(), 2);
}

TEST(kicks_while_throttled_do_not_complete_more_than_the_bucket) {
  LimitedBlk r({}, {10, 2});
  r.queue_reads(6, 512);
  for (int i = 0; i < 50; ++i) r.d.kick();
  CHECK_EQ(r.settled(), 2);
  const uint64_t throttled = r.blk->counters().throttled.get();
  // Held requests are neither dropped nor failed: they complete, in order, as time passes.
  r.now += 200 * kMs;
  CHECK_EQ(r.settled(), 4);  // resumed by the worker's own timed wait (100 ms), no kick
  r.now += 200 * kMs;
  CHECK_EQ(r.settled(), 6);
  CHECK_EQ(r.blk->counters().errors.get(), 0u);
  CHECK(throttled >= 1u);
  // The worker sleeps between retries (retry wait = the bucket's refill time, 100 ms here):
  // while time stands still a second of wall time costs only a few throttled retries.
  r.queue_reads(1, 512);
  r.d.kick();
  const uint64_t before = r.blk->counters().throttled.get();
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  const uint64_t retries = r.blk->counters().throttled.get() - before;
  CHECK(retries >= 1u && retries <= 15u);
  CHECK_EQ(r.d.used_idx(), 6);
}

TEST(unlimited_disk_is_never_throttled) {
  LimitedBlk r({}, {});
  r.queue_reads(40, 4096);
  r.d.kick();
  CHECK_EQ(r.settled(), 40);
  CHECK_EQ(r.blk->counters().throttled.get(), 0u);
}

TEST_MAIN()
