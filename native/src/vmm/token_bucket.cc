// Token bucket arithmetic: refill by elapsed time (capped at the burst), one token per event.
#include "vmm/token_bucket.h"

#include <algorithm>
#include <ctime>

namespace tshyve::vmm {

uint64_t TokenBucket::monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

TokenBucket::TokenBucket(double burst, double per_second, Clock now)
    : burst_(burst), per_ns_(per_second / 1e9), now_(std::move(now)), tokens_(burst), last_(now_()) {}

bool TokenBucket::take() {
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t t = now_();
  if (t > last_) {
    tokens_ = std::min(burst_, tokens_ + static_cast<double>(t - last_) * per_ns_);
    last_ = t;
  }
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

}  // namespace tshyve::vmm
