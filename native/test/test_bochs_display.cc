// The bochs-display as its drivers see it (QEMU docs/specs/standard-vga.rst; SeaBIOS
// vgasrc/bochsdisplay.c): PCI identity and BARs, the EDID SeaBIOS sizes the screen from, the DISPI
// registers, and a scanout the guest cannot point outside the framebuffer. Without a VM fd the
// framebuffer BAR traps, and writes through it are reported dirty.
#include <cstring>
#include <vector>

#include "check.h"
#include "devices/display/bochs_display.h"
#include "devices/display/edid.h"

using tshyve::devices::display::BochsDisplay;
using tshyve::devices::display::BochsDisplayOptions;

namespace {
void dispi(BochsDisplay& d, uint32_t index, uint16_t v) {
  uint8_t b[2] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8)};
  d.mmio_write(2, 0x500 + 2 * index, b, 2);
}
uint16_t dispi_get(BochsDisplay& d, uint32_t index) {
  uint8_t b[2];
  d.mmio_read(2, 0x500 + 2 * index, b, 2);
  return static_cast<uint16_t>(b[0] | b[1] << 8);
}
}  // namespace

TEST(pci_identity_bars_and_rom) {
  BochsDisplayOptions o;
  o.rom = std::vector<uint8_t>(28672, 0);
  o.rom[0] = 0x55;
  o.rom[1] = 0xaa;
  BochsDisplay d(o);
  CHECK_EQ(d.config_read(0, 4), 0x11111234u);
  CHECK_EQ(d.config_read(8, 4) >> 8, 0x030000u);  // VGA-compatible: SeaBIOS runs its ROM as the VGA BIOS
  d.config_write(0x10, 4, 0xffffffff);
  CHECK_EQ(d.config_read(0x10, 4), 0xff000008u);  // 16 MiB, prefetchable
  d.config_write(0x18, 4, 0xffffffff);
  CHECK_EQ(d.config_read(0x18, 4), 0xfffff000u);  // 4 KiB registers
  d.config_write(0x30, 4, 0xfffff800);
  CHECK_EQ(d.config_read(0x30, 4) & 0xfffff800u, 0xffff8000u);  // 32 KiB ROM BAR for a 28 KiB image
}

TEST(edid_announces_the_configured_size_as_seabios_reads_it) {
  BochsDisplayOptions o;
  o.width = 1280;
  o.height = 800;
  BochsDisplay d(o);
  uint8_t e[128];
  for (int i = 0; i < 128; ++i) d.mmio_read(2, i, &e[i], 1);
  CHECK_EQ(e[0], 0x00);
  CHECK_EQ(e[1], 0xff);
  uint8_t sum = 0;
  for (uint8_t b : e) sum = static_cast<uint8_t>(sum + b);
  CHECK_EQ(sum, 0);
  const int w = e[56] | (e[58] & 0xf0) << 4, h = e[59] | (e[61] & 0xf0) << 4;
  CHECK_EQ(w, 1280);
  CHECK_EQ(h, 800);
}

TEST(dispi_id_caps_and_mode_set) {
  BochsDisplay d(BochsDisplayOptions{});
  CHECK_EQ(dispi_get(d, 0), 0xb0c5);
  CHECK_EQ(dispi_get(d, 0xa), 256);  // 16 MiB in 64 KiB units
  dispi(d, 4, 0x02);                 // get caps
  CHECK_EQ(dispi_get(d, 1), BochsDisplay::kMaxWidth);
  dispi(d, 4, 0);
  CHECK(!d.mode().enabled);
  dispi(d, 1, 1024);
  dispi(d, 2, 768);
  dispi(d, 3, 32);
  dispi(d, 4, 0x41);
  auto m = d.mode();
  CHECK(m.enabled);
  CHECK_EQ(m.width, 1024u);
  CHECK_EQ(m.stride, 4096u);
  CHECK_EQ(dispi_get(d, 6), 1024);  // virtual width follows the mode
  CHECK_EQ(dispi_get(d, 7), 4096);  // 16 MiB / 4096-byte lines
  dispi(d, 9, 4000);                // panned so far the picture would leave the framebuffer
  CHECK(!d.mode().enabled);
  dispi(d, 9, 100);
  CHECK(d.mode().enabled);
  CHECK_EQ(d.mode().offset, 100u * 4096u);
  dispi(d, 3, 7);  // not a depth: ignored
  CHECK_EQ(dispi_get(d, 3), 32);
}

TEST(trapped_framebuffer_writes_are_stored_and_dirty) {
  BochsDisplay d(BochsDisplayOptions{});
  std::vector<uint64_t> bits;
  d.take_dirty_pages(bits);
  std::fill(bits.begin(), bits.end(), 0);
  d.take_dirty_pages(bits);
  for (uint64_t w : bits) CHECK_EQ(w, 0u);
  const uint32_t px = 0x00ff8000;
  d.mmio_write(0, 3 * 4096 + 8, reinterpret_cast<const uint8_t*>(&px), 4);
  uint32_t back = 0;
  std::memcpy(&back, d.memory() + 3 * 4096 + 8, 4);
  CHECK_EQ(back, px);
  d.take_dirty_pages(bits);
  CHECK_EQ(bits[0], 1u << 3);
  uint8_t far[4];
  d.mmio_read(0, BochsDisplay::kFramebufferSize + 16, far, 4);  // outside: zeros, no crash
  d.mmio_write(0, BochsDisplay::kFramebufferSize - 2, far, 4);  // straddles the end: clipped
}

TEST_MAIN()
