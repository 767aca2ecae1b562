// The disk image backend with nocache (O_DIRECT, open(2)): requests whose guest buffers are not
// aligned are bounced in chunks of kBounceChunk, so they read and write the right bytes and host
// memory stays bounded (peak RSS from /proc/self/status VmHWM, reset through clear_refs, proc(5)).
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "check.h"
#include "devices/backends/block_file.h"

using namespace tshyve::devices::backends;

namespace {
constexpr size_t kMiB = 1u << 20;
constexpr size_t kRequest = 48 * kMiB;  // one request far larger than the bounce chunk

std::string temp_image(uint64_t size) {
  char path[] = "/var/tmp/tshyve-bounce-XXXXXX";
  int fd = mkstemp(path);
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) std::perror("ftruncate");
  close(fd);
  return path;
}

// Peak resident set since the last reset, in bytes.
uint64_t peak_rss() {
  std::ifstream f("/proc/self/status");
  for (std::string line; std::getline(f, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}
void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

// Guest-like memory: an anonymous mapping, touched up front so only the backend's own allocations
// move the peak afterwards. Buffers start at odd addresses, as a guest's may.
struct Buffers {
  uint8_t* base;
  size_t size;
  std::vector<iovec> iov;
  explicit Buffers(uint8_t seed) : size(kRequest + 3 * 4096) {
    base = static_cast<uint8_t*>(mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    for (size_t i = 0; i < size; ++i) base[i] = static_cast<uint8_t>(seed + i * 31 + (i >> 12));
    // Three pieces summing to kRequest, at unaligned addresses with unaligned lengths.
    const size_t a = 1000, c = 1048;
    iov = {{base + 3, a}, {base + 4096 + 7, kRequest - a - c}, {base + kRequest + 2 * 4096 + 1, c}};
  }
  ~Buffers() { munmap(base, size); }
  std::vector<uint8_t> flat() const {
    std::vector<uint8_t> v;
    for (const auto& s : iov) v.insert(v.end(), static_cast<uint8_t*>(s.iov_base), static_cast<uint8_t*>(s.iov_base) + s.iov_len);
    return v;
  }
};
}  // namespace

TEST(nocache_large_unaligned_write_and_read_are_exact_and_bounded) {
  std::string path = temp_image(kRequest + 8 * kMiB);
  BlockFileOptions o;
  o.path = path;
  o.nocache = true;
  BlockFile disk(o);
  Buffers out(1), in(2);
  const uint64_t offset = 4 * kMiB;

  reset_peak_rss();
  const uint64_t before = peak_rss();
  CHECK_EQ(disk.write(out.iov.data(), 3, offset), 0);
  const uint64_t after_write = peak_rss();
  CHECK_EQ(disk.read(in.iov.data(), 3, offset), 0);
  const uint64_t after_read = peak_rss();
  std::printf("  peak RSS growth: write %llu KiB, read %llu KiB (request %zu KiB)\n",
              static_cast<unsigned long long>((after_write - before) / 1024), static_cast<unsigned long long>((after_read - before) / 1024),
              kRequest / 1024);
  CHECK(after_write - before < 4 * kBounceChunk);
  CHECK(after_read - before < 4 * kBounceChunk);

  CHECK(in.flat() == out.flat());
  // And on the file itself, read without O_DIRECT.
  std::vector<uint8_t> host(kRequest);
  int fd = open(path.c_str(), O_RDONLY);
  CHECK_EQ(pread(fd, host.data(), host.size(), static_cast<off_t>(offset)), static_cast<ssize_t>(kRequest));
  close(fd);
  CHECK(host == out.flat());
  unlink(path.c_str());
}

TEST_MAIN()
