// Unit tests of the range-map bus: placement, overlap rejection, offsets, all-ones for unmapped.
#include <memory>

#include "check.h"
#include "devices/legacy/i8042.h"
#include "devices/legacy/scratch_register.h"
#include "vmm/bus.h"

using namespace tshyve;

namespace {
struct Recorder : vmm::BusDevice {
  uint64_t last_offset = ~0ull;
  void read(uint64_t off, uint8_t* d, uint32_t n) override {
    last_offset = off;
    for (uint32_t i = 0; i < n; ++i) d[i] = 0x11;
  }
  void write(uint64_t off, const uint8_t*, uint32_t) override { last_offset = off; }
};
}  // namespace

TEST(devices_get_offsets) {
  vmm::Bus bus("test");
  auto a = std::make_shared<Recorder>();
  CHECK(bus.insert(0x3f8, 8, a, "com1"));
  uint8_t v = 0;
  CHECK(bus.read(0x3fd, &v, 1));
  CHECK_EQ(a->last_offset, 5u);
  CHECK_EQ(v, 0x11);
  const uint8_t w = 1;
  CHECK(bus.write(0x3f8, &w, 1));
  CHECK_EQ(a->last_offset, 0u);
}

TEST(overlaps_rejected) {
  vmm::Bus bus("test");
  auto a = std::make_shared<Recorder>();
  CHECK(bus.insert(0x100, 0x10, a, "a"));
  CHECK(!bus.insert(0x10f, 1, a, "b"));
  CHECK(!bus.insert(0xf8, 0x10, a, "c"));
  CHECK(!bus.insert(0x100, 0x10, a, "d"));
  CHECK(bus.insert(0x110, 1, a, "e"));
  CHECK(bus.insert(0xff, 1, a, "f"));
  CHECK(!bus.insert(0x200, 0, a, "empty"));
  CHECK(!bus.insert(~0ull - 1, 4, a, "wraps"));
  CHECK_EQ(bus.size(), 3u);
}

TEST(unmapped_reads_all_ones) {
  vmm::Bus bus("test");
  uint8_t d[4] = {0, 0, 0, 0};
  CHECK(!bus.read(0x1234, d, 4));
  CHECK_EQ(d[0] & d[1] & d[2] & d[3], 0xff);
  CHECK(!bus.write(0x1234, d, 4));
}

TEST(scratch_register_round_trip) {
  vmm::Bus bus("test");
  CHECK(bus.insert(0xa0000, 8, std::make_shared<devices::ScratchRegister>(), "scratch"));
  const uint8_t w[4] = {0x78, 0x56, 0x34, 0x12};
  bus.write(0xa0000, w, 4);
  uint8_t r[4] = {};
  bus.read(0xa0000, r, 4);
  CHECK_EQ(r[3], 0x12);
  CHECK_EQ(r[0], 0x78);
}

TEST(i8042_reset_and_self_test) {
  int resets = 0;
  devices::I8042 kbc([&] { ++resets; });
  uint8_t v = 0xaa;
  kbc.write(4, &v, 1);
  uint8_t st;
  kbc.read(4, &st, 1);
  CHECK_EQ(st & 1, 1);
  kbc.read(0, &v, 1);
  CHECK_EQ(v, 0x55);
  v = 0xfe;
  kbc.write(4, &v, 1);
  CHECK_EQ(resets, 1);
}

TEST_MAIN()
