// Pairs the bandwidth and operations buckets of one device direction (Firecracker RateLimiter).
#include "vmm/rate_limiter.h"

#include <algorithm>

namespace tshyve::vmm {

namespace {
std::unique_ptr<TokenBucket> bucket_for(const BucketConfig& c, const TokenBucket::Clock& now) {
  if (!c.enabled()) return nullptr;
  const double rate = static_cast<double>(c.per_second);
  return std::make_unique<TokenBucket>(c.burst ? static_cast<double>(c.burst) : rate, rate, now);
}
}  // namespace

RateLimiter::RateLimiter(const BucketConfig& bytes, const BucketConfig& ops, TokenBucket::Clock now)
    : bytes_(bucket_for(bytes, now)), ops_(bucket_for(ops, now)) {}

uint64_t RateLimiter::try_consume(uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (ops_) {
    if (uint64_t w = ops_->try_take(1.0)) return std::max(w, bytes_ ? bytes_->wait_ns(b) : 0);
  }
  if (bytes_ && b > 0) {
    if (uint64_t w = bytes_->try_take(b)) {
      if (ops_) ops_->give_back(1.0);
      return w;
    }
  }
  return 0;
}

}  // namespace tshyve::vmm
