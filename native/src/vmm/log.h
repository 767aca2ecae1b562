// Process log for the VMM (stderr), with a rate limiter for guest-triggered messages so a guest
// cannot flood the host log (e.g. unmapped-access warnings).
#pragma once
#include <atomic>
#include <cstdarg>
#include <cstdint>

namespace tshyve::vmm {

void log_message(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Allows `burst` messages, then one per `every` calls; thread-safe.
class RateLimit {
 public:
  explicit RateLimit(uint64_t burst = 16, uint64_t every = 4096) : burst_(burst), every_(every) {}
  bool allow() {
    uint64_t n = count_.fetch_add(1, std::memory_order_relaxed);
    return n < burst_ || (n - burst_) % every_ == 0;
  }

 private:
  std::atomic<uint64_t> count_{0};
  uint64_t burst_, every_;
};

}  // namespace tshyve::vmm
