// The PC e820 memory map for the tshyve layout (ACPI spec "System Address Map Interfaces"):
// conventional RAM, the EBDA/BIOS reservations, RAM from 1 MiB to the PCI hole, RAM above 4 GiB.
#pragma once
#include <cstdint>
#include <vector>

namespace tshyve::arch::x86_64 {

struct E820Entry {
  uint64_t addr;
  uint64_t size;
  uint32_t type;  // 1 RAM, 2 reserved, 3 ACPI reclaimable
};

constexpr uint32_t kE820Ram = 1, kE820Reserved = 2, kE820Acpi = 3;

std::vector<E820Entry> default_e820(uint64_t low_ram_bytes, uint64_t high_ram_bytes);

}  // namespace tshyve::arch::x86_64
