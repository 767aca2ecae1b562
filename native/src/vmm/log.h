// Process log for the VMM (stderr). Messages a guest can trigger (unmapped accesses, protocol
// violations, BAR placements) go through guest_log(), limited per VM (one VM per process) by a
// time-based token bucket, with a summary of how many lines were suppressed.
#pragma once
#include <cstdarg>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "vmm/token_bucket.h"

namespace tshyve::vmm {

void log_message(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Guest-triggered lines: a burst of kGuestLogBurst, then kGuestLogPerSecond (our choice: enough to
// diagnose a misbehaving guest, too few to fill a disk).
constexpr double kGuestLogBurst = 20, kGuestLogPerSecond = 1;

// Lines beyond the bucket are counted; the next line let through is preceded by
// "(N guest-triggered log lines suppressed)". Thread-safe.
class GuestLogLimiter {
 public:
  using Sink = std::function<void(const std::string& line)>;
  GuestLogLimiter(double burst, double per_second, Sink sink, TokenBucket::Clock now = TokenBucket::monotonic_ns);
  void vlog(const char* fmt, va_list ap);
  uint64_t suppressed() const;

 private:
  TokenBucket bucket_;
  Sink sink_;
  mutable std::mutex mu_;  // guards suppressed_
  uint64_t suppressed_ = 0;
};

// The VM's limiter (this process's): any thread.
void guest_log(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace tshyve::vmm
