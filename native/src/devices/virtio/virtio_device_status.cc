// Device status transitions as one table (virtio 1.2 §2.1, §2.4, §3.1.1, §4.1.4.3).
#include "devices/virtio/virtio_device_status.h"

#include "devices/virtio/virtio_spec.h"

namespace tshyve::devices::virtio {

namespace {
bool rising(const StatusWrite& w, uint8_t status, uint8_t bit) { return (status & bit) && !(w.current & bit); }
}  // namespace

const StatusRule kStatusRules[] = {
    {"reset", "§2.4, §4.1.4.3.1: writing 0 to device_status resets the device",
     [](const StatusWrite& w, uint8_t) { return w.written == 0; }, 0, StatusAction::kReset, true},
    {"features refused", "§3.1.1 step 5-6, §6.1: FEATURES_OK stays clear if the driver accepted features not offered (or not VERSION_1)",
     [](const StatusWrite& w, uint8_t s) { return rising(w, s, kStatusFeaturesOk) && !w.features_acceptable; }, kStatusFeaturesOk,
     StatusAction::kNone, false},
    {"driver ok while needs reset", "§2.1.2: a device that needs reset does not start; the status is stored",
     [](const StatusWrite& w, uint8_t s) { return rising(w, s, kStatusDriverOk) && (s & kStatusNeedsReset); }, 0, StatusAction::kNone,
     true},
    {"driver ok without features ok", "§3.1.1 step 8 comes after FEATURES_OK (step 5): the device needs reset",
     [](const StatusWrite& w, uint8_t s) { return rising(w, s, kStatusDriverOk) && !(s & kStatusFeaturesOk); }, 0,
     StatusAction::kNeedsReset, true},
    {"driver ok", "§3.1.1 step 8: DRIVER_OK, the device is live",
     [](const StatusWrite& w, uint8_t s) { return rising(w, s, kStatusDriverOk); }, 0, StatusAction::kGoLive, true},
    {"store", "§2.1: other writes set the bits as written (ACKNOWLEDGE, DRIVER, FAILED, clearing bits)",
     [](const StatusWrite&, uint8_t) { return true; }, 0, StatusAction::kNone, true},
};
const size_t kStatusRuleCount = sizeof(kStatusRules) / sizeof(kStatusRules[0]);

StatusOutcome next_status(const StatusWrite& w) {
  // §2.1.2: DEVICE_NEEDS_RESET is the device's to set; the driver can neither set nor clear it
  // (only a reset does).
  uint8_t status = static_cast<uint8_t>((w.written & ~kStatusNeedsReset) | (w.current & kStatusNeedsReset));
  for (size_t i = 0; i < kStatusRuleCount; ++i) {
    const StatusRule& r = kStatusRules[i];
    if (!r.applies(w, status)) continue;
    status = static_cast<uint8_t>(status & ~r.clear);
    if (r.final) return {r.action == StatusAction::kReset ? uint8_t{0} : status, r.action, i};
  }
  return {status, StatusAction::kNone, kStatusRuleCount};  // unreachable: the last rule always applies
}

}  // namespace tshyve::devices::virtio
