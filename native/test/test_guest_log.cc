// Guest-triggered logging is bounded by time, not by event count: the token bucket with an injected
// clock (burst, refill, cap), the limiter's "suppressed N" summary, and a real flood of unmapped bus
// accesses (what a hostile guest does) producing at most a burst of lines on stderr.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "check.h"
#include "vmm/bus.h"
#include "vmm/log.h"
#include "vmm/token_bucket.h"

using namespace tshyve::vmm;

namespace {
constexpr uint64_t kSecond = 1000000000ull;

void vlog_to(GuestLogLimiter& l, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  l.vlog(fmt, ap);
  va_end(ap);
}

// Runs `body` with stderr sent to a temp file; returns the lines written.
std::vector<std::string> capture_stderr(const std::function<void()>& body) {
  char path[] = "/tmp/tshyve-stderr-XXXXXX";
  int fd = mkstemp(path);
  std::fflush(stderr);
  int saved = dup(2);
  dup2(fd, 2);
  body();
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  std::vector<std::string> lines;
  FILE* f = std::fopen(path, "r");
  char buf[1024];
  while (f && std::fgets(buf, sizeof buf, f)) lines.emplace_back(buf);
  if (f) std::fclose(f);
  close(fd);
  unlink(path);
  return lines;
}
}  // namespace

TEST(bucket_allows_burst_then_refills_by_time) {
  uint64_t now = 5 * kSecond;
  TokenBucket b(20, 1, [&] { return now; });
  int ok = 0;
  for (int i = 0; i < 100; ++i) ok += b.take();
  CHECK_EQ(ok, 20);
  now += kSecond / 2;
  CHECK(!b.take());
  now += kSecond / 2;
  CHECK(b.take());
  CHECK(!b.take());
  now += 1000 * kSecond;  // a long quiet spell refills to the burst, no more
  ok = 0;
  for (int i = 0; i < 100; ++i) ok += b.take();
  CHECK_EQ(ok, 20);
}

TEST(bucket_ignores_a_clock_going_backwards) {
  uint64_t now = 10 * kSecond;
  TokenBucket b(1, 1, [&] { return now; });
  CHECK(b.take());
  now -= 5 * kSecond;
  CHECK(!b.take());
  now += 6 * kSecond;
  CHECK(b.take());
}

TEST(limiter_reports_how_many_lines_it_suppressed) {
  uint64_t now = 0;
  std::vector<std::string> out;
  GuestLogLimiter l(
      20, 1, [&](const std::string& s) { out.push_back(s); }, [&] { return now; });
  for (int i = 0; i < 25; ++i) vlog_to(l, "unmapped read %d", i);
  CHECK_EQ(out.size(), 20u);
  CHECK_EQ(l.suppressed(), 5u);
  now += kSecond;
  vlog_to(l, "later");
  CHECK_EQ(out.size(), 22u);
  if (out.size() == 22) {
    CHECK(out[20] == "(5 guest-triggered log lines suppressed)");
    CHECK(out[21] == "later");
  }
  CHECK_EQ(l.suppressed(), 0u);
}

// A million unmapped accesses in well under a second: at most one burst of lines.
TEST(unmapped_access_flood_is_bounded_by_time) {
  Bus bus("pio");
  auto lines = capture_stderr([&] {
    uint8_t b[4];
    for (int i = 0; i < 1000000; ++i) bus.read(0x9000 + (i & 0xff), b, 1);
  });
  std::printf("  %zu lines for 1000000 unmapped reads\n", lines.size());
  CHECK(lines.size() <= static_cast<size_t>(kGuestLogBurst) + 1);
  CHECK(!lines.empty());
}

TEST_MAIN()
