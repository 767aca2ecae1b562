// i8042 controller commands (IBM PC/AT Technical Reference; OSDev "8042 PS/2 Controller"): 0x20 read /
// 0x60 write command byte, 0xA7/0xA8 disable/enable aux, 0xA9 aux test, 0xAA self-test, 0xAB
// interface test, 0xAD/0xAE disable/enable keyboard, 0xD1 write output port (bit 0 clear = reset),
// 0xD2/0xD3 write keyboard/aux output buffer, 0xD4 write to the mouse, 0xFE pulse reset line.
// Keyboard commands (OSDev "PS/2 Keyboard"): reset, enable/disable, LEDs, scan code set, typematic,
// identify, echo. Mouse commands (OSDev "PS/2 Mouse"): reset, defaults, reporting, sample rate,
// resolution, scaling, status, identify, read data; standard 3-byte packets.
#include "devices/legacy/i8042.h"

#include <algorithm>

#include "devices/legacy/i8042_keymap.h"

namespace tshyve::devices {

namespace {
constexpr uint64_t kDataOffset = 0, kStatusOffset = 4;
constexpr uint8_t kStatusOutputFull = 0x01, kStatusSystemFlag = 0x04, kStatusCommand = 0x08, kStatusAuxData = 0x20;
constexpr uint8_t kCbKbdInt = 0x01, kCbAuxInt = 0x02, kCbKbdDisabled = 0x10, kCbAuxDisabled = 0x20, kCbTranslate = 0x40;
constexpr uint8_t kAck = 0xfa, kBatOk = 0xaa, kSelfTestOk = 0x55, kEcho = 0xee, kResend = 0xfe;
}  // namespace

I8042::I8042(std::function<void()> reset, std::shared_ptr<vmm::InterruptLine> irq1, std::shared_ptr<vmm::InterruptLine> irq12)
    : reset_(std::move(reset)), irq1_(std::move(irq1)), irq12_(std::move(irq12)) {}

void I8042::push(Source s, uint8_t v) {
  if (queue_.size() >= kMaxQueued) return;
  queue_.push_back({v, s});
}

void I8042::push_key_byte(uint8_t set2) {
  if (!(command_byte_ & kCbTranslate)) return push(Source::kKeyboard, set2);
  uint8_t out;
  if (ps2::translate_set2(set2, translate_break_, out)) push(Source::kKeyboard, out);
}

std::deque<I8042::Byte>::const_iterator I8042::head() const {
  return std::find_if(queue_.begin(), queue_.end(), [this](const Byte& b) {
    if (b.source == Source::kKeyboard && (command_byte_ & kCbKbdDisabled)) return false;
    if (b.source == Source::kAux && (command_byte_ & kCbAuxDisabled)) return false;
    return true;
  });
}

// ISA interrupts are edge-triggered: the line drops when the guest takes a byte and rises again
// for the next one, so every byte raises a fresh edge.
void I8042::update_irqs() {
  const auto h = head();
  const bool ready = h != queue_.end();
  const bool want1 = ready && h->source != Source::kAux && (command_byte_ & kCbKbdInt);
  const bool want12 = ready && h->source == Source::kAux && (command_byte_ & kCbAuxInt);
  if (irq1_ && want1 != irq1_level_) irq1_->set_level(want1);
  if (irq12_ && want12 != irq12_level_) irq12_->set_level(want12);
  irq1_level_ = want1;
  irq12_level_ = want12;
}

void I8042::read(uint64_t offset, uint8_t* data, uint32_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  uint8_t v = 0xff;
  if (offset == kDataOffset) {
    if (const auto h = head(); h != queue_.end()) {
      output_ = h->value;
      queue_.erase(h);
      // Drop the line first so the next byte (if any) raises a new edge.
      if (irq1_ && irq1_level_) irq1_->set_level(false);
      if (irq12_ && irq12_level_) irq12_->set_level(false);
      irq1_level_ = irq12_level_ = false;
    }
    v = output_;
    update_irqs();
  } else if (offset == kStatusOffset) {
    const auto h = head();
    v = kStatusSystemFlag | (pending_command_ ? kStatusCommand : 0);
    if (h != queue_.end()) v |= kStatusOutputFull | (h->source == Source::kAux ? kStatusAuxData : 0);
  }
  for (uint32_t i = 0; i < size; ++i) data[i] = i == 0 ? v : 0xff;
}

void I8042::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  bool reset = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (offset == kStatusOffset)
      controller_command(data[0], reset);
    else if (offset == kDataOffset)
      controller_data(data[0], reset);
    update_irqs();
  }
  if (reset && reset_) reset_();
}

