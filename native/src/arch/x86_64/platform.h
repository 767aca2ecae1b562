// The PC platform around the vCPUs: CMOS/RTC, PCI host bridge (CF8/CFC + ECAM) and LPC bridge,
// ACPI tables and PM registers, fw_cfg (QEMU docs/specs/fw_cfg.rst). Built once per VM.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "vmm/device_placement.h"
#include "vmm/guest_memory_view.h"
#include "vmm/interrupt_line.h"

namespace tshyve::arch::x86_64 {

struct E820Entry {
  uint64_t addr;
  uint64_t size;
  uint32_t type;  // 1 RAM, 2 reserved, 3 ACPI reclaimable
};

struct PlatformConfig {
  uint32_t vcpus = 1;
  uint32_t sockets = 1, cores = 1, threads = 1;
  uint64_t low_ram_bytes = 0;   // RAM below the 32-bit PCI hole
  uint64_t high_ram_bytes = 0;  // RAM from 4 GiB up
  bool rtc_utc = true;
  bool acpi = true;
  std::vector<uint8_t> enabled_com_ports;  // 1..4, for the DSDT
  std::vector<std::string> boot_order;     // fw_cfg "bootorder" lines
};

// Events the platform reports to the VM (vCPU thread context).
struct PlatformEvents {
  std::function<void()> poweroff;  // ACPI SLP_TYP S5
  std::function<void()> reset;     // ACPI reset register, CF9
};

struct Platform {
  std::vector<vmm::DevicePlacement> devices;
  std::vector<E820Entry> e820;
  uint64_t rsdp_gpa = 0;  // where the ACPI tables were written (for Linux boot_params / PVH)
  // Presses the ACPI power button (any thread): raises PWRBTN_STS and the SCI if enabled.
  std::function<void()> press_power_button;
};

// irq(n) returns the line for ISA IRQ n (the SCI is IRQ 9).
Platform build_platform(const PlatformConfig& config, vmm::GuestMemoryView& memory,
                        const std::function<std::shared_ptr<vmm::InterruptLine>(uint32_t)>& irq,
                        const PlatformEvents& events);

}  // namespace tshyve::arch::x86_64
