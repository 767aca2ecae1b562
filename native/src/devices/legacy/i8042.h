// The i8042 keyboard controller with a PS/2 keyboard on its first port and a PS/2 mouse on its aux
// port (IBM PC/AT Technical Reference; OSDev "8042 PS/2 Controller", "PS/2 Keyboard", "PS/2
// Mouse"): data at 0x60, status/command at 0x64, IRQ1 and IRQ12, scan code set 2 translated to set
// 1 when the command byte asks, CPU reset (0xFE, output port bit 0). Host input arrives as
// InputSink events: keysyms become scan codes, absolute pointer positions become relative packets.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "devices/input/input_sink.h"
#include "vmm/bus_device.h"
#include "vmm/interrupt_line.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices {

// Placed at port 0x60 with length 5: offset 0 is the data port, offset 4 status/command.
class I8042 : public vmm::BusDevice, public input::InputSink {
 public:
  static constexpr size_t kMaxQueued = 256;  // bytes waiting for the guest; later input is dropped

  explicit I8042(std::function<void()> reset, std::shared_ptr<vmm::InterruptLine> irq1 = nullptr,
                 std::shared_ptr<vmm::InterruptLine> irq12 = nullptr);
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;
  void key_event(uint32_t keysym, bool down) override;
  void pointer_event(const input::PointerState& pointer) override;
  // Snapshot state (vmm/snapshot_state.h): save any thread; restore before the VM starts (false
  // when the bytes are garbled: the device keeps its reset state).
  void save_state(vmm::StateWriter& out) const;
  bool restore_state(vmm::StateReader& in);

 private:
  enum class Source : uint8_t { kController, kKeyboard, kAux };
  struct Byte {
    uint8_t value;
    Source source;
  };
  void push(Source s, uint8_t v);    // mu_ held
  void push_key_byte(uint8_t set2);  // mu_ held: translated if the command byte says so
  // mu_ held: the byte the guest reads next, or queue_.end() (a deque is not contiguous: an
  // iterator, never a pointer, is how to find the byte again to erase it)
  std::deque<Byte>::const_iterator head() const;
  void update_irqs();  // mu_ held
  void controller_command(uint8_t cmd, bool& reset);
  void controller_data(uint8_t v, bool& reset);
  void keyboard_command(uint8_t v);
  void mouse_command(uint8_t v);
  void mouse_packets(int dx, int dy);  // mu_ held

  mutable std::mutex mu_;
  std::function<void()> reset_;
  std::shared_ptr<vmm::InterruptLine> irq1_, irq12_;
  bool irq1_level_ = false, irq12_level_ = false;
  uint8_t command_byte_ = 0x45;  // IRQ1 enabled, system flag, translation (IBM PC/AT reference)
  uint8_t output_ = 0;           // last byte read (what the data port returns when empty)
  uint8_t pending_command_ = 0;  // a controller command waiting for its data byte at port 0x60
  std::deque<Byte> queue_;
  // Keyboard
  bool kbd_enabled_ = true, translate_break_ = false;
  uint8_t kbd_pending_ = 0;  // a keyboard command waiting for its argument (0xED, 0xF0, 0xF3)
  uint8_t scan_set_ = 2;
  // Mouse
  bool mouse_reporting_ = false, mouse_remote_ = false;
  uint8_t mouse_pending_ = 0;  // 0xF3 sample rate, 0xE8 resolution
  uint8_t mouse_rate_ = 100, mouse_resolution_ = 2, mouse_scaling_ = 1, mouse_buttons_ = 0;
  bool have_position_ = false;
  uint32_t last_x_ = 0, last_y_ = 0;
};

}  // namespace tshyve::devices
