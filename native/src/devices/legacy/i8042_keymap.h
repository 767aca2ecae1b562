// X11 keysyms (as RFB KeyEvents carry them) to PS/2 keys: scan code set 2 (what the keyboard sends)
// and set 1 (what the i8042 hands the CPU when it translates, IBM PC/AT Technical Reference).
#pragma once
#include <cstdint>
#include <vector>

namespace tshyve::devices::ps2 {

struct Key {
  uint8_t set2;   // make code (break: F0 + code)
  uint8_t set1;   // make code (break: code | 0x80)
  bool extended;  // E0-prefixed in both sets
};

// The key for `keysym`, or false if there is none.
bool key_for_keysym(uint32_t keysym, Key& key);
// The set-2 byte sequence for pressing or releasing `key`.
std::vector<uint8_t> set2_bytes(const Key& key, bool down);
// The i8042 translation of one set-2 byte: returns false for the F0 (break) prefix, which only
// sets `pending_break`; otherwise the set-1 byte (with bit 7 set if a break was pending).
bool translate_set2(uint8_t code, bool& pending_break, uint8_t& out);

}  // namespace tshyve::devices::ps2
