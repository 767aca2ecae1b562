// HID tablet: device/configuration/string descriptors (USB 2.0 §9.6), HID descriptor and report
// descriptor (HID 1.11 §6.2, §6.2.2 items), class requests GET_REPORT/GET_IDLE/GET_PROTOCOL/SET_IDLE/
// SET_PROTOCOL (§7.2), boot mouse report (Appendix B.2).
#include "devices/usb/hid_tablet.h"

#include <algorithm>
#include <string>

namespace tshyve::devices::usb {

namespace {
constexpr uint8_t kDescDevice = 1, kDescConfig = 2, kDescString = 3, kDescHid = 0x21, kDescReport = 0x22;
constexpr uint8_t kGetStatus = 0, kClearFeature = 1, kSetFeature = 3, kGetDescriptor = 6, kGetConfiguration = 8, kSetConfiguration = 9,
                  kGetInterface = 10, kSetInterface = 11;
constexpr uint8_t kGetReport = 1, kGetIdle = 2, kGetProtocol = 3, kSetReport = 9, kSetIdle = 10, kSetProtocol = 11;
constexpr uint8_t kTypeMask = 0x60, kTypeStandard = 0x00, kTypeClass = 0x20;
constexpr uint16_t kVendor = 0xfb5d, kProduct = 0x0001;

const std::vector<uint8_t> kReportDescriptor = {
    0x05, 0x01,        // Usage Page (Generic Desktop)
    0x09, 0x02,        // Usage (Mouse)
    0xa1, 0x01,        // Collection (Application)
    0x09, 0x01,        //  Usage (Pointer)
    0xa1, 0x00,        //  Collection (Physical)
    0x05, 0x09,        //   Usage Page (Button)
    0x19, 0x01,        //   Usage Minimum (1)
    0x29, 0x03,        //   Usage Maximum (3)
    0x15, 0x00,        //   Logical Minimum (0)
    0x25, 0x01,        //   Logical Maximum (1)
    0x95, 0x03,        //   Report Count (3)
    0x75, 0x01,        //   Report Size (1)
    0x81, 0x02,        //   Input (Data, Variable, Absolute)
    0x95, 0x01,        //   Report Count (1)
    0x75, 0x05,        //   Report Size (5)
    0x81, 0x03,        //   Input (Constant)
    0x05, 0x01,        //   Usage Page (Generic Desktop)
    0x09, 0x30,        //   Usage (X)
    0x09, 0x31,        //   Usage (Y)
    0x15, 0x00,        //   Logical Minimum (0)
    0x26, 0xff, 0x7f,  //   Logical Maximum (32767)
    0x35, 0x00,        //   Physical Minimum (0)
    0x46, 0xff, 0x7f,  //   Physical Maximum (32767)
    0x75, 0x10,        //   Report Size (16)
    0x95, 0x02,        //   Report Count (2)
    0x81, 0x02,        //   Input (Data, Variable, Absolute)
    0x09, 0x38,        //   Usage (Wheel)
    0x15, 0x81,        //   Logical Minimum (-127)
    0x25, 0x7f,        //   Logical Maximum (127)
    0x35, 0x00,        //   Physical Minimum (0)
    0x45, 0x00,        //   Physical Maximum (0)
    0x75, 0x08,        //   Report Size (8)
    0x95, 0x01,        //   Report Count (1)
    0x81, 0x06,        //   Input (Data, Variable, Relative)
    0xc0,              //  End Collection
    0xc0,              // End Collection
};

std::vector<uint8_t> device_descriptor() {
  return {18, kDescDevice, 0x00, 0x02, 0, 0, 0, 64, kVendor & 0xff, kVendor >> 8, kProduct & 0xff, kProduct >> 8, 0x00, 0x01, 1, 2, 3, 1};
}

std::vector<uint8_t> hid_descriptor() {
  const size_t n = kReportDescriptor.size();
  return {9, kDescHid, 0x11, 0x01, 0, 1, kDescReport, static_cast<uint8_t>(n), static_cast<uint8_t>(n >> 8)};
}

std::vector<uint8_t> config_descriptor() {
  std::vector<uint8_t> d = {9, kDescConfig, 0, 0, 1, 1, 0, 0xa0, 50,
                            // interface 0: HID, boot subclass, mouse protocol, one endpoint
                            9, 4, 0, 0, 1, 3, 1, 2, 0};
  const auto hid = hid_descriptor();
  d.insert(d.end(), hid.begin(), hid.end());
  // endpoint 1 IN, interrupt, 8-byte packets, bInterval 7 (high speed: 2^6 microframes = 8 ms)
  const std::vector<uint8_t> ep = {7, 5, HidTablet::kInterruptEndpoint, 3, 8, 0, 7};
  d.insert(d.end(), ep.begin(), ep.end());
  d[2] = static_cast<uint8_t>(d.size());
  d[3] = static_cast<uint8_t>(d.size() >> 8);
  return d;
}

bool string_descriptor(uint8_t index, std::vector<uint8_t>& out) {
  static const char* const kStrings[] = {nullptr, "tshyve", "tshyve USB tablet", "1"};
  if (index == 0) {
    out = {4, kDescString, 0x09, 0x04};  // LANGID en-US
    return true;
  }
  if (index >= std::size(kStrings)) return false;
  const std::string s = kStrings[index];
  out = {static_cast<uint8_t>(2 + 2 * s.size()), kDescString};
  for (char c : s) out.insert(out.end(), {static_cast<uint8_t>(c), 0});
  return true;
}

uint16_t scale(uint32_t v, uint32_t extent) {
  if (extent <= 1) return static_cast<uint16_t>(std::min<uint32_t>(v, HidTablet::kAxisMax));
  const uint64_t s = uint64_t{std::min(v, extent - 1)} * HidTablet::kAxisMax / (extent - 1);
  return static_cast<uint16_t>(s);
}
int8_t clamp_motion(int32_t d) { return static_cast<int8_t>(std::clamp(d, -127, 127)); }
}  // namespace

const std::vector<uint8_t>& HidTablet::report_descriptor() { return kReportDescriptor; }

void HidTablet::reset() {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.clear();
  configuration_ = 0;
  idle_ = 0;
  boot_protocol_ = false;
  reported_ = state_;
}

bool HidTablet::configured() const {
  std::lock_guard<std::mutex> lock(mu_);
  return configuration_ != 0;
}

size_t HidTablet::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

std::vector<uint8_t> HidTablet::report(const State& s, const State& previous) const {
  if (boot_protocol_)
    return {s.buttons, static_cast<uint8_t>(clamp_motion(s.px - previous.px)), static_cast<uint8_t>(clamp_motion(s.py - previous.py))};
  return {s.buttons,
          static_cast<uint8_t>(s.x),
          static_cast<uint8_t>(s.x >> 8),
          static_cast<uint8_t>(s.y),
          static_cast<uint8_t>(s.y >> 8),
          static_cast<uint8_t>(s.wheel)};
}

void HidTablet::pointer_event(const input::PointerState& p) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    const uint8_t pressed = static_cast<uint8_t>(p.buttons & ~rfb_buttons_);
    rfb_buttons_ = p.buttons;
    State s = state_;
    s.x = scale(p.x, p.width);
    s.y = scale(p.y, p.height);
    s.px = static_cast<int32_t>(std::min<uint32_t>(p.x, 1u << 30));
    s.py = static_cast<int32_t>(std::min<uint32_t>(p.y, 1u << 30));
    s.buttons = static_cast<uint8_t>((p.buttons & 1) | ((p.buttons & 4) ? 2 : 0) | ((p.buttons & 2) ? 4 : 0));
    s.wheel = static_cast<int8_t>(((pressed & 8) ? 1 : 0) - ((pressed & 16) ? 1 : 0));
    state_ = s;
    state_.wheel = 0;  // relative: reported once
    if (!configuration_) return;
    if (queue_.size() >= kMaxQueuedReports) queue_.pop_front();
    queue_.push_back(report(s, reported_));
    reported_ = state_;
  }
  data_ready();
}