void I8042::controller_command(uint8_t v, bool& reset) {
  pending_command_ = 0;
  switch (v) {
    case 0x20: push(Source::kController, command_byte_); break;
    case 0x60:
    case 0xd1:
    case 0xd2:
    case 0xd3:
    case 0xd4: pending_command_ = v; break;
    case 0xa7: command_byte_ |= kCbAuxDisabled; break;
    case 0xa8: command_byte_ &= static_cast<uint8_t>(~kCbAuxDisabled); break;
    case 0xa9:
    case 0xab: push(Source::kController, 0x00); break;  // interface test passed
    case 0xaa: push(Source::kController, kSelfTestOk); break;
    case 0xad: command_byte_ |= kCbKbdDisabled; break;
    case 0xae: command_byte_ &= static_cast<uint8_t>(~kCbKbdDisabled); break;
    case 0xc0: push(Source::kController, 0x80); break;  // input port: keyboard not inhibited
    case 0xd0: push(Source::kController, 0x03); break;  // output port: A20 on, no reset
    case 0xfe: reset = true; break;
    default: break;  // other pulse/test commands: accepted, no effect
  }
}

void I8042::controller_data(uint8_t v, bool& reset) {
  const uint8_t cmd = pending_command_;
  pending_command_ = 0;
  switch (cmd) {
    case 0x60: command_byte_ = v; break;
    case 0xd1:
      if (!(v & 0x01)) reset = true;
      break;
    case 0xd2: push(Source::kKeyboard, v); break;
    case 0xd3: push(Source::kAux, v); break;
    case 0xd4: mouse_command(v); break;
    default: keyboard_command(v); break;
  }
}

void I8042::keyboard_command(uint8_t v) {
  // Writing to the keyboard enables its interface again, as the real controller does.
  command_byte_ &= static_cast<uint8_t>(~kCbKbdDisabled);
  if (kbd_pending_) {
    const uint8_t cmd = kbd_pending_;
    kbd_pending_ = 0;
    if (cmd == 0xf0 && v == 0) {  // get current scan code set
      push(Source::kKeyboard, kAck);
      push_key_byte(scan_set_);
      return;
    }
    if (cmd == 0xf0 && v >= 1 && v <= 3) scan_set_ = v;  // scancodes are always produced in set 2
    push(Source::kKeyboard, kAck);
    return;
  }
  switch (v) {
    case 0xed:
    case 0xf0:
    case 0xf3:
      kbd_pending_ = v;
      push(Source::kKeyboard, kAck);
      break;
    case 0xee: push(Source::kKeyboard, kEcho); break;
    case 0xf2:
      push(Source::kKeyboard, kAck);
      push(Source::kKeyboard, 0xab);
      push_key_byte(0x83);
      break;
    case 0xf4: kbd_enabled_ = true, push(Source::kKeyboard, kAck); break;
    case 0xf5:
    case 0xf6:
      kbd_enabled_ = v == 0xf6;
      push(Source::kKeyboard, kAck);
      break;
    case 0xff:
      kbd_enabled_ = true;
      scan_set_ = 2;
      push(Source::kKeyboard, kAck);
      push(Source::kKeyboard, kBatOk);
      break;
    default:
      if (v >= 0xf7 && v <= 0xfd)
        push(Source::kKeyboard, kAck);  // typematic/make-break modes
      else
        push(Source::kKeyboard, kResend);
      break;
  }
}

void I8042::mouse_command(uint8_t v) {
  if (mouse_pending_) {
    if (mouse_pending_ == 0xf3) mouse_rate_ = v;
    if (mouse_pending_ == 0xe8) mouse_resolution_ = v & 3;
    mouse_pending_ = 0;
    push(Source::kAux, kAck);
    return;
  }
  switch (v) {
    case 0xe6:
    case 0xe7:
      mouse_scaling_ = v == 0xe7 ? 2 : 1;
      push(Source::kAux, kAck);
      break;
    case 0xe8:
    case 0xf3:
      mouse_pending_ = v;
      push(Source::kAux, kAck);
      break;
    case 0xe9:  // status: mode, resolution, rate
      push(Source::kAux, kAck);
      push(Source::kAux,
           static_cast<uint8_t>((mouse_remote_ ? 0x40 : 0) | (mouse_reporting_ ? 0x20 : 0) | (mouse_scaling_ == 2 ? 0x10 : 0) |
                                (mouse_buttons_ & 1 ? 0x04 : 0) | (mouse_buttons_ & 2 ? 0x02 : 0) | (mouse_buttons_ & 4 ? 0x01 : 0)));
      push(Source::kAux, mouse_resolution_);
      push(Source::kAux, mouse_rate_);
      break;
    case 0xea:
    case 0xf0:
      mouse_remote_ = v == 0xf0;
      push(Source::kAux, kAck);
      break;
    case 0xeb:  // read data: one packet with no motion
      push(Source::kAux, kAck);
      mouse_packets(0, 0);
      break;
    case 0xf2:
      push(Source::kAux, kAck);
      push(Source::kAux, 0x00);  // standard PS/2 mouse
      break;
    case 0xf4:
    case 0xf5:
      mouse_reporting_ = v == 0xf4;
      push(Source::kAux, kAck);
      break;
    case 0xf6:
      mouse_rate_ = 100, mouse_resolution_ = 2, mouse_scaling_ = 1, mouse_reporting_ = false;
      push(Source::kAux, kAck);
      break;
    case 0xff:
      mouse_rate_ = 100, mouse_resolution_ = 2, mouse_scaling_ = 1, mouse_reporting_ = false, mouse_remote_ = false;
      push(Source::kAux, kAck);
      push(Source::kAux, kBatOk);
      push(Source::kAux, 0x00);
      break;
    default: push(Source::kAux, kResend); break;
  }
}

