// PVH boot of an ELF vmlinux: the XEN_ELFNOTE_PHYS32_ENTRY (18) note in a "Xen" ELF note gives the
// 32-bit entry; hvm_start_info layout from Xen include/public/arch-x86/hvm/start_info.h.
#include <cstring>

#include "arch/x86_64/layout.h"
#include "arch/x86_64/linux_boot.h"

namespace tshyve::arch::x86_64 {

namespace {
constexpr uint32_t kXenElfnotePhys32Entry = 18;
constexpr uint32_t kHvmStartMagic = 0x336ec578;
constexpr uint32_t kPtLoad = 1, kPtNote = 4;
constexpr uint16_t kEmX86_64 = 62;
constexpr uint64_t kModlist = 0x6080;
constexpr size_t kMemmapMax = 64;

#pragma pack(push, 1)
struct Elf64Ehdr {
  uint8_t ident[16];
  uint16_t type, machine;
  uint32_t version;
  uint64_t entry, phoff, shoff;
  uint32_t flags;
  uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct Elf64Phdr {
  uint32_t type, flags;
  uint64_t offset, vaddr, paddr, filesz, memsz, align;
};
struct HvmStartInfo {
  uint32_t magic, version, flags, nr_modules;
  uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
  uint32_t memmap_entries, reserved;
};
struct HvmModlistEntry {
  uint64_t paddr, size, cmdline_paddr, reserved;
};
struct HvmMemmapEntry {
  uint64_t addr, size;
  uint32_t type, reserved;
};
#pragma pack(pop)
static_assert(sizeof(HvmStartInfo) == 56 && sizeof(HvmMemmapEntry) == 24);

bool in_file(const std::vector<uint8_t>& f, uint64_t off, uint64_t len) { return off <= f.size() && len <= f.size() - off; }
}  // namespace

BootEntry load_pvh_elf(vmm::GuestMemoryView& mem, const LinuxBootInputs& in) {
  const auto& f = *in.kernel;
  Elf64Ehdr eh;
  if (!in_file(f, 0, sizeof eh)) throw BootError("ELF file truncated");
  std::memcpy(&eh, f.data(), sizeof eh);
  if (std::memcmp(eh.ident,
                  "\x7f"
                  "ELF",
                  4) != 0 ||
      eh.ident[4] != 2)
    throw BootError("not a 64-bit ELF file");
  if (eh.machine != kEmX86_64) throw BootError("ELF file is not for x86-64");
  if (eh.phentsize != sizeof(Elf64Phdr) || !in_file(f, eh.phoff, uint64_t(eh.phnum) * sizeof(Elf64Phdr)))
    throw BootError("ELF program headers out of bounds");

  uint64_t entry = 0, kernel_end = 0;
  for (uint16_t i = 0; i < eh.phnum; ++i) {
    Elf64Phdr ph;
    std::memcpy(&ph, f.data() + eh.phoff + i * sizeof ph, sizeof ph);
    if (ph.type == kPtLoad) {
      if (!in_file(f, ph.offset, ph.filesz) || ph.memsz < ph.filesz) throw BootError("ELF segment out of bounds");
      uint8_t* dst = mem.translate(ph.paddr, ph.memsz);
      if (!dst) throw BootError("ELF segment does not fit in guest RAM");
      std::memcpy(dst, f.data() + ph.offset, ph.filesz);
      std::memset(dst + ph.filesz, 0, ph.memsz - ph.filesz);
      kernel_end = std::max(kernel_end, ph.paddr + ph.memsz);
    } else if (ph.type == kPtNote) {
      if (!in_file(f, ph.offset, ph.filesz)) throw BootError("ELF note out of bounds");
      uint64_t p = ph.offset, end = ph.offset + ph.filesz;
      while (p + 12 <= end) {
        uint32_t namesz, descsz, type;
        std::memcpy(&namesz, &f[p], 4);
        std::memcpy(&descsz, &f[p + 4], 4);
        std::memcpy(&type, &f[p + 8], 4);
        uint64_t name = p + 12, desc = name + ((uint64_t(namesz) + 3) & ~3ull);
        uint64_t next = desc + ((uint64_t(descsz) + 3) & ~3ull);
        if (next > end) break;
        if (type == kXenElfnotePhys32Entry && namesz == 4 && std::memcmp(&f[name], "Xen", 4) == 0 && descsz >= 4) {
          uint32_t e32;
          std::memcpy(&e32, &f[desc], 4);
          entry = e32;
        }
        p = next;
      }
    }
  }
  if (entry == 0) throw BootError("ELF kernel has no PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY); build with CONFIG_PVH=y");

  if (in.cmdline.size() >= kCmdlineMax) throw BootError("kernel command line too long");
  if (!mem.write(kCmdline, in.cmdline.c_str(), in.cmdline.size() + 1)) throw BootError("command line does not fit");

  HvmStartInfo si{};
  si.magic = kHvmStartMagic;
  si.version = 1;
  si.cmdline_paddr = kCmdline;
  si.rsdp_paddr = in.rsdp_gpa;
  if (in.initrd && !in.initrd->empty()) {
    uint64_t size = in.initrd->size();
    uint64_t ceiling = initrd_ceiling(in.e820, kPciHoleStart);
    if (ceiling < size || ((ceiling - size) & ~0xfffull) < kernel_end) throw BootError("initrd does not fit in low RAM");
    uint64_t addr = (ceiling - size) & ~0xfffull;
    if (!mem.write(addr, in.initrd->data(), size)) throw BootError("initrd does not fit");
    HvmModlistEntry m{addr, size, 0, 0};
    if (!mem.write(kModlist, &m, sizeof m)) throw BootError("modlist does not fit");
    si.nr_modules = 1;
    si.modlist_paddr = kModlist;
  }
  size_t n = std::min(in.e820.size(), kMemmapMax);
  for (size_t i = 0; i < n; ++i) {
    HvmMemmapEntry m{in.e820[i].addr, in.e820[i].size, in.e820[i].type, 0};
    if (!mem.write(kPvhMemmap + i * sizeof m, &m, sizeof m)) throw BootError("memmap does not fit");
  }
  si.memmap_paddr = kPvhMemmap;
  si.memmap_entries = static_cast<uint32_t>(n);
  if (!mem.write(kPvhStartInfo, &si, sizeof si)) throw BootError("start_info does not fit");

  BootEntry e;
  e.mode = EntryMode::kProtected32;
  e.rip = entry;
  e.rbx = kPvhStartInfo;
  return e;
}

}  // namespace tshyve::arch::x86_64
