// The device status state machine (virtio 1.2 §2.1 device status field, §3.1.1 driver
// initialization, §4.1.4.3 common configuration): what a driver's write to device_status does.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tshyve::devices::virtio {

enum class StatusAction {
  kNone,        // store the new status, nothing else happens
  kReset,       // writing 0: reset the device (§2.4, §4.1.4.3.1)
  kGoLive,      // DRIVER_OK set: activate the enabled queues and the device (§3.1.1 step 8)
  kNeedsReset,  // DRIVER_OK without FEATURES_OK: the device flags DEVICE_NEEDS_RESET (§2.1.2)
};

struct StatusWrite {
  uint8_t current;           // device_status before the write
  uint8_t written;           // the value the driver wrote
  bool features_acceptable;  // the accepted features are a subset of the offered ones and include VERSION_1
};

struct StatusRule {
  const char* name;
  const char* spec;
  bool (*applies)(const StatusWrite& w, uint8_t status);  // `status`: the written value after earlier rules
  uint8_t clear;                                          // bits the rule clears from the new status
  StatusAction action;
  bool final;  // stop at this rule; otherwise later rules still look at the (adjusted) status
};

// The rules in evaluation order (first final match wins).
extern const StatusRule kStatusRules[];
extern const size_t kStatusRuleCount;

struct StatusOutcome {
  uint8_t status;  // the new device_status (0 for kReset)
  StatusAction action;
  size_t rule;  // index of the final rule that decided the action
};

// Pure: no device state is touched; the transport carries the action out.
StatusOutcome next_status(const StatusWrite& w);

}  // namespace tshyve::devices::virtio
