// ACPI 6.5 tables (§5.2: RSDP, RSDT, XSDT, FADT rev 6, FACS, MADT, DSDT; PCI Firmware 3.2 MCFG; HPET)
// for the Q35-like PC platform, and QEMU's linker/loader script so SeaBIOS installs them.
#include "arch/x86_64/acpi_tables.h"

#include <cstring>

#include "arch/x86_64/aml.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/pci_intx_routing.h"

namespace tshyve::arch::x86_64 {

namespace {
constexpr char kOemId[] = "TSHYVE";         // 6 bytes
constexpr char kOemTableId[] = "TSHYVEPC";  // 8 bytes
constexpr char kCreatorId[] = "TSHV";
constexpr uint32_t kHeaderSize = 36;  // System Description Table Header, §5.2.6
constexpr uint32_t kChecksumOffset = 9;
constexpr uint32_t kRsdpSize = 36;   // §5.2.5.3, revision 2
constexpr uint32_t kFacsSize = 64;   // §5.2.10
constexpr uint32_t kFadtSize = 276;  // §5.2.9, revision 6
constexpr uint8_t kFadtRevision = 6;
constexpr uint8_t kFadtMinorRevision = 5;
constexpr uint8_t kMadtRevision = 5;
constexpr uint8_t kDsdtRevision = 2;  // 64-bit AML integers
// FADT field offsets, ACPI 6.5 Table 5.9.
constexpr uint32_t kFadtFirmwareCtrl = 36, kFadtDsdt = 40, kFadtSciInt = 46, kFadtPm1aEvt = 56, kFadtPm1aCnt = 64, kFadtPmTmr = 76,
                   kFadtGpe0 = 80, kFadtPm1EvtLen = 88, kFadtPm1CntLen = 89, kFadtPmTmrLen = 91, kFadtGpe0Len = 92, kFadtPLvl2Lat = 96,
                   kFadtPLvl3Lat = 98, kFadtCentury = 108, kFadtBootArch = 109, kFadtFlags = 112, kFadtResetReg = 116,
                   kFadtResetValue = 128, kFadtMinor = 131, kFadtXFirmwareCtrl = 132, kFadtXDsdt = 140, kFadtXPm1aEvt = 148,
                   kFadtXPm1aCnt = 172, kFadtXPmTmr = 208, kFadtXGpe0 = 220;
// FADT Flags (Table 5.10): WBINVD | PROC_C1 | SLP_BUTTON (none) | FIX_RTC | RESET_REG_SUP.
// PWR_BUTTON clear: the power button is the fixed-feature one (PM1 PWRBTN_STS).
constexpr uint32_t kFadtFlagsValue = (1u << 0) | (1u << 2) | (1u << 5) | (1u << 6) | (1u << 10);
// IA-PC boot architecture flags (Table 5.11): LEGACY_DEVICES | VGA Not Present | PCIe ASPM
// Controls. 8042 clear: the i8042 here only implements reset, so OSes should not probe it.
constexpr uint16_t kBootArchFlags = (1u << 0) | (1u << 2) | (1u << 4);
constexpr uint8_t kGasSystemIo = 1;
// MADT structure types, §5.2.12.
constexpr uint8_t kMadtLocalApic = 0, kMadtIoApic = 1, kMadtIso = 2, kMadtLocalApicNmi = 4, kMadtLocalX2Apic = 9;
constexpr uint16_t kMpsIntiLevelHigh = 0x000d;  // polarity active high (01), trigger level (11)

void put(std::vector<uint8_t>& b, size_t at, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void put_str(std::vector<uint8_t>& b, size_t at, const char* s, size_t n) {
  for (size_t i = 0; i < n; ++i) b[at + i] = static_cast<uint8_t>(s[i]);
}
void append(std::vector<uint8_t>& b, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// A table header with the length filled in later by finish().
std::vector<uint8_t> header(const char* signature, uint8_t revision) {
  std::vector<uint8_t> t(kHeaderSize, 0);
  put_str(t, 0, signature, 4);
  t[8] = revision;
  put_str(t, 10, kOemId, 6);
  put_str(t, 16, kOemTableId, 8);
  put(t, 24, 1, 4);  // OEM revision
  put_str(t, 28, kCreatorId, 4);
  put(t, 32, 1, 4);  // creator revision
  return t;
}

void gas(std::vector<uint8_t>& t, size_t at, uint8_t space, uint8_t bit_width, uint8_t access_size, uint64_t address) {
  t[at] = space;
  t[at + 1] = bit_width;
  t[at + 2] = 0;
  t[at + 3] = access_size;
  put(t, at + 4, address, 8);
}

class Builder {
 public:
  explicit Builder(uint64_t base) : base_(base) {}

  // Appends `table` (length set here) at `align`; returns its offset.
  uint32_t add(std::vector<uint8_t> table, uint32_t align, bool checksummed = true) {
    while (blobs_.tables.size() % align) blobs_.tables.push_back(0);
    const uint32_t at = static_cast<uint32_t>(blobs_.tables.size());
    if (checksummed) {
      put(table, 4, table.size(), 4);
      blobs_.checksums.push_back({false, at + kChecksumOffset, at, static_cast<uint32_t>(table.size())});
    }
    blobs_.tables.insert(blobs_.tables.end(), table.begin(), table.end());
    return at;
  }
  // Records a pointer at `field` (absolute offset in its blob) to `target` (offset in tables).
  void pointer(bool in_rsdp, uint32_t field, uint8_t size, uint32_t target) {
    auto& blob = in_rsdp ? blobs_.rsdp : blobs_.tables;
    put(blob, field, base_ + target, size);
    blobs_.pointers.push_back({in_rsdp, field, size});
  }
  AcpiBlobs finish() {
    for (const auto& c : blobs_.checksums) {
      auto& blob = c.in_rsdp ? blobs_.rsdp : blobs_.tables;
      blob[c.offset] = 0;
      blob[c.offset] = acpi_checksum(blob.data() + c.start, c.length);
    }
    return std::move(blobs_);
  }
  AcpiBlobs& blobs() { return blobs_; }

 private:
  uint64_t base_;
  AcpiBlobs blobs_;
};

std::vector<uint8_t> build_facs() {
  std::vector<uint8_t> t(kFacsSize, 0);
  put_str(t, 0, "FACS", 4);
  put(t, 4, kFacsSize, 4);
  t[32] = 2;  // version
  return t;
}

std::vector<uint8_t> build_fadt(const AcpiConfig& c) {
  std::vector<uint8_t> t = header("FACP", kFadtRevision);
  t.resize(kFadtSize, 0);
  put(t, kFadtSciInt, c.sci_irq, 2);
  // SMI_CMD stays 0: the machine is always in ACPI mode (SCI_EN reads 1), ACPI 6.5 §5.2.9.
  put(t, kFadtPm1aEvt, c.pm_base, 4);
  put(t, kFadtPm1aCnt, c.pm_base + 0x04, 4);
  put(t, kFadtPmTmr, c.pm_base + 0x08, 4);
  put(t, kFadtGpe0, c.pm_base + 0x20, 4);
  t[kFadtPm1EvtLen] = 4;
  t[kFadtPm1CntLen] = 2;
  t[kFadtPmTmrLen] = 4;
  t[kFadtGpe0Len] = 16;
  put(t, kFadtPLvl2Lat, 101, 2);   // > 100: C2 not supported
  put(t, kFadtPLvl3Lat, 1001, 2);  // > 1000: C3 not supported
  t[kFadtCentury] = c.rtc_century_index;
  put(t, kFadtBootArch, kBootArchFlags, 2);
  put(t, kFadtFlags, kFadtFlagsValue, 4);
  gas(t, kFadtResetReg, kGasSystemIo, 8, 1, c.reset_port);
  t[kFadtResetValue] = c.reset_value;
  t[kFadtMinor] = kFadtMinorRevision;
  gas(t, kFadtXPm1aEvt, kGasSystemIo, 32, 2, c.pm_base);
  gas(t, kFadtXPm1aCnt, kGasSystemIo, 16, 2, c.pm_base + 0x04);
  gas(t, kFadtXPmTmr, kGasSystemIo, 32, 3, c.pm_base + 0x08);
  gas(t, kFadtXGpe0, kGasSystemIo, 128, 1, c.pm_base + 0x20);
  put_str(t, 268, "TSHYVE  ", 8);  // hypervisor vendor identity
  return t;
}

std::vector<uint8_t> build_madt(const AcpiConfig& c) {
  std::vector<uint8_t> t = header("APIC", kMadtRevision);
  append(t, kLapicBase, 4);
  append(t, 1, 4);  // PCAT_COMPAT: dual 8259s present
  for (size_t i = 0; i < c.apic_ids.size(); ++i) {
    const uint32_t id = c.apic_ids[i];
    if (id < 0xff) {
      append(t, kMadtLocalApic, 1);
      append(t, 8, 1);
      append(t, i, 1);  // ACPI processor UID
      append(t, id, 1);
      append(t, 1, 4);  // enabled
    } else {
      append(t, kMadtLocalX2Apic, 1);
      append(t, 16, 1);
      append(t, 0, 2);
      append(t, id, 4);
      append(t, 1, 4);
      append(t, i, 4);
    }
  }
  append(t, kMadtIoApic, 1);
  append(t, 12, 1);
  append(t, c.ioapic_id, 1);
  append(t, 0, 1);
  append(t, c.ioapic_address, 4);
  append(t, c.ioapic_gsi_base, 4);
  // ISA IRQ 0 (PIT) is wired to IOAPIC pin 2; the SCI is level-triggered, active high.
  const struct {
    uint8_t irq;
    uint32_t gsi;
    uint16_t flags;
  } overrides[] = {{0, 2, 0}, {c.sci_irq, c.sci_irq, kMpsIntiLevelHigh}};
  for (const auto& o : overrides) {
    append(t, kMadtIso, 1);
    append(t, 10, 1);
    append(t, 0, 1);  // bus: ISA
    append(t, o.irq, 1);
    append(t, o.gsi, 4);
    append(t, o.flags, 2);
  }
  append(t, kMadtLocalApicNmi, 1);  // LINT1 of every processor is NMI
  append(t, 6, 1);
  append(t, 0xff, 1);
  append(t, 0, 2);
  append(t, 1, 1);
  return t;
}

std::vector<uint8_t> build_mcfg(const AcpiConfig& c) {
  std::vector<uint8_t> t = header("MCFG", 1);
  append(t, 0, 8);  // reserved
  append(t, c.ecam_base, 8);
  append(t, 0, 2);  // PCI segment group
  append(t, 0, 1);  // start bus
  append(t, c.ecam_last_bus, 1);
  append(t, 0, 4);
  return t;
}

// IA-PC HPET 1.0a Table 3: event timer block ID, base address (GAS, system memory), HPET number,
// minimum periodic clock tick, page protection (none).
std::vector<uint8_t> build_hpet(const AcpiConfig& c) {
  constexpr uint8_t kGasSystemMemory = 0;
  constexpr uint16_t kMinPeriodicTicks = 0x80;
  std::vector<uint8_t> t = header("HPET", 1);
  append(t, c.hpet_block_id, 4);
  t.resize(t.size() + 12, 0);
  gas(t, t.size() - 12, kGasSystemMemory, 64, 0, c.hpet_address);
  append(t, 0, 1);
  append(t, kMinPeriodicTicks, 2);
  append(t, 0, 1);
  return t;
}
}  // namespace

uint8_t acpi_checksum(const uint8_t* data, size_t length) {
  uint8_t sum = 0;
  for (size_t i = 0; i < length; ++i) sum = static_cast<uint8_t>(sum + data[i]);
  return static_cast<uint8_t>(0 - sum);
}

std::vector<uint8_t> build_dsdt(const AcpiConfig& c) {
  using namespace aml;
  std::vector<Bytes> crs = {
      word_bus_number(0, c.ecam_last_bus),         io_port(0xcf8, 8), word_io(0x0000, 0x0cf7), word_io(0x0d00, 0xffff),
      dword_memory(0x000a0000, 0x000bffff, false),  // legacy VGA window
  };
  if (c.pci_mmio32_end > c.pci_mmio32_base)
    crs.push_back(dword_memory(static_cast<uint32_t>(c.pci_mmio32_base), static_cast<uint32_t>(c.pci_mmio32_end - 1), false));
  if (c.pci_mmio64_size) crs.push_back(qword_memory(c.pci_mmio64_base, c.pci_mmio64_base + c.pci_mmio64_size - 1, false));

  // _PRT: every slot's INTA-D to IOAPIC GSIs 16-23 (pci_intx_gsi), Source = 0.
  std::vector<Bytes> prt;
  for (uint32_t slot = 0; slot < kPciSlotsPerBus; ++slot)
    for (uint32_t pin = 0; pin < 4; ++pin)
      prt.push_back(
          package({integer((static_cast<uint64_t>(slot) << 16) | 0xffff), integer(pin), integer(0), integer(pci_intx_gsi(slot, pin))}));

  std::vector<Bytes> sb = {device("PCI0", {
                                              name("_HID", integer(eisa_id("PNP0A08"))),
                                              name("_CID", integer(eisa_id("PNP0A03"))),
                                              name("_ADR", integer(0)),
                                              name("_SEG", integer(0)),
                                              name("_UID", integer(0)),
                                              name("_BBN", integer(0)),
                                              name("_CRS", resource_template(crs)),
                                              name("_PRT", package(prt)),
                                          })};
  // The i8042's keyboard and mouse (SeaBIOS initialises PS/2 only when the DSDT lists PNP0303).
  sb.push_back(device("KBD_", {name("_HID", integer(eisa_id("PNP0303"))), name("_STA", integer(0x0f)),
                               name("_CRS", resource_template({io_port(0x60, 1), io_port(0x64, 1), irq_no_flags(1)}))}));
  sb.push_back(device("MOU_", {name("_HID", integer(eisa_id("PNP0F13"))), name("_STA", integer(0x0f)),
                               name("_CRS", resource_template({irq_no_flags(12)}))}));
  for (uint8_t port : c.com_ports) {
    if (port < 1 || port > 4) continue;
    const PcComPort& p = kPcComPorts[port - 1];
    sb.push_back(device("COM" + std::to_string(port),
                        {name("_HID", integer(eisa_id("PNP0501"))), name("_UID", integer(port)), name("_STA", integer(0x0f)),
                         name("_CRS", resource_template({io_port(p.base, 8), irq_no_flags(p.irq)}))}));
  }

  // \_S5 first, at the root: simple AML walkers (GRUB's acpihalt) find it before anything else.
  // SLP_TYPa = SLP_TYPb = 0, devices::kSlpTypS5.
  Bytes body = concat({name("\\_S5_", package({integer(0), integer(0), integer(0), integer(0)})), scope("\\_SB_", sb)});
  std::vector<uint8_t> t = header("DSDT", kDsdtRevision);
  t.insert(t.end(), body.begin(), body.end());
  put(t, 4, t.size(), 4);
  t[kChecksumOffset] = 0;
  t[kChecksumOffset] = acpi_checksum(t.data(), t.size());
  return t;
}

AcpiBlobs build_acpi_tables(const AcpiConfig& c, uint64_t tables_base) {
  Builder b(tables_base);
  AcpiBlobs& out = b.blobs();
  out.facs = b.add(build_facs(), kAcpiTablesAlign, /*checksummed=*/false);
  out.dsdt = b.add(build_dsdt(c), 8);
  out.fadt = b.add(build_fadt(c), 8);
  b.pointer(false, out.fadt + kFadtFirmwareCtrl, 4, out.facs);
  b.pointer(false, out.fadt + kFadtDsdt, 4, out.dsdt);
  b.pointer(false, out.fadt + kFadtXFirmwareCtrl, 8, out.facs);
  b.pointer(false, out.fadt + kFadtXDsdt, 8, out.dsdt);
  out.madt = b.add(build_madt(c), 8);
  out.mcfg = b.add(build_mcfg(c), 8);
  std::vector<uint32_t> entries = {out.fadt, out.madt, out.mcfg};
  if (c.hpet_address) {
    out.hpet = b.add(build_hpet(c), 8);
    entries.push_back(out.hpet);
  }
  const uint32_t n = static_cast<uint32_t>(entries.size());

  std::vector<uint8_t> rsdt = header("RSDT", 1);
  rsdt.resize(kHeaderSize + 4 * n, 0);
  out.rsdt = b.add(rsdt, 8);
  for (uint32_t i = 0; i < n; ++i) b.pointer(false, out.rsdt + kHeaderSize + 4 * i, 4, entries[i]);

  std::vector<uint8_t> xsdt = header("XSDT", 1);
  xsdt.resize(kHeaderSize + 8 * n, 0);
  out.xsdt = b.add(xsdt, 8);
  for (uint32_t i = 0; i < n; ++i) b.pointer(false, out.xsdt + kHeaderSize + 8 * i, 8, entries[i]);

  // RSDP 2.0 (§5.2.5.3): checksum over the first 20 bytes, extended checksum over all 36.
  out.rsdp.assign(kRsdpSize, 0);
  put_str(out.rsdp, 0, "RSD PTR ", 8);
  put_str(out.rsdp, 9, kOemId, 6);
  out.rsdp[15] = 2;
  put(out.rsdp, 20, kRsdpSize, 4);
  b.pointer(true, 16, 4, out.rsdt);
  b.pointer(true, 24, 8, out.xsdt);
  out.checksums.push_back({true, 8, 0, 20});
  out.checksums.push_back({true, 32, 0, kRsdpSize});
  return b.finish();
}

std::vector<uint8_t> build_table_loader(const AcpiBlobs& blobs) {
  // romfile_loader_entry_s (SeaBIOS src/fw/romfile_loader.h): u32 command + 124-byte union.
  constexpr size_t kEntrySize = 128, kFileNameSize = 56;
  constexpr uint32_t kAllocate = 1, kAddPointer = 2, kAddChecksum = 3;
  constexpr uint8_t kZoneHigh = 1, kZoneFseg = 2;
  std::vector<uint8_t> out;
  auto entry = [&](uint32_t command) -> size_t {
    const size_t at = out.size();
    out.resize(at + kEntrySize, 0);
    put(out, at, command, 4);
    return at;
  };
  auto file = [&](size_t at, const char* name) { std::memcpy(&out[at], name, std::min(std::strlen(name), kFileNameSize - 1)); };
  size_t at = entry(kAllocate);
  file(at + 4, kFwCfgAcpiTablesFile);
  put(out, at + 60, kAcpiTablesAlign, 4);
  out[at + 64] = kZoneHigh;
  at = entry(kAllocate);
  file(at + 4, kFwCfgAcpiRsdpFile);
  put(out, at + 60, 16, 4);
  out[at + 64] = kZoneFseg;
  for (const auto& p : blobs.pointers) {
    at = entry(kAddPointer);
    file(at + 4, p.in_rsdp ? kFwCfgAcpiRsdpFile : kFwCfgAcpiTablesFile);
    file(at + 60, kFwCfgAcpiTablesFile);
    put(out, at + 116, p.offset, 4);
    out[at + 120] = p.size;
  }
  for (const auto& c : blobs.checksums) {
    at = entry(kAddChecksum);
    file(at + 4, c.in_rsdp ? kFwCfgAcpiRsdpFile : kFwCfgAcpiTablesFile);
    put(out, at + 60, c.offset, 4);
    put(out, at + 64, c.start, 4);
    put(out, at + 68, c.length, 4);
  }
  return out;
}

}  // namespace tshyve::arch::x86_64
