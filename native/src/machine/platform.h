// The PC platform around the vCPUs: CMOS/RTC, PCI host bridge (CF8/CFC + ECAM) and LPC bridge,
// ACPI tables and PM registers, fw_cfg (QEMU docs/specs/fw_cfg.rst). Built once per VM.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "arch/x86_64/e820.h"
#include "vmm/device_placement.h"
#include "vmm/guest_memory_view.h"
#include "vmm/interrupt_line.h"

namespace tshyve::arch::x86_64 {
class FwCfg;
}
namespace tshyve::devices {
class PciRoot;
}

namespace tshyve::machine {

// Fixed platform addresses (QEMU q35 values, which SeaBIOS hard-codes: src/fw/dev-q35.h,
// src/fw/paravirt.c). Low RAM must end at or below kPlatformEcamBase.
constexpr uint64_t kPlatformEcamBase = 0xb0000000;
constexpr uint64_t kPlatformEcamSize = 256ull << 20;  // buses 0-255
constexpr uint64_t kPlatformPciMmio32Base = 0xc0000000;
constexpr uint64_t kPlatformPciMmio32End = 0xfec00000;  // IOAPIC above
constexpr uint16_t kPlatformPmBase = 0x600;             // SeaBIOS acpi_pm_base with etc/table-loader
constexpr uint64_t kPlatformAcpiRsdp = 0xe0000;         // direct boot: RSDP, then the tables
constexpr uint64_t kPlatformAcpiTables = 0xe0040;

struct PlatformConfig {
  uint32_t vcpus = 1;
  uint32_t sockets = 1, cores = 1, threads = 1;
  uint64_t low_ram_bytes = 0;   // RAM below the 32-bit PCI hole
  uint64_t high_ram_bytes = 0;  // RAM from 4 GiB up
  bool rtc_utc = true;
  bool acpi = true;
  std::vector<uint8_t> enabled_com_ports;  // 1..4, for the DSDT
  std::vector<std::string> boot_order;     // fw_cfg "bootorder" lines
  // Added by the platform: write the ACPI tables into the BIOS area (0xE0000) for direct
  // Linux/PVH boot. Set false for bootrom boot (SeaBIOS lives there and installs the tables
  // itself from fw_cfg); the tables are also never written over non-zero memory.
  bool acpi_in_guest_memory = true;
  // The HPET's ACPI table (the VM places the device itself, devices/timer/hpet.h).
  bool hpet = false;
  // Injected clocks (tests); empty = the host's CLOCK_REALTIME seconds / CLOCK_MONOTONIC ns.
  std::function<int64_t()> wall_clock_seconds;
  std::function<uint64_t()> monotonic_ns;
};

// Events the platform reports to the VM (vCPU thread context).
struct PlatformEvents {
  std::function<void()> poweroff;  // ACPI SLP_TYP S5
  std::function<void()> reset;     // ACPI reset register, CF9
};

struct Platform {
  std::vector<vmm::DevicePlacement> devices;
  std::vector<arch::x86_64::E820Entry> e820;
  uint64_t rsdp_gpa = 0;  // where the ACPI tables were written (for Linux boot_params / PVH)
  // Presses the ACPI power button (any thread): raises PWRBTN_STS and the SCI if enabled.
  std::function<void()> press_power_button;
  // Added by the platform: where virtio-pci functions register (PciRoot::add_function, setup
  // only) and where option ROMs/kernel blobs can be added (FwCfg::add_file).
  std::shared_ptr<devices::PciRoot> pci;
  std::shared_ptr<arch::x86_64::FwCfg> fw_cfg;
  // PCI MMIO windows the DSDT declares, for BAR placement in direct boot (end exclusive).
  uint64_t pci_mmio32_base = 0, pci_mmio32_end = 0;
  uint64_t pci_mmio64_base = 0, pci_mmio64_size = 0;
};

// irq(n) returns the line for ISA IRQ n (the SCI is IRQ 9).
Platform build_platform(const PlatformConfig& config, vmm::GuestMemoryView& memory,
                        const std::function<std::shared_ptr<vmm::InterruptLine>(uint32_t)>& irq, const PlatformEvents& events);

// The e820 map the platform reports to direct-boot kernels: RAM [0, 0x9FC00), reserved
// [0x9FC00, 1 MiB), RAM [1 MiB, low end), ECAM reserved, RAM from 4 GiB.
std::vector<arch::x86_64::E820Entry> platform_e820(uint64_t low_ram_bytes, uint64_t high_ram_bytes);
// The etc/e820 fw_cfg file for SeaBIOS (QEMU style: RAM entries only, low RAM from 0).
std::vector<arch::x86_64::E820Entry> firmware_e820(uint64_t low_ram_bytes, uint64_t high_ram_bytes);

}  // namespace tshyve::machine
