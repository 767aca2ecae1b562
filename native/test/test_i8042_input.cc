// PS/2 input through the i8042 (OSDev "PS/2 Keyboard"/"PS/2 Mouse", IBM PC/AT reference): keysyms
// become set-2 make/break codes, translated to set 1 while the command byte says so; IRQ1/IRQ12
// edges per byte; the keyboard and mouse command protocols firmware uses; mouse packets from
// absolute pointer positions; bounded queue under a flood.
#include <vector>

#include "check.h"
#include "devices/legacy/i8042.h"
#include "devices/legacy/i8042_keymap.h"
#include "vmm/interrupt_line.h"

using tshyve::devices::I8042;

namespace {
constexpr uint64_t kData = 0, kStatus = 4;

struct CountingLine : tshyve::vmm::InterruptLine {
  bool level = false;
  int rises = 0;
  void set_level(bool high) override {
    if (high && !level) ++rises;
    level = high;
  }
};

uint8_t in(I8042& k, uint64_t port) {
  uint8_t v = 0;
  k.read(port, &v, 1);
  return v;
}
void out(I8042& k, uint64_t port, uint8_t v) { k.write(port, &v, 1); }
std::vector<uint8_t> drain(I8042& k) {
  std::vector<uint8_t> b;
  while (in(k, kStatus) & 1) b.push_back(in(k, kData));
  return b;
}
void write_command_byte(I8042& k, uint8_t cb) {
  out(k, kStatus, 0x60);
  out(k, kData, cb);
}
}  // namespace

TEST(key_events_are_translated_set1_by_default_and_raise_irq1_per_byte) {
  auto irq1 = std::make_shared<CountingLine>();
  I8042 k(nullptr, irq1, nullptr);
  k.key_event('a', true);
  k.key_event('a', false);
  CHECK_EQ(irq1->rises, 1);
  CHECK(drain(k) == (std::vector<uint8_t>{0x1e, 0x9e}));
  CHECK_EQ(irq1->rises, 2);  // the second byte raised a fresh edge after the first was read
  CHECK(!irq1->level);
  k.key_event(0xff52, true);  // Up: E0-prefixed
  k.key_event(0xff52, false);
  CHECK(drain(k) == (std::vector<uint8_t>{0xe0, 0x48, 0xe0, 0xc8}));
}

TEST(untranslated_keyboard_sends_set2_with_f0_breaks) {
  I8042 k(nullptr);
  write_command_byte(k, 0x01);  // IRQ1 on, translation off
  k.key_event('A', true);       // uppercase keysym: the same key
  k.key_event('A', false);
  CHECK(drain(k) == (std::vector<uint8_t>{0x1c, 0xf0, 0x1c}));
  k.key_event(0xffc4, true);  // F7: set 2 code 0x83 above 0x7f
  CHECK(drain(k) == (std::vector<uint8_t>{0x83}));
}

TEST(translation_table_agrees_with_set1_for_every_key) {
  const uint32_t keysyms[] = {'1', 'q', 'z', ' ', 0xff0d, 0xff1b, 0xffe1, 0xffc4, 0xffc9, 0xffb0, 0xffaa, 0xff57};
  for (uint32_t ks : keysyms) {
    tshyve::devices::ps2::Key key;
    CHECK(tshyve::devices::ps2::key_for_keysym(ks, key));
    bool brk = false;
    uint8_t o = 0;
    CHECK(tshyve::devices::ps2::translate_set2(key.set2, brk, o));
    CHECK_EQ(o, key.set1);
    CHECK(!tshyve::devices::ps2::translate_set2(0xf0, brk, o));
    CHECK(tshyve::devices::ps2::translate_set2(key.set2, brk, o));
    CHECK_EQ(o, key.set1 | 0x80);
  }
  tshyve::devices::ps2::Key none;
  CHECK(!tshyve::devices::ps2::key_for_keysym(0x12345, none));
}

