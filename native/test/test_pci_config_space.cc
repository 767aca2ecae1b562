// Tests PciConfigSpace: write masks, BAR sizing (PCI 3.0 §6.2.5.1), capabilities, BAR callbacks.
#include "devices/pci/pci_config_space.h"
#include "platform_test_support.h"

using namespace tshyve::devices;

int main() {
  PciConfigSpace cs;
  cs.set_identity(0x1af4, 0x1041, 0x020000, 1, 0x1af4, 0x0001);
  PT_CHECK_EQ(cs.read(0, 4), 0x10411af4u);
  PT_CHECK_EQ(cs.read(0x08, 4), 0x02000001u);
  cs.write(0, 4, 0xffffffff);  // IDs are read-only
  PT_CHECK_EQ(cs.read(0, 2), 0x1af4u);

  PT_CHECK(cs.add_bar(0, PciBarKind::kMem32, 0x1000));
  PT_CHECK(cs.add_bar(1, PciBarKind::kIo, 0x20));
  PT_CHECK(cs.add_bar(2, PciBarKind::kMem64, 0x4000, true));
  PT_CHECK(!cs.add_bar(3, PciBarKind::kMem32, 0x1000));  // upper half of BAR2
  PT_CHECK(!cs.add_bar(4, PciBarKind::kMem32, 0x1001));  // not a power of two
  PT_CHECK(!cs.add_bar(5, PciBarKind::kMem64, 0x1000));  // would need BAR6

  // Sizing: write all-ones, read back the size mask with the type bits.
  cs.write(0x10, 4, 0xffffffff);
  PT_CHECK_EQ(cs.read(0x10, 4), 0xfffff000u);
  cs.write(0x14, 4, 0xffffffff);
  PT_CHECK_EQ(cs.read(0x14, 4), 0xffffffe1u);
  cs.write(0x18, 4, 0xffffffff);
  cs.write(0x1c, 4, 0xffffffff);
  PT_CHECK_EQ(cs.read(0x18, 4), 0xffffc00cu);
  PT_CHECK_EQ(cs.read(0x1c, 4), 0xffffffffu);
  cs.write(0x20, 4, 0xffffffff);  // absent BAR stays 0
  PT_CHECK_EQ(cs.read(0x20, 4), 0u);

  std::vector<PciBarChange> changes;
  cs.on_bar_change([&](const PciBarChange& c) { changes.push_back(c); });
  cs.write(0x10, 4, 0xc0001000);
  cs.write(0x14, 4, 0xc040);
  cs.write(0x18, 4, 0x00000000);
  cs.write(0x1c, 4, 0x00000001);
  PT_CHECK(changes.empty());  // decoding still disabled
  cs.write(0x04, 2, pci_reg::kCommandMemory | pci_reg::kCommandIo);
  PT_CHECK_EQ(changes.size(), 3u);
  PT_CHECK_EQ(cs.bar_address(0), 0xc0001000u);
  PT_CHECK_EQ(cs.bar_address(1), 0xc040u);
  PT_CHECK_EQ(cs.bar_address(2), 0x100000000ull);
  PT_CHECK(cs.bar_enabled(2));
  changes.clear();
  cs.write(0x10, 4, 0xc0002000);  // move BAR0 while enabled
  PT_CHECK_EQ(changes.size(), 1u);
  if (!changes.empty()) {
    PT_CHECK_EQ(changes[0].index, 0);
    PT_CHECK_EQ(changes[0].old_address, 0xc0001000u);
    PT_CHECK_EQ(changes[0].new_address, 0xc0002000u);
    PT_CHECK(changes[0].enabled && changes[0].was_enabled);
  }
  // Command: only the defined bits are writable.
  cs.write(0x04, 2, 0xffff);
  PT_CHECK_EQ(cs.read(0x04, 2), 0x0547u);

  // Capabilities chain from 0x34, status bit 4 set.
  const uint8_t c1 = cs.add_capability({0x09, 0, 0x10, 1, 2, 3}, {0, 0, 0, 0xff, 0, 0});
  const uint8_t c2 = cs.add_capability({0x11, 0, 0, 0});
  PT_CHECK_EQ(c1, 0x40u);
  PT_CHECK_EQ(c2, 0x48u);
  PT_CHECK_EQ(cs.read(0x34, 1), 0x40u);
  PT_CHECK_EQ(cs.read(0x41, 1), 0x48u);
  PT_CHECK_EQ(cs.read(0x49, 1), 0u);
  PT_CHECK(cs.read(0x06, 2) & pci_reg::kStatusCapList);
  cs.write(0x40, 4, 0xffffffff);  // only byte 3 writable
  PT_CHECK_EQ(cs.read(0x40, 4), 0xff104809u);

  // Out-of-range bytes: read as ones, writes ignored; 4 KiB space for PCIe.
  PT_CHECK_EQ(cs.read(0xff, 2), 0xff00u | cs.byte(0xff));
  PciConfigSpace ext(PciConfigSpace::kExpressSize);
  ext.set_u32(0x100, 0x12345678);
  PT_CHECK_EQ(ext.read(0x100, 4), 0x12345678u);
  PT_CHECK_EQ(cs.read(0x100, 4), 0xffffffffu);
  return platform_test::finish("test_pci_config_space");
}