bool HidTablet::interrupt_in(uint8_t address, std::vector<uint8_t>& packet) {
  std::lock_guard<std::mutex> lock(mu_);
  if (address != kInterruptEndpoint || !configuration_ || queue_.empty()) return false;
  packet = std::move(queue_.front());
  queue_.pop_front();
  return true;
}

bool HidTablet::control(const SetupPacket& setup, std::vector<uint8_t>& data) {
  std::lock_guard<std::mutex> lock(mu_);
  bool ok = false;
  switch (setup.request_type & kTypeMask) {
    case kTypeStandard: ok = standard_request(setup, data); break;
    case kTypeClass: ok = class_request(setup, data); break;
    default: break;
  }
  if (ok && setup.in() && data.size() > setup.length) data.resize(setup.length);
  return ok;
}

bool HidTablet::standard_request(const SetupPacket& s, std::vector<uint8_t>& data) {
  const uint8_t recipient = s.request_type & 0x1f;
  switch (s.request) {
    case kGetDescriptor: {
      if (!s.in()) return false;
      const uint8_t type = static_cast<uint8_t>(s.value >> 8), index = static_cast<uint8_t>(s.value);
      if (recipient == 0 && type == kDescDevice)
        data = device_descriptor();
      else if (recipient == 0 && type == kDescConfig && index == 0)
        data = config_descriptor();
      else if (recipient == 0 && type == kDescString)
        return string_descriptor(index, data);
      else if (recipient == 1 && s.index == 0 && type == kDescReport)
        data = kReportDescriptor;
      else if (recipient == 1 && s.index == 0 && type == kDescHid)
        data = hid_descriptor();
      else
        return false;
      return true;
    }
    case kGetStatus:
      if (!s.in()) return false;
      data = {0, 0};
      return true;
    case kClearFeature:
    case kSetFeature: return !s.in();
    case kGetConfiguration:
      if (!s.in() || recipient != 0) return false;
      data = {configuration_};
      return true;
    case kSetConfiguration:
      if (s.in() || recipient != 0 || s.value > 1) return false;
      configuration_ = static_cast<uint8_t>(s.value);
      queue_.clear();
      reported_ = state_;
      return true;
    case kGetInterface:
      if (!s.in() || recipient != 1 || s.index != 0) return false;
      data = {0};
      return true;
    case kSetInterface: return !s.in() && recipient == 1 && s.index == 0 && s.value == 0;
    default: return false;
  }
}

bool HidTablet::class_request(const SetupPacket& s, std::vector<uint8_t>& data) {
  if ((s.request_type & 0x1f) != 1 || s.index != 0) return false;
  switch (s.request) {
    case kGetReport:
      if (!s.in() || (s.value >> 8) != 1) return false;  // input reports only
      data = report(state_, state_);
      return true;
    case kGetIdle:
      if (!s.in()) return false;
      data = {idle_};
      return true;
    case kGetProtocol:
      if (!s.in()) return false;
      data = {static_cast<uint8_t>(boot_protocol_ ? 0 : 1)};
      return true;
    case kSetIdle:
      if (s.in()) return false;
      idle_ = static_cast<uint8_t>(s.value >> 8);
      return true;
    case kSetProtocol:
      if (s.in() || s.value > 1) return false;
      boot_protocol_ = s.value == 0;
      queue_.clear();
      return true;
    case kSetReport: return !s.in();  // no output reports: accepted and ignored
    default: return false;
  }
}

}  // namespace tshyve::devices::usb
