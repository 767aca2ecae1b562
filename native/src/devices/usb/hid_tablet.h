// A USB HID tablet (HID 1.11): one interface with a boot-mouse subclass (so BIOS HID drivers take
// it) whose report protocol is absolute X/Y 0..32767, three buttons and a wheel; boot protocol
// reports relative motion. Host pointer events arrive as input::PointerState.
#pragma once
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "devices/input/input_sink.h"
#include "devices/usb/usb_device.h"

namespace tshyve::devices::usb {

class HidTablet final : public UsbDevice, public input::InputSink {
 public:
  static constexpr uint8_t kInterruptEndpoint = 0x81;
  static constexpr size_t kMaxQueuedReports = 16;  // older reports are dropped past this
  static constexpr uint16_t kAxisMax = 0x7fff;

  void reset() override;
  bool control(const SetupPacket& setup, std::vector<uint8_t>& data) override;
  bool interrupt_in(uint8_t address, std::vector<uint8_t>& packet) override;

  void key_event(uint32_t, bool) override {}
  void pointer_event(const input::PointerState& pointer) override;

  static const std::vector<uint8_t>& report_descriptor();
  bool configured() const;
  size_t queued() const;

 private:
  struct State {
    uint16_t x = 0, y = 0;
    uint8_t buttons = 0;  // HID bit 0 left, 1 right, 2 middle
    int8_t wheel = 0;
    int32_t px = 0, py = 0;  // screen pixels, for boot-protocol motion
  };
  std::vector<uint8_t> report(const State& s, const State& previous) const;  // mu_ held
  bool standard_request(const SetupPacket& setup, std::vector<uint8_t>& data);
  bool class_request(const SetupPacket& setup, std::vector<uint8_t>& data);

  mutable std::mutex mu_;
  State state_, reported_;
  uint8_t rfb_buttons_ = 0;
  std::deque<std::vector<uint8_t>> queue_;
  uint8_t configuration_ = 0, idle_ = 0;
  bool boot_protocol_ = false;
};

}  // namespace tshyve::devices::usb
