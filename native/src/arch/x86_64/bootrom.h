// A bootrom (bhyve -l bootrom,romfile[,varsfile]) at the top of 4 GiB, as OVMF expects it from
// QEMU's two pflash devices: the code image read-only so it ends at 4 GiB (reset vector
// 0xFFFFFFF0), its last 128 KiB also at 0xE0000 (legacy BIOS area, as RAM), and the optional
// variables file as CFI flash (devices/flash/cfi_flash.h) right below the code image:
//
//   [4 GiB - code - vars, 4 GiB - code)   vars: per-VM copy of the template, CFI flash, 4 KiB blocks
//   [4 GiB - code, 4 GiB)                 code: read-only memory slot, never written
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "vmm/guest_memory.h"
#include "vmm/kvm.h"

namespace tshyve::arch::x86_64 {

constexpr uint64_t kBootromGranule = 4096;  // code and vars sizes (OVMF_CODE_4M.fd is 0x37c000 bytes)
constexpr uint64_t kFlashBlockSize = 4096;  // erase block of the vars flash (as QEMU's x86 pflash)

struct BootromLayout {
  uint64_t code_base = 0, code_size = 0;
  uint64_t vars_base = 0, vars_size = 0;  // vars_size 0: no variables store
};

// Throws BootError unless both sizes are multiples of 4 KiB, the code image is not empty and both
// fit in 16 MiB together.
BootromLayout bootrom_layout(uint64_t code_size, uint64_t vars_size);

// Maps the code image read-only at layout.code_base (a copy: the file is never written) and its
// low alias. Throws BootError on I/O errors.
void map_bootrom(vmm::KvmVm& vm, vmm::GuestMemory& mem, const std::vector<uint8_t>& rom, const BootromLayout& layout,
                 bool readonly_supported);

bool bootrom_size_valid(uint64_t size);

}  // namespace tshyve::arch::x86_64
