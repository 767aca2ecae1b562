// MSI capability (PCI Local Bus 3.0 §6.8.1) on a counting MsiRouter (no KVM): 64-bit layout with and
// without per-vector masking, write masks, enable/mask/pending, routes committed only when deliverable.
#include "check.h"
#include "devices/pci/msi.h"

using tshyve::devices::MsiCapability;
using tshyve::devices::PciConfigSpace;
namespace msi = tshyve::devices::msi;

namespace {
struct Fixture {
  tshyve::vmm::MsiRouter router{-1};
  PciConfigSpace config;
  MsiCapability cap;
  uint8_t at;
  explicit Fixture(bool masking = true, bool with_router = true) : cap(with_router ? &router : nullptr, masking), at(cap.add_to(config)) {}
  void write(uint32_t reg, uint32_t size, uint32_t v) {
    config.write(at + reg, size, v);
    cap.config_written(config, at + reg, size);
  }
  uint32_t read(uint32_t reg, uint32_t size) {
    cap.config_reading(config, at + reg, size);
    return config.read(at + reg, size);
  }
  void program(uint64_t address, uint16_t data) {
    write(msi::kAddressLo, 4, static_cast<uint32_t>(address));
    write(msi::kAddressHi, 4, static_cast<uint32_t>(address >> 32));
    write(msi::kData, 2, data);
  }
};
}  // namespace

TEST(layout_with_per_vector_masking) {
  Fixture f;
  CHECK(f.at >= 0x40);
  CHECK_EQ(f.config.read(0x34, 1), f.at);
  CHECK_EQ(f.read(0, 1), 0x05u);
  CHECK_EQ(f.read(msi::kControl, 2), 0x180u);  // 64-bit, per-vector masking, 1 message
  f.write(msi::kControl, 2, 0xffff);
  CHECK_EQ(f.read(msi::kControl, 2), 0x181u);  // only Enable sticks (MME stays 0: one vector)
  f.write(msi::kAddressLo, 4, 0xffffffff);
  CHECK_EQ(f.read(msi::kAddressLo, 4), 0xfffffffcu);  // bits 1:0 reserved
  f.write(msi::kAddressHi, 4, 0x12345678);
  CHECK_EQ(f.read(msi::kAddressHi, 4), 0x12345678u);
  f.write(msi::kData, 4, 0xffffffff);
  CHECK_EQ(f.read(msi::kData, 4), 0xffffu);  // the reserved half after Message Data is read-only
  f.write(msi::kMask, 4, 0xffffffff);
  CHECK_EQ(f.read(msi::kMask, 4), 1u);  // one vector: only mask bit 0
  f.write(msi::kPending, 4, 0xffffffff);
  CHECK_EQ(f.read(msi::kPending, 4), 0u);  // read-only
}

TEST(layout_without_masking) {
  Fixture f(false);
  CHECK_EQ(f.read(msi::kControl, 2), 0x80u);
  // The next capability would start right after Message Data: a second one lands at +0x10.
  CHECK_EQ(f.config.add_capability({0x09, 0, 4, 0}), f.at + 0x10);
  f.write(msi::kControl, 2, msi::kEnable);
  f.program(0xfee00000, 0x30);
  CHECK(f.cap.signal());
  CHECK_EQ(f.router.triggered(), 1u);
}

TEST(disabled_or_routerless_never_fires) {
  Fixture f;
  f.program(0xfee00000, 0x30);
  CHECK(!f.cap.enabled());
  CHECK(!f.cap.signal());
  CHECK(!f.cap.pending());
  CHECK_EQ(f.router.commits(), 0u);
  Fixture n(true, false);
  n.write(msi::kControl, 2, msi::kEnable);
  CHECK(!n.cap.enabled());
  CHECK(!n.cap.signal());
}

TEST(enable_commits_route_and_delivers) {
  Fixture f;
  f.program(0xfee00000, 0x30);
  CHECK_EQ(f.router.commits(), 0u);  // programmed while disabled: no route yet
  f.write(msi::kControl, 2, msi::kEnable);
  CHECK(f.cap.enabled());
  CHECK_EQ(f.router.commits(), 1u);
  CHECK(f.cap.signal());
  CHECK_EQ(f.router.triggered(), 1u);
  f.write(msi::kControl, 2, msi::kEnable);  // unchanged: no new commit
  CHECK_EQ(f.router.commits(), 1u);
  f.write(msi::kData, 2, 0x31);  // retargeted while enabled and unmasked
  CHECK_EQ(f.router.commits(), 2u);
  f.write(msi::kControl, 2, 0);
  CHECK(!f.cap.signal());
  CHECK_EQ(f.router.triggered(), 1u);
}

TEST(masked_vector_pends_and_unmask_delivers) {
  Fixture f;
  f.write(msi::kMask, 4, 1);
  f.program(0xfee00000, 0x30);
  f.write(msi::kControl, 2, msi::kEnable);
  CHECK_EQ(f.router.commits(), 0u);  // masked: nothing committed
  CHECK(f.cap.signal());
  CHECK_EQ(f.router.triggered(), 0u);
  CHECK(f.cap.pending());
  CHECK_EQ(f.read(msi::kPending, 4), 1u);
  f.write(msi::kData, 2, 0x32);  // reprogrammed while masked: still no commit
  CHECK_EQ(f.router.commits(), 0u);
  f.write(msi::kMask, 4, 0);  // unmask: one commit, the pending message delivered
  CHECK_EQ(f.router.commits(), 1u);
  CHECK_EQ(f.router.triggered(), 1u);
  CHECK(!f.cap.pending());
  CHECK_EQ(f.read(msi::kPending, 4), 0u);
}

TEST(config_writes_elsewhere_are_ignored) {
  Fixture f;
  f.config.write(f.at + msi::kControl, 2, msi::kEnable);
  f.cap.config_written(f.config, 0x04, 2);
  CHECK(!f.cap.enabled());
  f.cap.config_written(f.config, f.at, 4);
  CHECK(f.cap.enabled());
}

TEST_MAIN()
