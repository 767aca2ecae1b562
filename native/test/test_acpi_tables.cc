// Tests the ACPI tables (ACPI 6.5 §5.2): checksums, RSDP/RSDT/XSDT links, FADT PM blocks and reset
// register, MADT entries, MCFG, DSDT AML (\_S5, PNP0A08, COM ports), and the QEMU linker/loader
// script replayed the way SeaBIOS romfile_loader.c does it.
#include "arch/x86_64/acpi_tables.h"
#include "arch/x86_64/aml.h"
#include "platform_test_support.h"

#include <algorithm>
#include <cstring>
#include <string>

using namespace tshyve::arch::x86_64;
using platform_test::le;
using platform_test::sum;

namespace {
bool contains(const std::vector<uint8_t>& hay, const std::vector<uint8_t>& needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}
std::string sig(const std::vector<uint8_t>& b, size_t at) { return std::string(b.begin() + at, b.begin() + at + 4); }

AcpiConfig config() {
  AcpiConfig c;
  c.apic_ids = {0, 1, 2, 3};
  c.com_ports = {1, 2};
  c.pci_mmio64_base = 0x200000000ull;
  c.pci_mmio64_size = 32ull << 30;
  return c;
}

// Checks every table reachable from the RSDP when `tables` sits at `base`.
void check_tree(const std::vector<uint8_t>& rsdp, const std::vector<uint8_t>& tables, uint64_t base) {
  PT_CHECK(std::string(rsdp.begin(), rsdp.begin() + 8) == "RSD PTR ");
  PT_CHECK_EQ(sum(rsdp.data(), 20), 0u);
  PT_CHECK_EQ(sum(rsdp.data(), 36), 0u);
  PT_CHECK_EQ(rsdp[15], 2u);
  const uint64_t xsdt = le(rsdp, 24, 8) - base, rsdt = le(rsdp, 16, 4) - base;
  PT_CHECK(sig(tables, xsdt) == "XSDT");
  PT_CHECK(sig(tables, rsdt) == "RSDT");
  const uint32_t xlen = static_cast<uint32_t>(le(tables, xsdt + 4, 4));
  PT_CHECK_EQ(xlen, 36u + 3 * 8);
  PT_CHECK_EQ(sum(tables.data() + xsdt, xlen), 0u);
  PT_CHECK_EQ(sum(tables.data() + rsdt, 36 + 12), 0u);
  const char* expect[] = {"FACP", "APIC", "MCFG"};
  for (int i = 0; i < 3; ++i) {
    const uint64_t t = le(tables, xsdt + 36 + 8 * i, 8) - base;
    PT_CHECK_EQ(t, le(tables, rsdt + 36 + 4 * i, 4) - base);
    PT_CHECK(sig(tables, t) == expect[i]);
    PT_CHECK_EQ(sum(tables.data() + t, le(tables, t + 4, 4)), 0u);
  }
  const uint64_t fadt = le(tables, xsdt + 36, 8) - base;
  PT_CHECK_EQ(le(tables, fadt + 4, 4), 276u);
  const uint64_t dsdt = le(tables, fadt + 140, 8) - base;
  PT_CHECK_EQ(dsdt, le(tables, fadt + 40, 4) - base);
  PT_CHECK(sig(tables, dsdt) == "DSDT");
  PT_CHECK_EQ(sum(tables.data() + dsdt, le(tables, dsdt + 4, 4)), 0u);
  const uint64_t facs = le(tables, fadt + 132, 8) - base;
  PT_CHECK(sig(tables, facs) == "FACS");
  PT_CHECK_EQ((facs + base) % 64, 0u);
}
}  // namespace

