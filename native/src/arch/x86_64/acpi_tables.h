// ACPI tables for the PC platform (ACPI 6.5 §5.2): RSDP 2.0, RSDT, XSDT, FADT (rev 6) with FACS,
// MADT, MCFG (PCI Firmware 3.2 §4.1.2), HPET (IA-PC HPET 1.0a §3.2.4) and a hand-assembled DSDT; plus QEMU's BIOS linker/loader
// script (etc/table-loader, the format SeaBIOS src/fw/romfile_loader.h reads).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tshyve::arch::x86_64 {

struct AcpiConfig {
  std::vector<uint32_t> apic_ids;  // one per vCPU, MADT order
  uint16_t pm_base = 0x600;        // PM1a_EVT at +0, PM1a_CNT at +4, PM_TMR at +8, GPE0 at +0x20
  uint16_t reset_port = 0xcf9;
  uint8_t reset_value = 0x06;
  uint8_t sci_irq = 9;
  uint8_t rtc_century_index = 0x32;
  uint64_t ioapic_address = 0xfec00000;
  uint32_t ioapic_gsi_base = 0;
  uint8_t ioapic_id = 0;  // IOAPIC ID 0 as QEMU and Linux' defaults expect with few CPUs
  uint64_t ecam_base = 0xb0000000;
  uint8_t ecam_last_bus = 255;
  std::vector<uint8_t> com_ports;  // 1..4
  // PCI host bridge windows for the DSDT _CRS (end exclusive; 64-bit window omitted if size 0).
  uint64_t pci_mmio32_base = 0xc0000000, pci_mmio32_end = 0xfec00000;
  uint64_t pci_mmio64_base = 0, pci_mmio64_size = 0;
  // HPET description table (IA-PC HPET 1.0a §3.2.4): emitted when hpet_address is non-zero;
  // hpet_block_id is the low dword of the timer block's GCAP_ID register.
  uint64_t hpet_address = 0;
  uint32_t hpet_block_id = 0;
};

// Both blobs as SeaBIOS receives them: pointer fields in `tables` and `rsdp` hold offsets into
// `tables` plus `tables_base` (0 for fw_cfg, where the loader adds the allocated address).
struct AcpiBlobs {
  struct Pointer {
    bool in_rsdp;     // the field lives in the RSDP blob (else in the tables blob)
    uint32_t offset;  // of the pointer field in its blob
    uint8_t size;     // 4 or 8
  };
  struct Checksum {
    bool in_rsdp;
    uint32_t offset;  // of the checksum byte
    uint32_t start, length;
  };
  std::vector<uint8_t> rsdp;
  std::vector<uint8_t> tables;
  std::vector<Pointer> pointers;
  std::vector<Checksum> checksums;
  // Offsets of each table inside `tables`, for tests and logs.
  uint32_t facs = 0, dsdt = 0, fadt = 0, madt = 0, mcfg = 0, rsdt = 0, xsdt = 0, hpet = 0;
};

constexpr uint32_t kAcpiTablesAlign = 64;  // FACS must be 64-byte aligned (ACPI 6.5 §5.2.10)

// Builds every table with pointers relative to `tables_base` (the guest address where `tables`
// will be placed; must be 64-byte aligned and below 4 GiB) and checksums valid for that base.
AcpiBlobs build_acpi_tables(const AcpiConfig& config, uint64_t tables_base);

// The DSDT alone (exposed for tests).
std::vector<uint8_t> build_dsdt(const AcpiConfig& config);

// etc/table-loader: ALLOCATE etc/acpi/tables (HIGH, align 64) and etc/acpi/rsdp (FSEG, align 16),
// ADD_POINTER for each pointer, ADD_CHECKSUM for each checksum. Blobs built with tables_base 0.
std::vector<uint8_t> build_table_loader(const AcpiBlobs& blobs);

constexpr const char* kFwCfgAcpiTablesFile = "etc/acpi/tables";
constexpr const char* kFwCfgAcpiRsdpFile = "etc/acpi/rsdp";
constexpr const char* kFwCfgTableLoaderFile = "etc/table-loader";

uint8_t acpi_checksum(const uint8_t* data, size_t length);  // byte that makes the sum zero

}  // namespace tshyve::arch::x86_64
