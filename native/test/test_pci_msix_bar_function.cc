// PciMsixBarFunction (registers + MSI-X table/PBA in one 64-bit memory BAR, PCI 3.0 §6.2.5.1 and
// §6.8.2) on a recording subclass: config header, BAR decoding and bounds, interrupt-mode hooks,
// INTx disable gating and BAR pre-assignment.
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "check.h"
#include "devices/pci/pci_msix_bar_function.h"

using tshyve::devices::PciMsixBarFunction;
using tshyve::devices::PciMsixBarLayout;
namespace pci_reg = tshyve::devices::pci_reg;

namespace {
constexpr PciMsixBarLayout kLayout{0x4000, 0x2000, 0x3000};

class Line : public tshyve::vmm::InterruptLine {
 public:
  void set_level(bool high) override { level = high; }
  bool level = false;
};

// Records what reaches the register file and the interrupt hook.
class Recorder : public PciMsixBarFunction {
 public:
  Recorder(uint16_t vectors, tshyve::vmm::MsiRouter* router, std::shared_ptr<Line> line)
      : PciMsixBarFunction("recorder", kLayout, vectors, router, std::move(line)) {
    config_space().set_identity(0x1234, 0x5678, 0x0c0330, 1, 0x1234, 0x5678);
  }
  void raise(bool level) { drive_intx(level); }
  std::vector<uint64_t> reads, writes;
  int mode_changes = 0;

 private:
  void registers_read(uint64_t offset, uint8_t* data, uint32_t size) override {
    reads.push_back(offset);
    std::memset(data, 0xab, size);
  }
  void registers_write(uint64_t offset, const uint8_t* data, uint32_t size) override { writes.push_back(offset); }
  void interrupt_mode_changed() override { ++mode_changes; }
};

uint32_t read32(PciMsixBarFunction& f, uint64_t off) {
  uint32_t v = 0xffffffff;
  f.mmio_read(0, off, reinterpret_cast<uint8_t*>(&v), 4);
  return v;
}
void write32(PciMsixBarFunction& f, uint64_t off, uint32_t v) { f.mmio_write(0, off, reinterpret_cast<const uint8_t*>(&v), 4); }
}  // namespace

TEST(declares_a_64_bit_memory_bar_and_the_msix_capability) {
  auto line = std::make_shared<Line>();
  Recorder f(3, nullptr, line);
  CHECK_EQ(f.config_read(pci_reg::kVendorId, 2), 0x1234u);
  CHECK_EQ(f.config_read(pci_reg::kInterruptPin, 1), 1u);   // INTA#
  CHECK_EQ(f.config_read(pci_reg::kBar0, 4) & 0x7u, 0x4u);  // memory, 64-bit
  f.config_write(pci_reg::kBar0, 4, 0xffffffff);
  f.config_write(pci_reg::kBar0 + 4, 4, 0xffffffff);
  CHECK_EQ(f.config_read(pci_reg::kBar0, 4) & ~0xfu, static_cast<uint32_t>(~(kLayout.bar_size - 1)));  // size probe
  CHECK_EQ(f.config_read(pci_reg::kBar0 + 4, 4), 0xffffffffu);
  const uint8_t cap = f.msix().cap_offset();
  CHECK(cap >= 0x40);
  CHECK_EQ(f.config_read(cap, 1), 0x11u);
  CHECK_EQ(f.config_read(cap + 2, 2), 2u);       // Table Size N-1
  CHECK_EQ(f.config_read(cap + 4, 4), 0x2000u);  // table offset, BIR 0
  CHECK_EQ(f.config_read(cap + 8, 4), 0x3000u);  // PBA offset, BIR 0
}

