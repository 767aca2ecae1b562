// Builds the Q35-like PC platform (QEMU q35 layout as SeaBIOS expects it): CMOS/RTC, ACPI PM
// block and CF9 reset, PCI root (CF8/CFC + ECAM) with host and LPC bridges, fw_cfg, ACPI tables, e820.
#include "machine/platform.h"

#include <algorithm>
#include <chrono>

#include "arch/x86_64/acpi_tables.h"
#include "arch/x86_64/cpuid.h"
#include "arch/x86_64/e820.h"
#include "arch/x86_64/fw_cfg.h"
#include "arch/x86_64/layout.h"
#include "devices/legacy/acpi_pm.h"
#include "devices/legacy/cmos_rtc.h"
#include "devices/pci/host_bridge.h"
#include "devices/pci/lpc_bridge.h"
#include "devices/pci/pci_root.h"
#include "devices/timer/hpet.h"

namespace tshyve::machine {

using namespace tshyve::arch::x86_64;  // the floors this assembly builds on
using namespace tshyve::vmm;           // the floors this assembly builds on

namespace {
constexpr uint64_t kCmosPort = 0x70, kCmosLength = 2;
constexpr uint64_t kPciConfigPort = 0xcf8, kPciConfigLength = 8;  // includes the CF9 reset register
constexpr uint8_t kSciIrq = 9;                                    // ICH9 ACPI_CNTL SCI_IRQ_SEL 000b
constexpr uint64_t kPciMmio64Align = kGiB;                        // 64-bit window starts on a 1 GiB boundary above RAM
constexpr uint64_t kPciMmio64Size = 32 * kGiB;                    // as QEMU's default pci-hole64-size

std::vector<uint8_t> e820_bytes(const std::vector<E820Entry>& map) {
  // etc/e820: packed { u64 address; u64 length; u32 type; } little-endian (QEMU hw/i386/e820_memory_layout.h).
  std::vector<uint8_t> out;
  for (const auto& e : map) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(e.addr >> (8 * i)));
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(e.size >> (8 * i)));
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(e.type >> (8 * i)));
  }
  return out;
}

bool region_is_zero(vmm::GuestMemoryView& memory, uint64_t gpa, uint64_t len) {
  const uint8_t* p = memory.translate(gpa, len);
  if (!p) return false;
  return std::all_of(p, p + len, [](uint8_t b) { return b == 0; });
}
}  // namespace

std::vector<E820Entry> platform_e820(uint64_t low_ram_bytes, uint64_t high_ram_bytes) {
  const uint64_t low = std::min(low_ram_bytes, kPlatformEcamBase);
  std::vector<E820Entry> m;
  if (low) m.push_back({0, std::min(low, kEbdaStart), kE820Ram});
  // EBDA, VGA window, option ROMs and BIOS area (the ACPI tables live at 0xE0000).
  m.push_back({kEbdaStart, kHighMemStart - kEbdaStart, kE820Reserved});
  if (low > kHighMemStart) m.push_back({kHighMemStart, low - kHighMemStart, kE820Ram});
  m.push_back({kPlatformEcamBase, kPlatformEcamSize, kE820Reserved});
  if (high_ram_bytes) m.push_back({kFourGiB, high_ram_bytes, kE820Ram});
  return m;
}

// What QEMU hands SeaBIOS in etc/e820: RAM only, low RAM from 0; SeaBIOS adds its own
// reservations (EBDA, BIOS, ECAM via PCIEXBAR, RCBA).
std::vector<E820Entry> firmware_e820(uint64_t low_ram_bytes, uint64_t high_ram_bytes) {
  std::vector<E820Entry> m;
  const uint64_t low = std::min(low_ram_bytes, kPlatformEcamBase);
  if (low) m.push_back({0, low, kE820Ram});
  if (high_ram_bytes) m.push_back({kFourGiB, high_ram_bytes, kE820Ram});
  return m;
}

