// Host input events in the form a VNC client sends them (RFC 6143 §7.5.4 KeyEvent, §7.5.5
// PointerEvent), the interface every guest input device implements (PS/2 keyboard and mouse, the USB
// tablet), and the fan-out that hands each event to all of a VM's input devices.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace tshyve::devices::input {

// RFB button mask bits: 0 left, 1 middle, 2 right, 3 wheel up, 4 wheel down.
struct PointerState {
  uint32_t x = 0, y = 0;           // pixels on the screen the viewer sees
  uint32_t width = 0, height = 0;  // that screen's size (for absolute devices); 0 if unknown
  uint8_t buttons = 0;
};

class InputSink {
 public:
  virtual ~InputSink() = default;
  // An X11 keysym pressed or released. Any thread; must not block on the guest.
  virtual void key_event(uint32_t keysym, bool down) = 0;
  // The pointer's new absolute position and buttons. Any thread; must not block on the guest.
  virtual void pointer_event(const PointerState& pointer) = 0;
};

class InputFanout final : public InputSink {
 public:
  void add(std::shared_ptr<InputSink> sink) {
    std::lock_guard<std::mutex> lock(mu_);
    sinks_.push_back(std::move(sink));
  }
  void key_event(uint32_t keysym, bool down) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& s : sinks_) s->key_event(keysym, down);
  }
  void pointer_event(const PointerState& pointer) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& s : sinks_) s->pointer_event(pointer);
  }

 private:
  std::mutex mu_;
  std::vector<std::shared_ptr<InputSink>> sinks_;
};

}  // namespace tshyve::devices::input
