// Token-bucket arithmetic (vmm/token_bucket.h) and the paired bandwidth/operations limiter
// (vmm/rate_limiter.h, as Firecracker's RateLimiter) on a fake clock.
#include <cstdint>

#include "check.h"
#include "vmm/rate_limiter.h"

using tshyve::vmm::BucketConfig;
using tshyve::vmm::RateLimiter;
using tshyve::vmm::TokenBucket;

namespace {
constexpr uint64_t kMs = 1'000'000, kSec = 1'000'000'000;
struct FakeClock {
  uint64_t now = 5 * kSec;
  TokenBucket::Clock fn() {
    return [this] { return now; };
  }
};
}  // namespace

TEST(bucket_starts_full_and_takes_n) {
  FakeClock c;
  TokenBucket b(100, 100, c.fn());
  CHECK_EQ(b.try_take(60), 0u);
  CHECK_EQ(b.try_take(40), 0u);
  CHECK(!b.take());
}

TEST(bucket_wait_is_the_time_to_refill_what_is_missing) {
  FakeClock c;
  TokenBucket b(1000, 1000, c.fn());  // 1 token per ms
  CHECK_EQ(b.try_take(1000), 0u);
  CHECK_EQ(b.try_take(250), 250 * kMs);
  CHECK_EQ(b.wait_ns(250), 250 * kMs);
  c.now += 100 * kMs;
  CHECK_EQ(b.try_take(250), 150 * kMs);  // a refused take leaves the bucket as it was
  c.now += 150 * kMs;
  CHECK_EQ(b.try_take(250), 0u);
  CHECK_EQ(b.wait_ns(1), 1 * kMs);
}

TEST(bucket_refill_is_capped_at_the_burst) {
  FakeClock c;
  TokenBucket b(10, 1000, c.fn());
  CHECK_EQ(b.try_take(10), 0u);
  c.now += 60 * kSec;
  CHECK_EQ(b.try_take(10), 0u);
  CHECK(b.try_take(1) > 0u);
}

TEST(request_larger_than_the_bucket_goes_when_full_and_leaves_a_debt) {
  FakeClock c;
  TokenBucket b(100, 100, c.fn());
  CHECK_EQ(b.try_take(500), 0u);          // granted on a full bucket
  CHECK_EQ(b.try_take(10), 4100 * kMs);   // 400 of debt + 10 at 100/s
  CHECK_EQ(b.try_take(500), 5000 * kMs);  // the next big one waits for a full bucket after the debt
  c.now += 5 * kSec;
  CHECK_EQ(b.try_take(500), 0u);
  // Over a long run the rate holds: 10 takes of 500 need 45 s more (each needs 5 s to repay).
  uint64_t start = c.now;
  for (int i = 0; i < 10; ++i) {
    uint64_t w = b.try_take(500);
    c.now += w;
    if (w) CHECK_EQ(b.try_take(500), 0u);
  }
  CHECK_EQ(c.now - start, 50 * kSec);
}

TEST(give_back_restores_tokens_up_to_the_burst) {
  FakeClock c;
  TokenBucket b(5, 1, c.fn());
  CHECK_EQ(b.try_take(5), 0u);
  b.give_back(2);
  CHECK_EQ(b.try_take(2), 0u);
  b.give_back(50);
  CHECK_EQ(b.try_take(5), 0u);
  CHECK(b.try_take(1) > 0u);
}

TEST(limiter_without_buckets_is_unlimited) {
  RateLimiter l;
  CHECK(!l.enabled());
  for (int i = 0; i < 1000; ++i) CHECK_EQ(l.try_consume(1 << 20), 0u);
}

TEST(limiter_needs_both_buckets_and_takes_from_neither_when_one_refuses) {
  FakeClock c;
  // 4 KiB/s (burst 8 KiB) and 10 ops/s (burst one second's worth: 10).
  RateLimiter l(BucketConfig{4096, 8192}, BucketConfig{10, 0}, c.fn());
  CHECK(l.enabled());
  CHECK_EQ(l.try_consume(4096), 0u);
  CHECK_EQ(l.try_consume(4096), 0u);
  CHECK_EQ(l.try_consume(4096), kSec);                         // bandwidth empty; the op token was given back
  for (int i = 0; i < 8; ++i) CHECK_EQ(l.try_consume(0), 0u);  // ops: 10 - 2 = 8 left
  CHECK_EQ(l.try_consume(0), 100 * kMs);
  // Both short: the wait is the longer of the two.
  CHECK_EQ(l.try_consume(4096), kSec);
  c.now += kSec;
  CHECK_EQ(l.try_consume(4096), 0u);
}

TEST(ops_only_limiter_ignores_bytes) {
  FakeClock c;
  RateLimiter l(BucketConfig{}, BucketConfig{2, 2}, c.fn());
  CHECK_EQ(l.try_consume(1ull << 30), 0u);
  CHECK_EQ(l.try_consume(1ull << 30), 0u);
  CHECK_EQ(l.try_consume(0), 500 * kMs);
}

TEST_MAIN()
