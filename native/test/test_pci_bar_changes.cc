// BAR reprogramming as data (PCI 3.0 §6.2.5): PciConfigSpace::write returns each region's move
// (BARs and the expansion ROM), PciBarDevice::apply_bar_changes maps them through the window's
// placement check, refusing a range another function decodes.
#include <cstring>

#include "check.h"
#include "devices/pci/pci_bar_device.h"
#include "devices/pci/pci_bar_window.h"

using namespace tshyve::devices;

namespace {
// A function with a 4 KiB memory BAR 0, a 64-bit BAR 2 and a 2 KiB ROM, recording what was placed.
class Fn : public PciBarDevice {
 public:
  PciConfigSpace config;
  std::vector<std::pair<PciBarChange, bool>> placed;
  Fn() {
    config.add_bar(0, PciBarKind::kMem32, 0x1000);
    config.add_bar(2, PciBarKind::kMem64, 0x4000);
    config.add_rom_bar(0x800);
  }
  uint32_t config_read(uint32_t offset, uint32_t size) override { return config.read(offset, size); }
  void config_write(uint32_t offset, uint32_t size, uint32_t value) override { apply_bar_changes(config.write(offset, size, value)); }
  void mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) override { std::memset(data, region, size); }
  void mmio_write(int, uint64_t, const uint8_t*, uint32_t) override {}

 protected:
  void region_placed(const PciBarChange& c, bool mapped) override { placed.emplace_back(c, mapped); }
};
}  // namespace

TEST(write_returns_the_moves) {
  Fn f;
  CHECK(f.config.write(0x10, 4, 0xc0000000).empty());  // decoding off: nothing moves
  auto on = f.config.write(0x04, 2, pci_reg::kCommandMemory);
  CHECK_EQ(on.size(), 1u);  // BAR 2 still at 0 and the ROM disabled: only BAR 0
  CHECK_EQ(on[0].index, 0);
  CHECK_EQ(on[0].new_address, 0xc0000000u);
  CHECK_EQ(on[0].size, 0x1000u);
  CHECK(on[0].enabled && !on[0].was_enabled);
  auto moved = f.config.write(0x10, 4, 0xc0001000);
  CHECK_EQ(moved.size(), 1u);
  CHECK_EQ(moved[0].old_address, 0xc0000000u);
  CHECK_EQ(moved[0].new_address, 0xc0001000u);
  CHECK(f.config.write(0x10, 4, 0xc0001000).empty());  // same value: no move
  // Sizing writes all-ones: not a placement, so the BAR is reported disabled.
  auto sizing = f.config.write(0x10, 4, 0xffffffff);
  CHECK_EQ(sizing.size(), 1u);
  CHECK(!sizing[0].enabled);
  f.config.write(0x10, 4, 0xc0001000);
  // A 64-bit BAR moves when either half changes.
  f.config.write(0x18, 4, 0xd0000000);
  auto hi = f.config.write(0x1c, 4, 0x1);
  CHECK_EQ(hi.size(), 1u);
  CHECK_EQ(hi[0].index, 2);
  CHECK_EQ(hi[0].new_address, 0x1d0000000ull);
}

TEST(rom_bar_is_region_6) {
  Fn f;
  CHECK_EQ(f.config.bar_size(kPciRomRegion), 0x800u);
  f.config.write(0x30, 4, 0xffffffff);
  CHECK_EQ(f.config.read(0x30, 4), 0xfffff801u);  // sizing: bits below 2 KiB read 0, enable writable
  f.config.write(0x30, 4, 0);
  CHECK(f.config.write(0x30, 4, 0xc0100001).empty());  // memory decoding off
  auto on = f.config.write(0x04, 2, pci_reg::kCommandMemory);
  bool rom = false;
  for (auto& c : on) rom |= c.index == kPciRomRegion && c.enabled && c.new_address == 0xc0100000u;
  CHECK(rom);
  auto off = f.config.write(0x30, 4, 0xc0100000);  // enable bit off
  CHECK_EQ(off.size(), 1u);
  CHECK(!off[0].enabled);
  PciConfigSpace none;
  CHECK(!none.add_rom_bar(0x400));   // below 2 KiB
  CHECK(!none.add_rom_bar(0x3000));  // not a power of two
  none.write(0x30, 4, 0xffffffff);
  CHECK_EQ(none.read(0x30, 4), 0u);
}

TEST(window_refuses_overlap_in_one_place) {
  auto a = std::make_shared<Fn>(), b = std::make_shared<Fn>();
  PciBarWindow window(0xc0000000, 0xd0000000);
  window.add(a);
  window.add(b);
  a->config_write(0x10, 4, 0xc0000000);
  a->config_write(0x04, 2, pci_reg::kCommandMemory);
  b->config_write(0x10, 4, 0xc0000800);  // inside a's BAR 0
  b->config_write(0x04, 2, pci_reg::kCommandMemory);
  CHECK_EQ(b->placed.size(), 1u);
  CHECK(!b->placed.back().second);  // refused
  CHECK(!b->bar_map().enabled(0));
  uint8_t v = 0;
  window.read(0x800, &v, 1);
  CHECK_EQ(v, 0);                        // a's region 0 answers
  b->config_write(0x10, 4, 0xc0002000);  // moved clear: mapped
  CHECK(b->placed.back().second);
  CHECK(b->bar_map().enabled(0));
  CHECK_EQ(b->bar_map().address(0), 0xc0002000u);
  // The ROM is checked against the other function's regions too.
  b->config_write(0x30, 4, 0xc0000001);
  CHECK(!b->placed.back().second);
  CHECK(!b->bar_map().enabled(kPciRomRegion));
  b->config_write(0x30, 4, 0xc0003001);
  CHECK(b->bar_map().enabled(kPciRomRegion));
  window.read(0x3000, &v, 1);
  CHECK_EQ(v, kPciRomRegion);
  // Decoding off unmaps every region.
  b->config_write(0x04, 2, 0);
  CHECK(!b->bar_map().enabled(0) && !b->bar_map().enabled(kPciRomRegion));
}

TEST_MAIN()
