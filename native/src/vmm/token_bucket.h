// A time-based token bucket (as Firecracker's rate limiter): holds up to `burst` tokens, refilled
// continuously at `per_second`; the clock is injected so tests can drive time.
#pragma once
#include <cstdint>
#include <functional>
#include <mutex>

namespace tshyve::vmm {

class TokenBucket {
 public:
  using Clock = std::function<uint64_t()>;  // monotonic nanoseconds
  static uint64_t monotonic_ns();
  TokenBucket(double burst, double per_second, Clock now = monotonic_ns);
  // Any thread: takes one token if there is one.
  bool take() { return try_take(1.0) == 0; }
  // Any thread: takes `n` tokens and returns 0, or takes nothing and returns the nanoseconds until
  // it could. More than `burst` is granted once the bucket is full, leaving a debt that later
  // refills repay first (so one request larger than the bucket still progresses, at the set rate).
  uint64_t try_take(double n);
  // Any thread: nanoseconds until try_take(n) would succeed (0: now), taking nothing.
  uint64_t wait_ns(double n);
  // Any thread: gives back `n` tokens taken earlier (capped at the burst).
  void give_back(double n);
  double burst() const { return burst_; }

 private:
  void refill_locked();
  uint64_t wait_locked(double n) const;
  const double burst_, per_ns_;
  Clock now_;
  std::mutex mu_;  // guards tokens_ and last_
  double tokens_;
  uint64_t last_;
};

}  // namespace tshyve::vmm
