// libFuzzer target: the CFI vars flash (devices/flash/cfi_flash.h) on a memfd, driven by commands
// and data in any order, width and offset (inside and past the device). Invariant: a byte's bits
// only go from 0 to 1 when its whole 4 KiB block was erased to 0xff.
#include <fuzzer/FuzzedDataProvider.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "devices/flash/cfi_flash.h"

using namespace tshyve::devices::flash;

namespace {
constexpr uint64_t kBlock = 4096, kSize = 4 * kBlock;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static int fd = [] {
    int f = ::memfd_create("fuzz-pflash", MFD_CLOEXEC);
    if (f < 0 || ::ftruncate(f, kSize) != 0) std::abort();
    return f;
  }();
  static uint8_t* map = static_cast<uint8_t*>(::mmap(nullptr, kSize, PROT_READ, MAP_SHARED, fd, 0));
  std::vector<uint8_t> init(kSize, 0xff);
  for (size_t i = 0; i < kSize; i += 97) init[i] = static_cast<uint8_t>(i);
  if (::pwrite(fd, init.data(), kSize, 0) != static_cast<ssize_t>(kSize)) std::abort();
  bool mapped = true;
  CfiFlash flash(map, kSize, fd, kBlock, [&](bool array) {
    if (array == mapped) std::abort();  // the hook reports changes only
    mapped = array;
  });
  FuzzedDataProvider in(data, size);
  const uint8_t commands[] = {0xff, 0x00, 0xf0, 0x70, 0x50, 0x40, 0x10, 0x20, 0xd0, 0x90, 0x98, 0xe8, 0x60, 0x01};
  std::vector<uint8_t> before(kSize);
  while (in.remaining_bytes() > 0) {
    const uint32_t widths[] = {1, 2, 4, 8};
    const uint32_t n = widths[in.ConsumeIntegralInRange<int>(0, 3)];
    const uint64_t off = in.ConsumeBool() ? in.ConsumeIntegralInRange<uint64_t>(0, kSize - 1) : in.ConsumeIntegral<uint64_t>();
    uint8_t b[8] = {};
    if (in.ConsumeBool()) {
      flash.read(off, b, n);
      continue;
    }
    const uint64_t v =
        in.ConsumeBool() ? commands[in.ConsumeIntegralInRange<size_t>(0, sizeof commands - 1)] : in.ConsumeIntegral<uint64_t>();
    std::memcpy(b, &v, 8);
    std::memcpy(before.data(), map, kSize);
    flash.write(off, b, n);
    for (uint64_t i = 0; i < kSize; ++i) {
      if (!(map[i] & ~before[i])) continue;  // no bit went 0 -> 1
      const uint64_t start = i - i % kBlock;
      for (uint64_t j = start; j < start + kBlock; ++j)
        if (map[j] != 0xff) std::abort();
    }
  }
  return 0;
}
