// A 128-byte EDID 1.4 base block (VESA E-EDID Release A.2) announcing one preferred mode: the size
// a bochs-display's guest reads from its MMIO BAR (SeaBIOS's VGA ROM and Linux's bochs DRM size the
// screen from its first detailed timing descriptor).
#pragma once
#include <array>
#include <cstdint>

namespace tshyve::devices::display {

std::array<uint8_t, 128> make_edid(uint32_t width, uint32_t height);

}  // namespace tshyve::devices::display
