// Process log for the VMM: one line per message on stderr, prefixed "tshyve: ".
#include "vmm/log.h"

#include <cstdio>
#include <mutex>

namespace tshyve::vmm {

void log_message(const char* fmt, ...) {
  static std::mutex mu;
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  std::lock_guard<std::mutex> lock(mu);
  fprintf(stderr, "tshyve: %s\n", buf);
}

}  // namespace tshyve::vmm
