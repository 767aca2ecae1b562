// Loading a Linux kernel: bzImage through the x86 boot protocol (Documentation/arch/x86/boot.rst,
// zero page per arch/x86/include/uapi/asm/bootparam.h) or an ELF vmlinux through its PVH entry note.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "arch/x86_64/boot_entry.h"
#include "arch/x86_64/e820.h"
#include "vmm/guest_memory_view.h"

namespace tshyve::arch::x86_64 {

enum class KernelFormat { kBzImage, kElf, kUnknown };

KernelFormat detect_kernel_format(const std::vector<uint8_t>& image);

struct LinuxBootInputs {
  const std::vector<uint8_t>* kernel = nullptr;
  const std::vector<uint8_t>* initrd = nullptr;  // may be null or empty
  std::string cmdline;
  std::vector<E820Entry> e820;
  uint64_t rsdp_gpa = 0;
};

// Highest address an initrd may end at: the end of the e820 RAM range that contains 1 MiB,
// limited by `limit` (exclusive).
uint64_t initrd_ceiling(const std::vector<E820Entry>& e820, uint64_t limit);

// bzImage: copies the setup header into a zero page at kZeroPage, loads the protected-mode kernel
// at 1 MiB, places cmdline and initrd; 64-bit entry at load address + 0x200. Throws BootError.
BootEntry load_bzimage(vmm::GuestMemoryView& mem, const LinuxBootInputs& in);

// ELF vmlinux with a XEN_ELFNOTE_PHYS32_ENTRY note: loads PT_LOAD segments at p_paddr and writes
// hvm_start_info (version 1, with memmap). Throws BootError.
BootEntry load_pvh_elf(vmm::GuestMemoryView& mem, const LinuxBootInputs& in);

}  // namespace tshyve::arch::x86_64
