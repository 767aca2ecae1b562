// An I/O rate limiter as Firecracker's: an optional bandwidth bucket (bytes) and an optional
// operations bucket (requests or frames); an I/O goes ahead only when both grant it.
#pragma once
#include <cstdint>
#include <memory>

#include "vmm/token_bucket.h"

namespace tshyve::vmm {

// One bucket's settings: 0 per_second = no limit; 0 burst = one second's worth.
struct BucketConfig {
  uint64_t per_second = 0;
  uint64_t burst = 0;
  bool enabled() const { return per_second > 0; }
};

class RateLimiter {
 public:
  RateLimiter() = default;  // unlimited
  RateLimiter(const BucketConfig& bytes, const BucketConfig& ops, TokenBucket::Clock now = TokenBucket::monotonic_ns);
  bool enabled() const { return bytes_ || ops_; }
  // Takes one operation of `bytes` from both buckets and returns 0, or takes nothing and returns
  // the nanoseconds until both could grant it.
  uint64_t try_consume(uint64_t bytes);

 private:
  std::unique_ptr<TokenBucket> bytes_, ops_;
};

}  // namespace tshyve::vmm
