// MSI-X capability, table and PBA (PCI Local Bus 3.0 §6.8.2) on a counting MsiRouter (no KVM):
// layout and write masks, masking and pending bits, routes committed on enable/unmask only.
#include <cstring>
#include <thread>

#include "check.h"
#include "devices/pci/msix.h"

using tshyve::devices::MsixCapability;
using tshyve::devices::PciConfigSpace;
namespace msix = tshyve::devices::msix;

namespace {
struct Fixture {
  tshyve::vmm::MsiRouter router{-1};
  PciConfigSpace config;
  MsixCapability cap;
  uint8_t at;
  explicit Fixture(uint16_t vectors, bool with_router = true)
      : cap(vectors, with_router ? &router : nullptr), at(cap.add_to(config, 2, 0x2000, 0x3000)) {}
  void control(uint16_t v) {
    config.write(at + 2, 2, v);
    cap.config_written(config, at + 2, 2);
  }
  void w32(uint64_t off, uint32_t v) { cap.table_write(off, reinterpret_cast<uint8_t*>(&v), 4); }
  uint32_t r32(uint64_t off) {
    uint32_t v = 0;
    cap.table_read(off, reinterpret_cast<uint8_t*>(&v), 4);
    return v;
  }
  uint64_t pba() {
    uint64_t v = 0;
    cap.pba_read(0, reinterpret_cast<uint8_t*>(&v), 8);
    return v;
  }
  void program(uint16_t v, uint64_t address, uint32_t data) {
    w32(v * 16, static_cast<uint32_t>(address));
    w32(v * 16 + 4, static_cast<uint32_t>(address >> 32));
    w32(v * 16 + 8, data);
  }
};
}  // namespace

TEST(capability_layout_and_write_mask) {
  Fixture f(5);
  CHECK(f.at >= 0x40);
  CHECK_EQ(f.config.read(0x34, 1), f.at);
  CHECK_EQ(f.config.read(f.at, 1), 0x11u);
  CHECK_EQ(f.config.read(f.at + 2, 2), 4u);            // Table Size N-1
  CHECK_EQ(f.config.read(f.at + 4, 4), 0x2000u | 2u);  // table offset | BIR
  CHECK_EQ(f.config.read(f.at + 8, 4), 0x3000u | 2u);  // PBA offset | BIR
  f.config.write(f.at + 2, 2, 0xffff);
  CHECK_EQ(f.config.read(f.at + 2, 2), 0xc004u);  // only Enable and Function Mask are writable
  f.config.write(f.at + 4, 4, 0);
  CHECK_EQ(f.config.read(f.at + 4, 4), 0x2002u);
  CHECK_EQ(f.cap.vectors(), 5);
  CHECK_EQ(msix::table_size(5), 80u);
  CHECK_EQ(msix::pba_size(5), 8u);
  CHECK_EQ(msix::pba_size(65), 16u);
}

TEST(vector_count_is_clamped) {
  tshyve::vmm::MsiRouter r(-1);
  CHECK_EQ(MsixCapability(0, &r).vectors(), 1);
  CHECK_EQ(MsixCapability(4000, nullptr).vectors(), 2048);
  PciConfigSpace c;
  MsixCapability big(2048, nullptr);
  uint8_t at = big.add_to(c, 0, 0, 0x8000);
  CHECK_EQ(c.read(at + 2, 2), 2047u);
}

TEST(table_reset_state_and_round_trip) {
  Fixture f(3);
  for (uint16_t v = 0; v < 3; ++v) CHECK_EQ(f.r32(v * 16 + 12), 1u);  // masked after reset
  f.program(2, 0x1'fee0'1000ull, 0x4142);
  CHECK_EQ(f.r32(32), 0xfee01000u);
  CHECK_EQ(f.r32(36), 1u);
  CHECK_EQ(f.r32(40), 0x4142u);
  f.w32(44, 0xfffffffe);  // only bit 0 of Vector Control is writable
  CHECK_EQ(f.r32(44), 0u);
  uint64_t q = 0;
  f.cap.table_read(32, reinterpret_cast<uint8_t*>(&q), 8);  // a QWORD read of the address
  CHECK_EQ(q, 0x1'fee0'1000ull);
  uint8_t b = 0;
  f.cap.table_read(33, &b, 1);
  CHECK_EQ(b, 0x10);
  // Past the last entry: reads 0, writes go nowhere, huge offsets do not wrap.
  CHECK_EQ(f.r32(48), 0u);
  f.w32(48, 0xffffffff);
  CHECK_EQ(f.r32(48), 0u);
  uint8_t big[8];
  std::memset(big, 0xaa, sizeof big);
  f.cap.table_read(~0ull - 3, big, 8);
  CHECK_EQ(big[0], 0);
  f.cap.table_write(~0ull - 3, big, 8);
  f.cap.pba_read(~0ull - 3, big, 8);
  CHECK_EQ(big[7], 0);
  CHECK_EQ(f.router.commits(), 0u);
}

