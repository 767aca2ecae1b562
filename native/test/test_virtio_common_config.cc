// The virtio PCI common configuration block (virtio 1.2 §4.1.4.3) on its own: field layout and
// widths, feature windows, queue registers frozen once enabled, vector bounds, reset values, and
// the effects handed to the transport (recorded by a fake).
#include <cstring>
#include <vector>

#include "check.h"
#include "devices/virtio/virtio_common_config.h"
#include "devices/virtio/virtio_spec.h"

using namespace tshyve::devices::virtio;

namespace {
struct Recorder : CommonConfigEffects {
  std::vector<StatusOutcome> statuses;
  std::vector<uint16_t> enabled;
  void status_written(const StatusOutcome& o) override { statuses.push_back(o); }
  void queue_enabled(uint16_t q) override { enabled.push_back(q); }
};
constexpr uint64_t kOffered = bit(kFeatureVersion1) | 0x5;
struct Fixture {
  CommonConfig c{kOffered, 3, 256, 4};
  Recorder fx;
  void w(uint64_t off, uint64_t v, uint32_t size) { c.write(off, reinterpret_cast<uint8_t*>(&v), size, fx); }
  uint64_t r(uint64_t off, uint32_t size) {
    uint64_t v = 0;
    c.read(off, reinterpret_cast<uint8_t*>(&v), size);
    return v;
  }
};
}  // namespace

TEST(reset_values) {
  Fixture f;
  CHECK_EQ(f.r(0x12, 2), 3u);       // num_queues
  CHECK_EQ(f.r(0x10, 2), 0xffffu);  // config_msix_vector: NO_VECTOR
  CHECK_EQ(f.r(0x14, 1), 0u);
  CHECK_EQ(f.r(0x18, 2), 256u);  // queue_size: the maximum
  CHECK_EQ(f.r(0x1a, 2), 0xffffu);
  CHECK_EQ(f.r(0x1c, 2), 0u);
}

TEST(feature_windows) {
  Fixture f;
  CHECK_EQ(f.r(0x04, 4), 5u);
  f.w(0x00, 1, 4);
  CHECK_EQ(f.r(0x04, 4), 1u);  // VERSION_1 is bit 32
  f.w(0x00, 2, 4);
  CHECK_EQ(f.r(0x04, 4), 0u);  // beyond the 64 bits: 0
  f.w(0x08, 1, 4);
  f.w(0x0c, 1, 4);
  f.w(0x08, 0, 4);
  f.w(0x0c, 4, 4);
  CHECK_EQ(f.c.driver_features(), bit(kFeatureVersion1) | 4);
  f.w(0x08, 7, 4);
  f.w(0x0c, 0xffffffff, 4);  // an out-of-range window is ignored
  CHECK_EQ(f.c.driver_features(), bit(kFeatureVersion1) | 4);
  f.w(0x14, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk, 1);
  CHECK_EQ(f.c.status(), kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk);
  f.w(0x08, 0, 4);
  f.w(0x0c, 1, 4);  // after FEATURES_OK: ignored (§3.1.1)
  CHECK_EQ(f.c.driver_features(), bit(kFeatureVersion1) | 4);
}

TEST(status_writes_go_through_the_state_machine) {
  Fixture f;
  f.w(0x08, 0, 4);
  f.w(0x0c, 2, 4);  // not offered, and no VERSION_1
  f.w(0x14, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk, 1);
  CHECK_EQ(f.r(0x14, 1), uint64_t{kStatusAcknowledge | kStatusDriver});  // refused
  CHECK_EQ(f.fx.statuses.size(), 1u);
  f.w(0x14, 0, 1);
  CHECK_EQ(f.fx.statuses.size(), 2u);
  CHECK(f.fx.statuses.back().action == StatusAction::kReset);
  CHECK_EQ(f.c.status(), 0);
}

TEST(queue_registers_frozen_once_enabled) {
  Fixture f;
  f.w(0x16, 1, 2);
  f.w(0x18, 64, 2);
  f.w(0x20, 0x1000, 8);
  f.w(0x28, 0x2000, 4);
  f.w(0x2c, 0x1, 4);  // high half of queue_driver
  f.w(0x30, 0x3000, 8);
  CHECK_EQ(f.r(0x28, 8), 0x1'0000'2000ull);
  f.w(0x18, 1000, 2);
  CHECK_EQ(f.r(0x18, 2), 256u);  // clamped to the maximum
  f.w(0x18, 64, 2);
  f.w(0x1c, 1, 2);
  CHECK_EQ(f.fx.enabled.size(), 1u);
  CHECK_EQ(f.fx.enabled[0], 1);
  f.w(0x1c, 1, 2);  // already enabled: no second effect
  f.w(0x1c, 0, 2);  // 0 does not disable
  CHECK_EQ(f.fx.enabled.size(), 1u);
  CHECK_EQ(f.r(0x1c, 2), 1u);
  f.w(0x18, 32, 2);
  f.w(0x20, 0x9000, 8);
  CHECK_EQ(f.r(0x18, 2), 64u);
  CHECK_EQ(f.r(0x20, 8), 0x1000u);
  CHECK_EQ(f.r(0x1e, 2), 1u);  // queue_notify_off = the queue index
  f.w(0x16, 0, 2);
  CHECK_EQ(f.r(0x20, 8), 0u);  // queue 0 untouched
  f.w(0x16, 3, 2);             // no such queue: reads 0 / NO_VECTOR, writes ignored
  CHECK_EQ(f.r(0x18, 2), 0u);
  CHECK_EQ(f.r(0x1a, 2), 0xffffu);
  f.w(0x1c, 1, 2);
  CHECK_EQ(f.fx.enabled.size(), 1u);
}

TEST(vectors_bounded_by_the_table) {
  Fixture f;
  f.w(0x10, 3, 2);
  CHECK_EQ(f.r(0x10, 2), 3u);
  f.w(0x10, 4, 2);
  CHECK_EQ(f.r(0x10, 2), 0xffffu);
  f.w(0x1a, 2, 2);
  CHECK_EQ(f.r(0x1a, 2), 2u);
  f.w(0x1a, 99, 2);
  CHECK_EQ(f.r(0x1a, 2), 0xffffu);
}

TEST(any_width_and_read_only_fields) {
  Fixture f;
  f.w(0x12, 9, 2);  // num_queues is read-only
  CHECK_EQ(f.r(0x12, 2), 3u);
  uint8_t b = 0;
  f.c.read(0x13, &b, 1);
  CHECK_EQ(b, 0);
  f.w(0x20, 0x44332211, 4);
  CHECK_EQ(f.r(0x21, 1), 0x22u);  // a byte inside an 8-byte field
  f.w(0x22, 0xaa, 1);
  CHECK_EQ(f.r(0x20, 4), 0x44aa2211u);
  CHECK_EQ(f.r(0x38, 4), 0u);  // past the block
  uint8_t gen = f.c.generation();
  f.c.reset();
  CHECK_EQ(f.c.generation(), uint8_t(gen + 1));
  CHECK_EQ(f.r(0x20, 8), 0u);
}

TEST_MAIN()
