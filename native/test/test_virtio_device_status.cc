// The device status state machine (virtio 1.2 §2.1, §2.4, §3.1.1): every rule of kStatusRules
// exercised on its own, plus the driver's normal sequence, and NEEDS_RESET kept from the driver.
#include <cstring>

#include "check.h"
#include "devices/virtio/virtio_device_status.h"
#include "devices/virtio/virtio_spec.h"

using namespace tshyve::devices::virtio;

namespace {
constexpr uint8_t A = kStatusAcknowledge, D = kStatusDriver, F = kStatusFeaturesOk, O = kStatusDriverOk, NR = kStatusNeedsReset,
                  FAIL = kStatusFailed;
size_t rule(const char* name) {
  for (size_t i = 0; i < kStatusRuleCount; ++i)
    if (std::strcmp(kStatusRules[i].name, name) == 0) return i;
  return kStatusRuleCount;
}
StatusOutcome step(uint8_t cur, uint8_t wr, bool ok = true) { return next_status({cur, wr, ok}); }
}  // namespace

TEST(every_rule_cites_the_spec_and_the_last_always_applies) {
  CHECK_EQ(kStatusRuleCount, 6u);
  for (size_t i = 0; i < kStatusRuleCount; ++i) CHECK(std::strncmp(kStatusRules[i].spec, "§", 2) == 0);
  CHECK(kStatusRules[kStatusRuleCount - 1].final);
  CHECK(kStatusRules[kStatusRuleCount - 1].applies({0xff, 0xff, false}, 0xff));
}

TEST(rule_reset) {
  for (uint8_t cur : {uint8_t(0), A, uint8_t(A | D | F | O), uint8_t(A | D | F | O | NR), FAIL}) {
    auto o = step(cur, 0);
    CHECK(o.action == StatusAction::kReset);
    CHECK_EQ(o.status, 0);
    CHECK_EQ(o.rule, rule("reset"));
  }
}

TEST(rule_store_for_the_initialisation_steps) {
  auto a = step(0, A);  // §3.1.1 step 2
  CHECK(a.action == StatusAction::kNone);
  CHECK_EQ(a.status, A);
  CHECK_EQ(a.rule, rule("store"));
  auto d = step(A, A | D);  // step 3
  CHECK_EQ(d.status, A | D);
  CHECK(d.action == StatusAction::kNone);
  auto f = step(A | D, A | D | F);  // step 5, acceptable features
  CHECK_EQ(f.status, A | D | F);
  CHECK_EQ(f.rule, rule("store"));
  auto failed = step(A | D, A | D | FAIL);  // the driver gives up (§2.1)
  CHECK_EQ(failed.status, A | D | FAIL);
  CHECK(failed.action == StatusAction::kNone);
  auto cleared = step(A | D | F, A);  // bits cleared by the driver are stored as written
  CHECK_EQ(cleared.status, A);
}

TEST(rule_features_refused) {
  auto o = step(A | D, A | D | F, false);
  CHECK_EQ(o.status, A | D);  // FEATURES_OK stays clear: the driver reads it back and gives up
  CHECK(o.action == StatusAction::kNone);
  CHECK_EQ(o.rule, rule("store"));  // not final: the store rule decides
  CHECK(!kStatusRules[rule("features refused")].final);
  // Only on the rising edge: FEATURES_OK already accepted stays.
  CHECK_EQ(step(A | D | F, A | D | F, false).status, A | D | F);
  // Refused features with DRIVER_OK in the same write: no FEATURES_OK, so the device needs reset.
  auto both = step(A | D, A | D | F | O, false);
  CHECK_EQ(both.status, A | D | O);
  CHECK(both.action == StatusAction::kNeedsReset);
}

TEST(rule_driver_ok) {
  auto o = step(A | D | F, A | D | F | O);
  CHECK(o.action == StatusAction::kGoLive);
  CHECK_EQ(o.status, A | D | F | O);
  CHECK_EQ(o.rule, rule("driver ok"));
  // Writing DRIVER_OK again is not a second go-live.
  auto again = step(A | D | F | O, A | D | F | O);
  CHECK(again.action == StatusAction::kNone);
  CHECK_EQ(again.rule, rule("store"));
}

TEST(rule_driver_ok_without_features_ok) {
  auto o = step(A | D, A | D | O);
  CHECK(o.action == StatusAction::kNeedsReset);
  CHECK_EQ(o.status, A | D | O);  // stored; the transport then sets NEEDS_RESET
  CHECK_EQ(o.rule, rule("driver ok without features ok"));
}

TEST(rule_driver_ok_while_needs_reset) {
  auto o = step(A | D | F | NR, A | D | F | O);
  CHECK(o.action == StatusAction::kNone);
  CHECK_EQ(o.status, A | D | F | O | NR);
  CHECK_EQ(o.rule, rule("driver ok while needs reset"));
}

TEST(needs_reset_is_the_devices_bit) {
  CHECK_EQ(step(A, A | NR).status, A);                                           // the driver cannot set it
  CHECK_EQ(step(A | D | F | O | NR, A | D | F | O).status, A | D | F | O | NR);  // nor clear it
  CHECK_EQ(step(A | NR, 0).status, 0);                                           // only a reset does
}

// Every (current, written) pair gives exactly one final rule, and never a status with bits the
// driver did not write except a kept NEEDS_RESET.
TEST(exhaustive_pairs_are_consistent) {
  for (int cur = 0; cur < 256; ++cur)
    for (int wr = 0; wr < 256; ++wr)
      for (bool ok : {false, true}) {
        auto o = step(uint8_t(cur), uint8_t(wr), ok);
        CHECK(o.rule < kStatusRuleCount);
        CHECK(kStatusRules[o.rule].final);
        CHECK_EQ(o.status & ~(wr | (cur & NR)), 0);
        if (wr == 0) CHECK(o.action == StatusAction::kReset);
        if (o.action == StatusAction::kGoLive) CHECK((o.status & F) && !(o.status & NR) && !(cur & O));
      }
}

TEST_MAIN()