TEST(disabled_or_routerless_never_fires) {
  Fixture f(2);
  CHECK(!f.cap.enabled());
  CHECK(!f.cap.signal(0));  // disabled: the function uses INTx, nothing pends
  CHECK(!f.cap.pending(0));
  Fixture n(2, false);
  n.control(msix::kEnable);
  CHECK(!n.cap.enabled());
  CHECK(!n.cap.signal(0));
  CHECK_EQ(n.router.triggered(), 0u);
  f.control(msix::kEnable);
  CHECK(f.cap.enabled());
  CHECK(!f.cap.signal(2));  // out of range
  CHECK(!f.cap.signal(0xffff));
}

TEST(masked_vector_pends_and_unmask_delivers) {
  Fixture f(2);
  f.control(msix::kEnable);
  f.program(1, 0xfee00000, 0x41);
  CHECK(f.cap.signal(1));
  CHECK_EQ(f.router.triggered(), 0u);  // masked: pending instead
  CHECK_EQ(f.pba(), 2u);
  CHECK(f.cap.pending(1));
  f.w32(16 + 12, 0);  // unmask -> delivered, pending cleared
  CHECK_EQ(f.router.triggered(), 1u);
  CHECK_EQ(f.pba(), 0u);
  CHECK(f.cap.signal(1));  // unmasked: delivered at once
  CHECK_EQ(f.router.triggered(), 2u);
  CHECK_EQ(f.pba(), 0u);
}

TEST(function_mask_holds_every_vector) {
  Fixture f(3);
  f.control(msix::kEnable | msix::kFunctionMask);
  for (uint16_t v = 0; v < 3; ++v) {
    f.program(v, 0xfee00000, 0x40 + v);
    f.w32(v * 16 + 12, 0);
  }
  CHECK_EQ(f.router.commits(), 0u);
  CHECK(f.cap.signal(0));
  CHECK(f.cap.signal(2));
  CHECK_EQ(f.router.triggered(), 0u);
  CHECK_EQ(f.pba(), 5u);
  f.control(msix::kEnable);  // function mask off: routes committed, both pending delivered
  CHECK_EQ(f.router.triggered(), 2u);
  CHECK_EQ(f.router.commits(), 3u);
  CHECK_EQ(f.pba(), 0u);
  // Disabling keeps nothing pending and delivers nothing.
  f.control(0);
  CHECK(!f.cap.signal(0));
  CHECK_EQ(f.router.triggered(), 2u);
}

// Programming a masked vector changes no KVM routing; unmasking commits once, and only then.
TEST(routes_committed_on_unmask_only) {
  Fixture f(2);
  f.control(msix::kEnable);
  for (int round = 0; round < 4; ++round) f.program(1, 0xfee00000 + 0x1000 * round, 0x41 + round);
  CHECK_EQ(f.router.commits(), 0u);
  f.w32(16 + 12, 0);
  CHECK_EQ(f.router.commits(), 1u);
  f.w32(16 + 12, 0);  // unchanged: no new commit
  f.control(msix::kEnable);
  CHECK_EQ(f.router.commits(), 1u);
  f.w32(16 + 12, 1);  // mask, reprogram, unmask: one more
  f.w32(16 + 8, 0x51);
  CHECK_EQ(f.router.commits(), 1u);
  f.w32(16 + 12, 0);
  CHECK_EQ(f.router.commits(), 2u);
  // An entry without an address never gets a route, even unmasked.
  f.w32(12, 0);
  CHECK_EQ(f.router.commits(), 2u);
}

TEST(config_writes_elsewhere_are_ignored) {
  Fixture f(2);
  f.config.write(f.at + 2, 2, msix::kEnable);
  f.cap.config_written(f.config, 0x04, 2);  // a command-register write: the capability does not look
  CHECK(!f.cap.enabled());
  f.cap.config_written(f.config, f.at, 4);  // a DWORD write covering Message Control
  CHECK(f.cap.enabled());
}

// Signals from another thread race table writes and unmasking: every signal is either delivered
// or still pending, never lost (this also runs under the fuzz build's sanitizers via virtio-pci).
TEST(concurrent_signal_and_unmask) {
  Fixture f(1);
  f.control(msix::kEnable);
  f.program(0, 0xfee00000, 0x41);
  std::thread t([&] {
    for (int i = 0; i < 20000; ++i) f.cap.signal(0);
  });
  for (int i = 0; i < 2000; ++i) f.w32(12, i & 1);
  t.join();
  f.w32(12, 0);
  CHECK(f.router.triggered() >= 1u);
  CHECK(!f.cap.pending(0));
}

TEST_MAIN()
