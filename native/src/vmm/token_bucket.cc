// Token bucket arithmetic: refill by elapsed time (capped at the burst), N tokens per event, the
// wait until N are there, and a debt for events larger than the whole bucket.
#include "vmm/token_bucket.h"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace tshyve::vmm {

uint64_t TokenBucket::monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

TokenBucket::TokenBucket(double burst, double per_second, Clock now)
    : burst_(burst), per_ns_(per_second / 1e9), now_(std::move(now)), tokens_(burst), last_(now_()) {}

void TokenBucket::refill_locked() {
  const uint64_t t = now_();
  if (t > last_) {
    tokens_ = std::min(burst_, tokens_ + static_cast<double>(t - last_) * per_ns_);
    last_ = t;
  }
}

// What must be in the bucket before `n` is granted: all of it, or a full bucket when n is larger.
uint64_t TokenBucket::wait_locked(double n) const {
  const double need = std::min(n, burst_) - tokens_;
  if (need <= 1e-6) return 0;  // float residue of a refill that was waited for exactly
  if (per_ns_ <= 0) return UINT64_MAX;
  return static_cast<uint64_t>(std::ceil(need / per_ns_));
}

uint64_t TokenBucket::try_take(double n) {
  std::lock_guard<std::mutex> lock(mu_);
  refill_locked();
  if (uint64_t w = wait_locked(n)) return w;
  tokens_ -= n;
  return 0;
}

uint64_t TokenBucket::wait_ns(double n) {
  std::lock_guard<std::mutex> lock(mu_);
  refill_locked();
  return wait_locked(n);
}

void TokenBucket::give_back(double n) {
  std::lock_guard<std::mutex> lock(mu_);
  tokens_ = std::min(burst_, tokens_ + n);
}

}  // namespace tshyve::vmm
