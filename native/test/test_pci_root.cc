// Tests the PCI root: mechanism #1 scans at 0xCF8/0xCFC with every access size, ECAM, absent
// functions reading all-ones, the CF9 reset register inside the CF8 window, Q35/ICH9 identities,
// and the 0xCF8 latch's snapshot state (a CFC read after restore reaches the latched register).
#include "devices/legacy/acpi_pm.h"
#include "devices/pci/host_bridge.h"
#include "devices/pci/lpc_bridge.h"
#include "devices/pci/pci_root.h"
#include "platform_test_support.h"

using namespace tshyve::devices;
using platform_test::bus_read;
using platform_test::bus_write;

namespace {
uint32_t cf8(uint32_t bus, uint32_t slot, uint32_t fn, uint32_t reg) {
  return 0x80000000u | (bus << 16) | (slot << 11) | (fn << 8) | (reg & 0xfc);
}
}  // namespace

int main() {
  auto root = std::make_shared<PciRoot>();
  PT_CHECK(root->add_function(0, 0, std::make_shared<HostBridge>()));
  PT_CHECK(root->add_function(kLpcSlot, 0, std::make_shared<LpcBridge>(0x600)));
  PT_CHECK(!root->add_function(0, 0, std::make_shared<HostBridge>()));  // taken
  PT_CHECK(!root->add_function(32, 0, std::make_shared<HostBridge>()));
  PT_CHECK_EQ(root->free_slot(), 1);
  int resets = 0;
  auto io = root->io_device(std::make_shared<ResetControl>([&] { ++resets; }));
  auto ecam = root->ecam_device();

  // A scan of bus 0 the way SeaBIOS/Linux do it: vendor IDs of every slot.
  std::vector<uint32_t> found;
  for (uint32_t slot = 0; slot < 32; ++slot) {
    bus_write(*io, 0, 4, cf8(0, slot, 0, 0));
    const uint32_t id = static_cast<uint32_t>(bus_read(*io, 4, 4));
    if ((id & 0xffff) != 0xffff) found.push_back((slot << 24) | (id >> 16));
  }
  PT_CHECK_EQ(found.size(), 2u);
  if (found.size() == 2) {
    PT_CHECK_EQ(found[0], 0x000029c0u);
    PT_CHECK_EQ(found[1], (31u << 24) | 0x2918u);
  }
  // Address register reads back (low bits clear); sub-dword reads of the data port.
  bus_write(*io, 0, 4, cf8(0, 0, 0, 0x2c) | 0x3);
  PT_CHECK_EQ(bus_read(*io, 0, 4), cf8(0, 0, 0, 0x2c));
  PT_CHECK_EQ(bus_read(*io, 4, 2), 0x1af4u);  // subsystem vendor: SeaBIOS qemu_detect
  PT_CHECK_EQ(bus_read(*io, 6, 2), 0x1100u);
  PT_CHECK_EQ(bus_read(*io, 7, 1), 0x11u);
  bus_write(*io, 0, 4, cf8(0, 0, 0, 0x08));
  PT_CHECK_EQ(bus_read(*io, 4, 4) >> 8, 0x060000u);  // host bridge class
  // Absent function, other bus, disabled address: all ones.
  bus_write(*io, 0, 4, cf8(0, 5, 0, 0));
  PT_CHECK_EQ(bus_read(*io, 4, 4), 0xffffffffu);
  PT_CHECK_EQ(bus_read(*io, 5, 1), 0xffu);
  bus_write(*io, 0, 4, cf8(1, 0, 0, 0));
  PT_CHECK_EQ(bus_read(*io, 4, 2), 0xffffu);
  bus_write(*io, 0, 4, 0);
  PT_CHECK_EQ(bus_read(*io, 4, 4), 0xffffffffu);
  // LPC is multi-function; function 1 is absent.
  bus_write(*io, 0, 4, cf8(0, 31, 0, 0x0c));
  PT_CHECK_EQ(bus_read(*io, 6, 1), 0x80u);
  bus_write(*io, 0, 4, cf8(0, 31, 1, 0));
  PT_CHECK_EQ(bus_read(*io, 4, 4), 0xffffffffu);

  // Registers SeaBIOS programs: PCIEXBAR, PAM, SMRAM on the MCH; PMBASE, ACPI_CNTL, PIRQ, RCBA on LPC.
  bus_write(*io, 0, 4, cf8(0, 0, 0, kQ35PciexbarReg));
  bus_write(*io, 4, 4, 0xb0000001);
  PT_CHECK_EQ(bus_read(*io, 4, 4), 0xb0000001u);
  bus_write(*io, 0, 4, cf8(0, 0, 0, kQ35Pam0Reg));
  bus_write(*io, 4, 4, 0x33333330);
  PT_CHECK_EQ(bus_read(*io, 4, 4), 0x33333330u);
  bus_write(*io, 0, 4, cf8(0, 31, 0, kIch9PmbaseReg));
  PT_CHECK_EQ(bus_read(*io, 4, 4), 0x601u);
  bus_write(*io, 4, 4, 0x601);
  PT_CHECK_EQ(bus_read(*io, 4, 4), 0x601u);
  bus_write(*io, 0, 4, cf8(0, 31, 0, kIch9PirqaRoutReg));
  bus_write(*io, 5, 1, 0x0b);  // PIRQB
  PT_CHECK_EQ(bus_read(*io, 4, 4), 0x80800b80u);
  bus_write(*io, 0, 4, cf8(0, 31, 0, kIch9RcbaReg));
  bus_write(*io, 4, 4, 0xfed1c001);
  PT_CHECK_EQ(bus_read(*io, 4, 4), 0xfed1c001u);

  // ECAM: same functions, offset = bus << 20 | slot << 15 | fn << 12 | reg.
  PT_CHECK_EQ(bus_read(*ecam, 0, 4), 0x29c08086u);
  PT_CHECK_EQ(bus_read(*ecam, (31u << 15), 2), 0x8086u);
  PT_CHECK_EQ(bus_read(*ecam, (31u << 15) + 2, 2), 0x2918u);
  PT_CHECK_EQ(bus_read(*ecam, (31u << 15) + kIch9PmbaseReg, 1), 0x01u);
  PT_CHECK_EQ(bus_read(*ecam, (3u << 15), 4), 0xffffffffu);
  PT_CHECK_EQ(bus_read(*ecam, (1u << 20), 4), 0xffffffffu);
  PT_CHECK_EQ(bus_read(*ecam, 0, 8), 0x0000000029c08086ull | (static_cast<uint64_t>(bus_read(*ecam, 4, 4)) << 32));
  PT_CHECK_EQ(bus_read(*ecam, 1, 2), 0xffffu);  // misaligned
  bus_write(*ecam, kQ35SmramReg & ~3u, 4, 0x00004a00);
  PT_CHECK_EQ(bus_read(*ecam, kQ35SmramReg, 1), 0x4au);  // D_OPEN | G_SMRAME | C_BASE_SEG
  // Extended config space of a 256-byte function reads all-ones.
  PT_CHECK_EQ(bus_read(*ecam, 0x100, 4), 0xffffffffu);

  // CF9: byte access is the reset control register, not config space.
  bus_write(*io, 0, 4, cf8(0, 0, 0, 0));
  bus_write(*io, 1, 1, 0x02);
  PT_CHECK_EQ(resets, 0);
  PT_CHECK_EQ(bus_read(*io, 1, 1), 0x02u);
  bus_write(*io, 1, 1, 0x06);
  PT_CHECK_EQ(resets, 1);
  PT_CHECK_EQ(bus_read(*io, 0, 4), cf8(0, 0, 0, 0));  // address latch untouched
  // Byte/word accesses at CF8/CFA are not config accesses.
  bus_write(*io, 0, 1, 0x55);
  bus_write(*io, 2, 2, 0x5555);
  PT_CHECK_EQ(bus_read(*io, 0, 4), cf8(0, 0, 0, 0));

  // Snapshot: latched at the LPC bridge's device ID, saved; a fresh root takes it and its next CFC
  // read is that register, not a reset latch's all-ones. Garbled or impossible latches are refused.
  bus_write(*io, 0, 4, cf8(0, kLpcSlot, 0, 0));
  tshyve::vmm::StateWriter w;
  root->save_state(w);
  auto fresh = std::make_shared<PciRoot>();
  PT_CHECK(fresh->add_function(kLpcSlot, 0, std::make_shared<LpcBridge>(0x600)));
  auto fresh_io = fresh->io_device();
  PT_CHECK_EQ(bus_read(*fresh_io, 4, 4), 0xffffffffu);  // reset latch: no config access
  tshyve::vmm::StateReader r(w.data());
  PT_CHECK(fresh->restore_state(r));
  PT_CHECK_EQ(bus_read(*fresh_io, 6, 2), 0x2918u);  // CFE: the device ID
  PT_CHECK_EQ(bus_read(*fresh_io, 0, 4), cf8(0, kLpcSlot, 0, 0));
  auto refused = [&](std::vector<uint8_t> bytes) {
    tshyve::vmm::StateReader rr(bytes);
    auto other = std::make_shared<PciRoot>();
    return !other->restore_state(rr) && other->config_address() == 0;
  };
  std::vector<uint8_t> low_bits = w.data();
  low_bits[1] |= 0x3;  // bits 1:0 never latch
  PT_CHECK(refused(low_bits));
  std::vector<uint8_t> v2 = w.data();
  v2[0] = 2;
  PT_CHECK(refused(v2));
  PT_CHECK(refused(std::vector<uint8_t>(w.data().begin(), w.data().end() - 1)));
  return platform_test::finish("test_pci_root");
}