void I8042::key_event(uint32_t keysym, bool down) {
  ps2::Key key;
  if (!ps2::key_for_keysym(keysym, key)) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (!kbd_enabled_) return;
  const auto bytes = ps2::set2_bytes(key, down);
  if (queue_.size() + bytes.size() > kMaxQueued) return;  // whole keys only: never half a sequence
  for (uint8_t b : bytes) push_key_byte(b);
  update_irqs();
}

// One packet per step of at most 255 counts each way (9-bit two's complement, no overflow bits).
void I8042::mouse_packets(int dx, int dy) {
  do {
    const int sx = std::clamp(dx, -255, 255), sy = std::clamp(dy, -255, 255);
    if (queue_.size() + 3 > kMaxQueued) return;
    const uint8_t b0 = static_cast<uint8_t>(0x08 | (mouse_buttons_ & 1 ? 0x01 : 0) | (mouse_buttons_ & 4 ? 0x02 : 0) |
                                            (mouse_buttons_ & 2 ? 0x04 : 0) | (sx < 0 ? 0x10 : 0) | (sy < 0 ? 0x20 : 0));
    push(Source::kAux, b0);
    push(Source::kAux, static_cast<uint8_t>(sx));
    push(Source::kAux, static_cast<uint8_t>(sy));
    dx -= sx;
    dy -= sy;
  } while (dx || dy);
}

void I8042::pointer_event(const input::PointerState& p) {
  std::lock_guard<std::mutex> lock(mu_);
  // RFB buttons: bit 0 left, 1 middle, 2 right; kept in that order here.
  const uint8_t buttons = p.buttons & 7;
  const int dx = have_position_ ? static_cast<int>(p.x) - static_cast<int>(last_x_) : 0;
  const int dy = have_position_ ? static_cast<int>(last_y_) - static_cast<int>(p.y) : 0;  // PS/2 y grows upwards
  have_position_ = true;
  last_x_ = p.x;
  last_y_ = p.y;
  const bool changed = dx || dy || buttons != mouse_buttons_;
  mouse_buttons_ = buttons;
  if (!changed || !mouse_reporting_ || mouse_remote_) return;
  mouse_packets(dx, dy);
  update_irqs();
}

// Snapshot layout: controller bytes, the queued output bytes with their source, then the keyboard's
// and the mouse's modes. A queue longer than kMaxQueued is garbled.
void I8042::save_state(vmm::StateWriter& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  out.u8(command_byte_);
  out.u8(output_);
  out.u8(pending_command_);
  out.boolean(irq1_level_);
  out.boolean(irq12_level_);
  out.u32(static_cast<uint32_t>(queue_.size()));
  for (const Byte& b : queue_) {
    out.u8(b.value);
    out.u8(static_cast<uint8_t>(b.source));
  }
  out.boolean(kbd_enabled_);
  out.boolean(translate_break_);
  out.u8(kbd_pending_);
  out.u8(scan_set_);
  out.boolean(mouse_reporting_);
  out.boolean(mouse_remote_);
  out.u8(mouse_pending_);
  out.u8(mouse_rate_);
  out.u8(mouse_resolution_);
  out.u8(mouse_scaling_);
  out.u8(mouse_buttons_);
}

bool I8042::restore_state(vmm::StateReader& in) {
  std::lock_guard<std::mutex> lock(mu_);
  const uint8_t cmd = in.u8(), out = in.u8(), pending = in.u8();
  const bool l1 = in.boolean(), l12 = in.boolean();
  const uint32_t n = in.u32();
  if (!in.ok() || n > kMaxQueued) return false;
  std::deque<Byte> queue;
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t value = in.u8(), source = in.u8();
    if (source > static_cast<uint8_t>(Source::kAux)) return false;
    queue.push_back({value, static_cast<Source>(source)});
  }
  const bool kbd_enabled = in.boolean(), translate_break = in.boolean();
  const uint8_t kbd_pending = in.u8(), scan_set = in.u8();
  const bool reporting = in.boolean(), remote = in.boolean();
  const uint8_t mouse_pending = in.u8(), rate = in.u8(), resolution = in.u8(), scaling = in.u8(), buttons = in.u8();
  if (!in.ok_and_done()) return false;
  command_byte_ = cmd, output_ = out, pending_command_ = pending;
  queue_ = std::move(queue);
  kbd_enabled_ = kbd_enabled, translate_break_ = translate_break, kbd_pending_ = kbd_pending, scan_set_ = scan_set;
  mouse_reporting_ = reporting, mouse_remote_ = remote, mouse_pending_ = mouse_pending;
  mouse_rate_ = rate, mouse_resolution_ = resolution, mouse_scaling_ = scaling, mouse_buttons_ = buttons;
  have_position_ = false;
  irq1_level_ = !l1, irq12_level_ = !l12;  // so update_irqs() drives both lines to the saved levels
  update_irqs();
  return true;
}

}  // namespace tshyve::devices
