// EDID base block layout, VESA E-EDID Release A.2 §3: header, vendor/product, version 1.4, basic
// display parameters, the preferred detailed timing at byte 54, a name descriptor, the checksum.
#include "devices/display/edid.h"

#include <cstring>

namespace tshyve::devices::display {

std::array<uint8_t, 128> make_edid(uint32_t width, uint32_t height) {
  std::array<uint8_t, 128> e{};
  const uint8_t header[8] = {0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
  std::memcpy(e.data(), header, 8);
  e[8] = 0x52;  // manufacturer "TSH" in 5-bit letters: T=20 S=19 H=8 -> 0 10100 10011 01000
  e[9] = 0x68;
  e[10] = 0x01;  // product code
  e[16] = 1;     // week
  e[17] = 36;    // year 1990 + 36
  e[18] = 1;     // EDID 1.4
  e[19] = 4;
  e[20] = 0xa5;  // digital input, 8 bits per colour, DisplayPort
  e[21] = 32;    // screen size in cm (roughly 4:3 / 16:10)
  e[22] = 24;
  e[23] = 120;                                // gamma 2.2
  e[24] = 0x06;                               // sRGB default, preferred timing is native
  for (int i = 38; i < 54; ++i) e[i] = 0x01;  // no standard timings
  // Detailed timing descriptor (§3.10.2): pixel clock for ~60 Hz with modest blanking.
  const uint32_t hblank = 160, vblank = 30;
  const uint32_t clock_10khz = static_cast<uint32_t>((static_cast<uint64_t>(width + hblank) * (height + vblank) * 60) / 10000);
  uint8_t* d = &e[54];
  d[0] = static_cast<uint8_t>(clock_10khz);
  d[1] = static_cast<uint8_t>(clock_10khz >> 8);
  d[2] = static_cast<uint8_t>(width);
  d[3] = static_cast<uint8_t>(hblank);
  d[4] = static_cast<uint8_t>(((width >> 8) & 0xf) << 4 | ((hblank >> 8) & 0xf));
  d[5] = static_cast<uint8_t>(height);
  d[6] = static_cast<uint8_t>(vblank);
  d[7] = static_cast<uint8_t>(((height >> 8) & 0xf) << 4 | ((vblank >> 8) & 0xf));
  d[8] = 48;  // hsync offset, width
  d[9] = 32;
  d[10] = 0x35;  // vsync offset 3, width 5
  d[12] = 0x40;  // image size 320 x 240 mm
  d[13] = 0xf0;
  d[14] = 0x00;
  d[17] = 0x1e;  // digital separate sync
  // Display product name descriptor (§3.10.3.4).
  uint8_t* n = &e[72];
  n[3] = 0xfc;
  const char name[] = "tshyve\n     ";
  std::memcpy(n + 5, name, 13);
  for (int i : {90, 108}) e[i + 3] = 0x10;  // dummy descriptors
  uint8_t sum = 0;
  for (int i = 0; i < 127; ++i) sum = static_cast<uint8_t>(sum + e[i]);
  e[127] = static_cast<uint8_t>(0x100 - sum);
  return e;
}

}  // namespace tshyve::devices::display
