// Bootrom code image below 4 GiB plus the low 128 KiB alias (copied into low RAM at 0xE0000, where
// legacy firmware expects a writable shadow); the layout of the vars flash below it.
#include "arch/x86_64/bootrom.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>

#include "arch/x86_64/boot_entry.h"
#include "arch/x86_64/layout.h"

namespace tshyve::arch::x86_64 {

bool bootrom_size_valid(uint64_t size) { return size > 0 && size % kBootromGranule == 0 && size <= kBootromMaxSize; }

BootromLayout bootrom_layout(uint64_t code_size, uint64_t vars_size) {
  if (!bootrom_size_valid(code_size)) throw BootError("bootrom size must be a non-zero multiple of 4 KiB up to 16 MiB");
  if (vars_size % kFlashBlockSize != 0 || vars_size > kBootromMaxSize - code_size)
    throw BootError("bootrom vars size must be a multiple of 4 KiB and fit in 16 MiB with the ROM");
  BootromLayout l;
  l.code_size = code_size;
  l.code_base = kFourGiB - code_size;
  l.vars_size = vars_size;
  l.vars_base = l.code_base - vars_size;
  return l;
}

void map_bootrom(vmm::KvmVm& vm, vmm::GuestMemory& mem, const std::vector<uint8_t>& rom, const BootromLayout& layout,
                 bool readonly_supported) {
  const uint64_t size = rom.size();
  if (size != layout.code_size) throw BootError("bootrom size changed while it was read");
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw vmm::KvmError("mmap bootrom", errno);
  std::memcpy(p, rom.data(), size);
  mem.add_owned(layout.code_base, size, static_cast<uint8_t*>(p), size, /*dma_read_only=*/true);
  vm.set_user_memory_region(kSlotBootrom, layout.code_base, size, p, readonly_supported);

  // Legacy alias: the last 128 KiB (or the whole image if smaller) ends at 1 MiB.
  uint64_t alias = std::min(size, kBootromLowAlias);
  if (!mem.write(kHighMemStart - alias, static_cast<uint8_t*>(p) + size - alias, alias))
    throw BootError("low RAM too small for the bootrom alias");
}

}  // namespace tshyve::arch::x86_64
