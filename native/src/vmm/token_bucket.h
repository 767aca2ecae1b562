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
  bool take();

 private:
  const double burst_, per_ns_;
  Clock now_;
  std::mutex mu_;  // guards tokens_ and last_
  double tokens_;
  uint64_t last_;
};

}  // namespace tshyve::vmm
