// A USB device function as a host controller drives it (USB 2.0 §9): standard and class requests
// on the default control pipe, and interrupt-IN data the device offers when polled.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace tshyve::devices::usb {

// USB 2.0 §9.3 SETUP packet.
struct SetupPacket {
  uint8_t request_type = 0, request = 0;
  uint16_t value = 0, index = 0, length = 0;
  bool in() const { return request_type & 0x80; }
};

class UsbDevice {
 public:
  virtual ~UsbDevice() = default;
  // Bus reset: unconfigured, default protocol and idle rate, queued data dropped.
  virtual void reset() = 0;
  // A control transfer. IN: fill `data` (at most setup.length bytes are sent). OUT: `data` holds
  // what the host sent. False: the request is not supported (the pipe stalls).
  virtual bool control(const SetupPacket& setup, std::vector<uint8_t>& data) = 0;
  // Interrupt-IN endpoint `address` (e.g. 0x81) polled: true with the next packet, false (NAK)
  // when nothing is pending.
  virtual bool interrupt_in(uint8_t address, std::vector<uint8_t>& packet) = 0;
  // Set once by the controller: called without any device lock held when interrupt-IN data
  // becomes available, so the controller can complete a waiting transfer.
  void set_data_ready(std::function<void()> f) { data_ready_ = std::move(f); }

 protected:
  void data_ready() {
    if (data_ready_) data_ready_();
  }

 private:
  std::function<void()> data_ready_;
};

}  // namespace tshyve::devices::usb
