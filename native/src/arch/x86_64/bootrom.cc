// Bootrom mapping below 4 GiB plus the low 128 KiB alias (copied into low RAM at 0xE0000, where
// legacy firmware expects a writable shadow) and the optional vars file.
#include "arch/x86_64/bootrom.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "arch/x86_64/boot_entry.h"
#include "arch/x86_64/layout.h"
#include "vmm/checked_open.h"
#include "vmm/unique_fd.h"

namespace tshyve::arch::x86_64 {

namespace {
constexpr uint64_t kRomGranule = 64 * kKiB;
}

bool bootrom_size_valid(uint64_t size) { return size > 0 && size % kRomGranule == 0 && size <= kBootromMaxSize; }

void map_bootrom(vmm::KvmVm& vm, vmm::GuestMemory& mem, const std::vector<uint8_t>& rom, const std::string& vars_path,
                 bool readonly_supported) {
  if (!bootrom_size_valid(rom.size())) throw BootError("bootrom size must be a non-zero multiple of 64 KiB up to 16 MiB");
  const uint64_t size = rom.size();
  const uint64_t base = kFourGiB - size;
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw vmm::KvmError("mmap bootrom", errno);
  std::memcpy(p, rom.data(), size);
  mem.add_owned(base, size, static_cast<uint8_t*>(p), size, /*dma_read_only=*/true);
  vm.set_user_memory_region(kSlotBootrom, base, size, p, readonly_supported);

  // Legacy alias: the last 128 KiB (or the whole image if smaller) ends at 1 MiB.
  uint64_t alias = std::min(size, kBootromLowAlias);
  if (!mem.write(kHighMemStart - alias, static_cast<uint8_t*>(p) + size - alias, alias))
    throw BootError("low RAM too small for the bootrom alias");

  if (!vars_path.empty()) {
    vmm::UniqueFd fd;
    try {
      fd = vmm::open_checked(vars_path, O_RDWR, "bootrom vars", false);
    } catch (const vmm::CheckedOpenError& e) {
      throw BootError(e.what());
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw vmm::KvmError("stat bootrom vars", errno);
    uint64_t vsize = static_cast<uint64_t>(st.st_size);
    if (vsize == 0 || vsize % 4096 != 0 || vsize + size > kBootromMaxSize)
      throw BootError("bootrom vars size must be page-aligned and fit in 16 MiB with the ROM");
    void* v = ::mmap(nullptr, vsize, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
    if (v == MAP_FAILED) throw vmm::KvmError("mmap bootrom vars", errno);
    mem.add_owned(base - vsize, vsize, static_cast<uint8_t*>(v), vsize, /*dma_read_only=*/true);
    vm.set_user_memory_region(kSlotBootvars, base - vsize, vsize, v, false);
  }
}

}  // namespace tshyve::arch::x86_64
