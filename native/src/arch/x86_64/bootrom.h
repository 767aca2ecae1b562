// A bootrom (bhyve -l bootrom,romfile[,varsfile]): the firmware image mapped read-only so it ends at
// 4 GiB (reset vector 0xFFFFFFF0), its last 128 KiB also at 0xE0000 (legacy BIOS area, as RAM),
// and an optional variables file mapped writable (shared with the file) just below the image.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "vmm/guest_memory.h"
#include "vmm/kvm.h"

namespace tshyve::arch::x86_64 {

// Throws BootError on a bad size (not a multiple of 64 KiB, empty, > 16 MiB) or I/O errors.
void map_bootrom(vmm::KvmVm& vm, vmm::GuestMemory& mem, const std::vector<uint8_t>& rom, const std::string& vars_path,
                 bool readonly_supported);

bool bootrom_size_valid(uint64_t size);

}  // namespace tshyve::arch::x86_64