int main() {
  // AML primitives.
  PT_CHECK_EQ(aml::eisa_id("PNP0A03"), 0x030ad041u);
  PT_CHECK_EQ(aml::eisa_id("PNP0501"), 0x0105d041u);
  PT_CHECK(aml::pkg_length(10) == std::vector<uint8_t>{11});
  PT_CHECK(aml::pkg_length(62) == std::vector<uint8_t>{63});
  PT_CHECK(aml::pkg_length(63) == (std::vector<uint8_t>{0x41, 0x04}));           // 65 = 0x41
  PT_CHECK(aml::pkg_length(3000) == (std::vector<uint8_t>{0x4a, 0xbb}));         // 3002 = 0xbba
  PT_CHECK(aml::pkg_length(5000) == (std::vector<uint8_t>{0x8b, 0x38, 0x01}));   // 5003 = 0x138b
  PT_CHECK(aml::pkg_length(70000) == (std::vector<uint8_t>{0x83, 0x17, 0x11}));  // 70003 = 0x11173
  PT_CHECK(aml::name_string("\\_SB_.PCI0") == (std::vector<uint8_t>{'\\', 0x2e, '_', 'S', 'B', '_', 'P', 'C', 'I', '0'}));
  PT_CHECK(aml::integer(0x1234) == (std::vector<uint8_t>{0x0b, 0x34, 0x12}));

  const AcpiConfig c = config();
  const AcpiBlobs placed = build_acpi_tables(c, 0xe0040);
  check_tree(placed.rsdp, placed.tables, 0xe0040);

  // FADT contents.
  const auto& t = placed.tables;
  const uint32_t f = placed.fadt;
  PT_CHECK_EQ(le(t, f + 46, 2), 9u);      // SCI_INT
  PT_CHECK_EQ(le(t, f + 48, 4), 0u);      // SMI_CMD: always in ACPI mode
  PT_CHECK_EQ(le(t, f + 56, 4), 0x600u);  // PM1a_EVT_BLK
  PT_CHECK_EQ(le(t, f + 64, 4), 0x604u);  // PM1a_CNT_BLK
  PT_CHECK_EQ(le(t, f + 76, 4), 0x608u);  // PM_TMR_BLK
  PT_CHECK_EQ(t[f + 88], 4u);
  PT_CHECK_EQ(t[f + 89], 2u);
  PT_CHECK_EQ(t[f + 91], 4u);
  PT_CHECK_EQ(le(t, f + 112, 4) & (1u << 10), 1u << 10);  // RESET_REG_SUP
  PT_CHECK_EQ(le(t, f + 112, 4) & (1u << 4), 0u);         // fixed power button
  PT_CHECK_EQ(t[f + 116], 1u);                            // reset reg in I/O space
  PT_CHECK_EQ(le(t, f + 120, 8), 0xcf9u);
  PT_CHECK_EQ(t[f + 128], 6u);
  PT_CHECK_EQ(le(t, f + 148 + 4, 8), 0x600u);  // X_PM1a_EVT_BLK
  PT_CHECK_EQ(le(t, f + 172 + 4, 8), 0x604u);
  PT_CHECK_EQ(le(t, f + 208 + 4, 8), 0x608u);

  // MADT: 4 LAPICs, IOAPIC at 0xFEC00000, IRQ0->GSI2, IRQ9 level/high, LINT1 NMI.
  const uint32_t m = placed.madt;
  const uint32_t mlen = static_cast<uint32_t>(le(t, m + 4, 4));
  PT_CHECK_EQ(le(t, m + 36, 4), 0xfee00000u);
  int lapics = 0, ioapics = 0, isos = 0, nmis = 0;
  for (uint32_t at = m + 44; at < m + mlen && t[at + 1] >= 2; at += t[at + 1]) {
    switch (t[at]) {
      case 0:
        PT_CHECK_EQ(t[at + 3], c.apic_ids[lapics]);
        PT_CHECK_EQ(le(t, at + 4, 4), 1u);
        ++lapics;
        break;
      case 1:
        PT_CHECK_EQ(le(t, at + 4, 4), 0xfec00000u);
        PT_CHECK_EQ(le(t, at + 8, 4), 0u);
        ++ioapics;
        break;
      case 2:
        if (t[at + 3] == 0) PT_CHECK_EQ(le(t, at + 4, 4), 2u);
        if (t[at + 3] == 9) {
          PT_CHECK_EQ(le(t, at + 4, 4), 9u);
          PT_CHECK_EQ(le(t, at + 8, 2), 0x000du);
        }
        ++isos;
        break;
      case 4: ++nmis; break;
    }
  }
  PT_CHECK_EQ(lapics, 4);
  PT_CHECK_EQ(ioapics, 1);
  PT_CHECK_EQ(isos, 2);
  PT_CHECK_EQ(nmis, 1);

  // MCFG: one allocation, ECAM 0xB0000000 buses 0-255.
  PT_CHECK_EQ(le(t, placed.mcfg + 4, 4), 60u);
  PT_CHECK_EQ(le(t, placed.mcfg + 44, 8), 0xb0000000u);
  PT_CHECK_EQ(t[placed.mcfg + 54], 0u);
  PT_CHECK_EQ(t[placed.mcfg + 55], 255u);

  // DSDT: \_S5 first (GRUB's walker), PCI root HID/CID, COM1/COM2 but not COM3.
  const std::vector<uint8_t> dsdt = build_dsdt(c);
  const std::vector<uint8_t> s5 = {0x08, '\\', '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0, 0, 0, 0};
  PT_CHECK(std::equal(s5.begin(), s5.end(), dsdt.begin() + 36));
  PT_CHECK(contains(dsdt, {'_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0a, 0x08}));  // PNP0A08
  PT_CHECK(contains(dsdt, {'_', 'C', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0a, 0x03}));  // PNP0A03
  PT_CHECK(contains(dsdt, {'C', 'O', 'M', '1'}));
  PT_CHECK(contains(dsdt, {'C', 'O', 'M', '2'}));
  PT_CHECK(!contains(dsdt, {'C', 'O', 'M', '3'}));
  PT_CHECK(contains(dsdt, {0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08, 0x22, 0x10, 0x00}));  // COM1 IO + IRQ4
  PT_CHECK(contains(dsdt, {0x47, 0x01, 0xf8, 0x02, 0xf8, 0x02, 0x01, 0x08, 0x22, 0x08, 0x00}));  // COM2 IO + IRQ3
  PT_CHECK(contains(dsdt, {'_', 'P', 'R', 'T'}));
  PT_CHECK(contains(dsdt, {0x8a, 0x2b, 0x00}));  // the 64-bit window (QWord memory)
  PT_CHECK_EQ(le(dsdt, 4, 4), dsdt.size());

  // Linker/loader replay: allocate the blobs at arbitrary addresses, patch, verify.
  const AcpiBlobs rel = build_acpi_tables(c, 0);
  const std::vector<uint8_t> loader = build_table_loader(rel);
  PT_CHECK_EQ(loader.size() % 128, 0u);
  PT_CHECK_EQ(loader.size() / 128, 2 + rel.pointers.size() + rel.checksums.size());
  std::vector<uint8_t> tables = rel.tables, rsdp = rel.rsdp;
  const uint64_t tables_at = 0x7ffe0000, rsdp_at = 0xf5a30;
  for (size_t at = 0; at < loader.size(); at += 128) {
    const uint32_t cmd = static_cast<uint32_t>(le(loader, at, 4));
    auto name = [&](size_t off) { return std::string(reinterpret_cast<const char*>(&loader[at + off])); };
    auto blob = [&](const std::string& n) -> std::vector<uint8_t>& { return n == kFwCfgAcpiRsdpFile ? rsdp : tables; };
    if (cmd == 1) {
      const std::string n = name(4);
      PT_CHECK(n == kFwCfgAcpiTablesFile || n == kFwCfgAcpiRsdpFile);
      PT_CHECK_EQ(loader[at + 64], n == kFwCfgAcpiRsdpFile ? 2u : 1u);  // FSEG / HIGH
    } else if (cmd == 2) {
      PT_CHECK(name(60) == kFwCfgAcpiTablesFile);
      auto& dst = blob(name(4));
      const uint32_t off = static_cast<uint32_t>(le(loader, at + 116, 4));
      const uint8_t size = loader[at + 120];
      PT_CHECK(off + size <= dst.size());
      uint64_t v = le(dst, off, size) + tables_at;
      for (int i = 0; i < size; ++i) dst[off + i] = static_cast<uint8_t>(v >> (8 * i));
    } else if (cmd == 3) {
      auto& dst = blob(name(4));
      const uint32_t off = static_cast<uint32_t>(le(loader, at + 60, 4));
      const uint32_t start = static_cast<uint32_t>(le(loader, at + 64, 4));
      const uint32_t len = static_cast<uint32_t>(le(loader, at + 68, 4));
      PT_CHECK(start + len <= dst.size() && off < dst.size());
      dst[off] = static_cast<uint8_t>(dst[off] - sum(dst.data() + start, len));
    } else {
      PT_CHECK(false);
    }
  }
  (void)rsdp_at;
  check_tree(rsdp, tables, tables_at);
  PT_CHECK(tables == build_acpi_tables(c, tables_at).tables);
  return platform_test::finish("test_acpi_tables");
}