TEST(bar_accesses_go_to_registers_table_or_pba_and_stay_inside_the_bar) {
  Recorder f(2, nullptr, nullptr);
  CHECK_EQ(read32(f, 0x1ffc), 0xababababu);
  write32(f, 0x10, 1);
  CHECK(f.reads == std::vector<uint64_t>{0x1ffc});
  CHECK(f.writes == std::vector<uint64_t>{0x10});
  write32(f, 0x2000 + 8, 0x55);  // vector 0's data, in the table
  CHECK_EQ(read32(f, 0x2000 + 8), 0x55u);
  CHECK_EQ(read32(f, 0x2000 + 12), 1u);  // masked after reset
  write32(f, 0x3000, 0xffffffff);        // the PBA is read-only
  CHECK_EQ(read32(f, 0x3000), 0u);
  // Past the BAR, other regions, wider than 8 bytes: zeros, nothing reaches the registers.
  CHECK_EQ(read32(f, kLayout.bar_size), 0u);
  CHECK_EQ(read32(f, ~0ull - 3), 0u);
  uint32_t v = 0xffffffff;
  f.mmio_read(1, 0, reinterpret_cast<uint8_t*>(&v), 4);
  CHECK_EQ(v, 0u);
  uint8_t wide[16];
  std::memset(wide, 0xff, sizeof wide);
  f.mmio_read(0, 0, wide, sizeof wide);
  CHECK_EQ(wide[15], 0u);
  f.mmio_write(0, 0, wide, sizeof wide);
  write32(f, kLayout.bar_size + 4, 1);
  CHECK_EQ(f.reads.size(), 1u);
  CHECK_EQ(f.writes.size(), 1u);
}

TEST(command_and_msix_control_writes_report_an_interrupt_mode_change) {
  Recorder f(1, nullptr, nullptr);
  f.config_write(pci_reg::kVendorId, 4, 0);
  f.config_write(pci_reg::kBar0, 4, 0x1000);
  CHECK_EQ(f.mode_changes, 0);
  f.config_write(pci_reg::kCommand, 2, pci_reg::kCommandMemory);
  CHECK_EQ(f.mode_changes, 1);
  f.config_write(f.msix().cap_offset(), 4, 0x80000000);  // Message Control's upper byte in a dword write
  CHECK_EQ(f.mode_changes, 2);
  CHECK(!f.msix().enabled());  // no router: present but never enabled
  f.config_write(f.msix().cap_offset() + 4, 4, 0);
  CHECK_EQ(f.mode_changes, 2);
}

TEST(interrupt_disable_holds_inta_low) {
  auto line = std::make_shared<Line>();
  Recorder f(1, nullptr, line);
  f.raise(true);
  CHECK(line->level);
  f.config_write(pci_reg::kCommand, 2, pci_reg::kCommandIntxDisable);
  f.raise(true);
  CHECK(!line->level);
  f.config_write(pci_reg::kCommand, 2, 0);
  f.raise(true);
  CHECK(line->level);
  f.raise(false);
  CHECK(!line->level);
  Recorder no_line(1, nullptr, nullptr);
  no_line.raise(true);  // tests without a line: nothing to drive
}

TEST(preassign_places_bar_0_above_4g_and_maps_it) {
  Recorder f(1, nullptr, nullptr);
  CHECK(!f.bar_map().enabled(0));
  f.preassign_bar(0x1'2345'0000ull);
  CHECK_EQ(f.config_read(pci_reg::kBar0, 4) & ~0xfu, 0x23450000u);
  CHECK_EQ(f.config_read(pci_reg::kBar0 + 4, 4), 1u);
  const uint32_t cmd = f.config_read(pci_reg::kCommand, 2);
  CHECK(cmd & pci_reg::kCommandMemory);
  CHECK(cmd & pci_reg::kCommandBusMaster);
  CHECK(f.bar_map().enabled(0));
  int region = -1;
  uint64_t offset = 0;
  CHECK(f.bar_map().hit(0x1'2345'0010ull, region, offset));
  CHECK_EQ(region, 0);
  CHECK_EQ(offset, 0x10u);
  CHECK(!f.bar_map().hit(0x1'2345'0000ull + kLayout.bar_size, region, offset));
}

TEST(a_bar_moved_onto_another_functions_range_stays_unmapped) {
  Recorder f(1, nullptr, nullptr);
  f.set_placement_check([](const tshyve::devices::PciBarDevice*, uint64_t address, uint64_t size) { return address == 0x8000'0000ull; });
  f.preassign_bar(0x8000'0000ull);
  CHECK(!f.bar_map().enabled(0));
  f.config_write(pci_reg::kBar0, 4, 0x9000'0000u);  // moved somewhere free: maps
  CHECK(f.bar_map().enabled(0));
  CHECK_EQ(f.bar_map().address(0), 0x9000'0000ull);
}

TEST_MAIN()