Platform build_platform(const PlatformConfig& config, vmm::GuestMemoryView& memory,
                        const std::function<std::shared_ptr<vmm::InterruptLine>(uint32_t)>& irq, const PlatformEvents& events) {
  using vmm::BusKind;
  Platform p;
  const uint32_t vcpus = std::max<uint32_t>(config.vcpus, 1);
  std::function<int64_t()> wall = config.wall_clock_seconds;
  if (!wall)
    wall = [] {
      return static_cast<int64_t>(
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    };
  std::function<uint64_t()> mono = config.monotonic_ns;
  if (!mono)
    mono = [] {
      return static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
    };

  // CMOS / RTC.
  devices::CmosConfig cmos_config;
  cmos_config.low_ram_bytes = std::min(config.low_ram_bytes, kPlatformEcamBase);
  cmos_config.high_ram_bytes = config.high_ram_bytes;
  cmos_config.vcpus = vcpus;
  cmos_config.utc = config.rtc_utc;
  p.devices.push_back({BusKind::kPio, kCmosPort, kCmosLength, std::make_shared<devices::CmosRtc>(cmos_config, wall), "cmos"});

  // ACPI PM block and the reset register.
  auto pm = std::make_shared<devices::AcpiPm>(irq ? irq(kSciIrq) : nullptr, mono, events.poweroff);
  p.devices.push_back({BusKind::kPio, kPlatformPmBase, devices::kPmBlockLength, pm, "acpi-pm"});
  p.press_power_button = [pm] { pm->press_power_button(); };
  auto reset = std::make_shared<devices::ResetControl>(events.reset);

  // PCI: host bridge 00:00.0, LPC 00:1f.0; CF8/CFC (with CF9) and ECAM.
  auto pci = std::make_shared<devices::PciRoot>();
  pci->add_function(0, 0, std::make_shared<devices::HostBridge>());
  pci->add_function(devices::kLpcSlot, 0, std::make_shared<devices::LpcBridge>(kPlatformPmBase));
  p.devices.push_back({BusKind::kPio, kPciConfigPort, kPciConfigLength, pci->io_device(reset), "pci-cf8"});
  p.devices.push_back({BusKind::kMmio, kPlatformEcamBase, kPlatformEcamSize, pci->ecam_device(), "pci-ecam"});
  p.pci = pci;

  p.e820 = platform_e820(config.low_ram_bytes, config.high_ram_bytes);
  p.pci_mmio32_base = kPlatformPciMmio32Base;
  p.pci_mmio32_end = kPlatformPciMmio32End;
  p.pci_mmio64_base = (kFourGiB + config.high_ram_bytes + kPciMmio64Align - 1) & ~(kPciMmio64Align - 1);
  p.pci_mmio64_size = kPciMmio64Size;

  // fw_cfg.
  auto fw = std::make_shared<FwCfg>(memory);
  fw->set_u64(fw_cfg_key::kRamSize, std::min(config.low_ram_bytes, kPlatformEcamBase) + config.high_ram_bytes);
  fw->set_u16(fw_cfg_key::kNbCpus, static_cast<uint16_t>(vcpus));
  fw->set_u16(fw_cfg_key::kMaxCpus, static_cast<uint16_t>(vcpus));
  fw->set_u16(fw_cfg_key::kBootMenu, 0);
  fw->set_u32(fw_cfg_key::kIrq0Override, 1);
  // No display: SeaBIOS then mirrors its console on COM1 (paravirt.c "etc/sercon-port").
  const bool has_com1 = std::find(config.enabled_com_ports.begin(), config.enabled_com_ports.end(), 1) != config.enabled_com_ports.end();
  fw->set_u16(fw_cfg_key::kNoGraphic, has_com1 ? 1 : 0);
  fw->add_file("etc/e820", e820_bytes(firmware_e820(config.low_ram_bytes, config.high_ram_bytes)));
  if (!config.boot_order.empty()) {
    std::vector<uint8_t> order;
    for (size_t i = 0; i < config.boot_order.size(); ++i) {
      if (i) order.push_back('\n');
      order.insert(order.end(), config.boot_order[i].begin(), config.boot_order[i].end());
    }
    order.push_back('\0');
    fw->add_file("bootorder", std::move(order));
  }
  p.devices.push_back({BusKind::kPio, kFwCfgIoBase, kFwCfgIoLength, fw->io_device(), "fw_cfg"});
  p.devices.push_back({BusKind::kPio, kFwCfgDmaBase, kFwCfgDmaLength, fw->dma_device(), "fw_cfg-dma"});
  p.fw_cfg = fw;

  if (config.acpi) {
    AcpiConfig acpi;
    const CpuTopology topo{std::max<uint32_t>(config.sockets, 1), std::max<uint32_t>(config.cores, 1),
                           std::max<uint32_t>(config.threads, 1)};
    for (uint32_t i = 0; i < vcpus; ++i) acpi.apic_ids.push_back(apic_id_for(i, topo));
    acpi.pm_base = kPlatformPmBase;
    acpi.reset_port = static_cast<uint16_t>(kPciConfigPort + 1);
    acpi.reset_value = devices::kResetControlValue;
    acpi.sci_irq = kSciIrq;
    acpi.rtc_century_index = devices::cmos::kCentury;
    acpi.ioapic_address = kIoapicBase;
    acpi.ecam_base = kPlatformEcamBase;
    acpi.ecam_last_bus = static_cast<uint8_t>(kPlatformEcamSize / (1u << 20) - 1);
    acpi.com_ports = config.enabled_com_ports;
    acpi.pci_mmio32_base = p.pci_mmio32_base;
    acpi.pci_mmio32_end = p.pci_mmio32_end;
    acpi.pci_mmio64_base = p.pci_mmio64_base;
    acpi.pci_mmio64_size = p.pci_mmio64_size;
    if (config.hpet) {
      acpi.hpet_address = devices::hpet::kBase;
      acpi.hpet_block_id = static_cast<uint32_t>(devices::hpet::kCapabilities);
    }

    // For SeaBIOS: relocatable blobs plus the linker/loader script.
    AcpiBlobs relocatable = build_acpi_tables(acpi, 0);
    fw->add_file(kFwCfgTableLoaderFile, build_table_loader(relocatable));
    fw->add_file(kFwCfgAcpiTablesFile, relocatable.tables);
    fw->add_file(kFwCfgAcpiRsdpFile, relocatable.rsdp);

    // For direct Linux/PVH boot: fixed copies in the reserved BIOS area, only if that area is
    // untouched (a bootrom's low alias lives there).
    if (config.acpi_in_guest_memory) {
      AcpiBlobs placed = build_acpi_tables(acpi, kPlatformAcpiTables);
      const uint64_t end = kPlatformAcpiTables + placed.tables.size();
      if (end <= kHighMemStart && region_is_zero(memory, kBiosAreaStart, kHighMemStart - kBiosAreaStart) &&
          memory.write(kPlatformAcpiRsdp, placed.rsdp.data(), placed.rsdp.size()) &&
          memory.write(kPlatformAcpiTables, placed.tables.data(), placed.tables.size())) {
        p.rsdp_gpa = kPlatformAcpiRsdp;
      }
    }
  }
  return p;
}

}  // namespace tshyve::machine
