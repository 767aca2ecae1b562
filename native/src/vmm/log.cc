// Process log for the VMM: one line per message on stderr, prefixed "tshyve: "; guest-triggered
// lines through the VM's token-bucket limiter.
#include "vmm/log.h"

#include <cstdio>
#include <mutex>

namespace tshyve::vmm {

namespace {
void write_line(const std::string& line) {
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  fprintf(stderr, "tshyve: %s\n", line.c_str());
}
std::string format(const char* fmt, va_list ap) {
  char buf[512];
  vsnprintf(buf, sizeof buf, fmt, ap);
  return buf;
}
}  // namespace

void log_message(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::string line = format(fmt, ap);
  va_end(ap);
  write_line(line);
}

GuestLogLimiter::GuestLogLimiter(double burst, double per_second, Sink sink, TokenBucket::Clock now)
    : bucket_(burst, per_second, std::move(now)), sink_(std::move(sink)) {}

void GuestLogLimiter::vlog(const char* fmt, va_list ap) {
  uint64_t dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!bucket_.take()) {
      ++suppressed_;
      return;
    }
    dropped = suppressed_;
    suppressed_ = 0;
  }
  if (dropped) sink_("(" + std::to_string(dropped) + " guest-triggered log lines suppressed)");
  sink_(format(fmt, ap));
}

uint64_t GuestLogLimiter::suppressed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return suppressed_;
}

void guest_log(const char* fmt, ...) {
  static GuestLogLimiter limiter(kGuestLogBurst, kGuestLogPerSecond, write_line);
  va_list ap;
  va_start(ap, fmt);
  limiter.vlog(fmt, ap);
  va_end(ap);
}

}  // namespace tshyve::vmm