TEST(keyboard_commands_as_seabios_sends_them) {
  I8042 k(nullptr);
  out(k, kStatus, 0xaa);
  CHECK(drain(k) == (std::vector<uint8_t>{0x55}));
  out(k, kData, 0xff);  // reset: ACK, BAT passed
  CHECK(drain(k) == (std::vector<uint8_t>{0xfa, 0xaa}));
  out(k, kData, 0xf5);  // disable: keys are not reported
  CHECK(drain(k) == (std::vector<uint8_t>{0xfa}));
  k.key_event('x', true);
  CHECK(drain(k).empty());
  out(k, kData, 0xf0);  // set scan code set 2
  out(k, kData, 0x02);
  CHECK(drain(k) == (std::vector<uint8_t>{0xfa, 0xfa}));
  out(k, kData, 0xf2);  // identify: AB 83, translated to AB 41
  CHECK(drain(k) == (std::vector<uint8_t>{0xfa, 0xab, 0x41}));
  out(k, kData, 0xf4);
  CHECK(drain(k) == (std::vector<uint8_t>{0xfa}));
  out(k, kData, 0xee);
  CHECK(drain(k) == (std::vector<uint8_t>{0xee}));
}

TEST(disabled_keyboard_interface_holds_bytes_until_enabled) {
  I8042 k(nullptr);
  out(k, kStatus, 0xad);
  k.key_event('b', true);
  CHECK_EQ(in(k, kStatus) & 1, 0);
  out(k, kStatus, 0xae);
  CHECK(drain(k) == (std::vector<uint8_t>{0x30}));
}

TEST(mouse_commands_and_relative_packets_on_irq12) {
  auto irq12 = std::make_shared<CountingLine>();
  I8042 k(nullptr, nullptr, irq12);
  write_command_byte(k, 0x47);  // both IRQs, translation
  auto mouse = [&](uint8_t v) {
    out(k, kStatus, 0xd4);
    out(k, kData, v);
  };
  mouse(0xff);
  CHECK_EQ(in(k, kStatus) & 0x21, 0x21);  // aux data
  CHECK(drain(k) == (std::vector<uint8_t>{0xfa, 0xaa, 0x00}));
  mouse(0xf2);
  CHECK(drain(k) == (std::vector<uint8_t>{0xfa, 0x00}));
  k.pointer_event({100, 100, 640, 480, 0});  // reporting off: nothing
  CHECK(drain(k).empty());
  mouse(0xf4);
  CHECK(drain(k) == (std::vector<uint8_t>{0xfa}));
  const int before = irq12->rises;
  k.pointer_event({110, 90, 640, 480, 1});  // right 10, up 10 (PS/2 y grows upwards), left button
  CHECK(drain(k) == (std::vector<uint8_t>{0x09, 10, 10}));
  CHECK(irq12->rises > before);
  k.pointer_event({100, 100, 640, 480, 4});  // left 10, down 10, right button
  CHECK(drain(k) == (std::vector<uint8_t>{0x08 | 0x02 | 0x10 | 0x20, 0xf6, 0xf6}));
  k.pointer_event({500, 100, 640, 480, 4});  // 400 right: two packets (255 + 145)
  CHECK(drain(k) == (std::vector<uint8_t>{0x0a, 255, 0, 0x0a, 145, 0}));
}

TEST(a_flood_of_input_is_bounded) {
  I8042 k(nullptr);
  for (int i = 0; i < 10000; ++i) k.key_event('k', (i & 1) == 0);
  size_t n = drain(k).size();
  CHECK(n <= I8042::kMaxQueued);
  CHECK(n >= 200);
  CHECK_EQ(n % 2, 0u);  // whole keys only
}

TEST_MAIN()

// The fuzzer's find: with the keyboard disabled the guest reads the first aux byte behind queued
// keyboard bytes, which may sit in another block of the queue's storage than the first byte.
TEST(aux_byte_behind_disabled_keyboard_bytes_is_read_from_anywhere_in_the_queue) {
  I8042 k(nullptr);
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i + 1 < I8042::kMaxQueued; ++i) {
      out(k, kStatus, 0xd2);  // write keyboard output buffer
      out(k, kData, static_cast<uint8_t>(i));
    }
    out(k, kStatus, 0xd3);  // write aux output buffer
    out(k, kData, 0xa5);
    out(k, kStatus, 0xad);  // disable the keyboard: only the aux byte is readable
    CHECK_EQ(in(k, kStatus) & 0x21, 0x21);
    CHECK_EQ(in(k, kData), 0xa5);
    CHECK_EQ(in(k, kStatus) & 1, 0);
    out(k, kStatus, 0xae);
    const auto rest = drain(k);
    CHECK_EQ(rest.size(), I8042::kMaxQueued - 1);
    CHECK_EQ(rest.back(), static_cast<uint8_t>(I8042::kMaxQueued - 2));
    out(k, kStatus, 0xd2);  // shift where the queue starts in its storage for the next round
    out(k, kData, 0);
    in(k, kData);
  }
}
