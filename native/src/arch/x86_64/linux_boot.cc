// bzImage loader following Documentation/arch/x86/boot.rst ("The real-mode kernel header",
// "64-bit boot protocol"); field offsets from arch/x86/include/uapi/asm/bootparam.h.
#include "arch/x86_64/linux_boot.h"

#include <cstring>

#include "arch/x86_64/layout.h"

namespace tshyve::arch::x86_64 {

namespace {
// struct boot_params / setup_header offsets (bootparam.h).
constexpr size_t kZpAcpiRsdpAddr = 0x070;
constexpr size_t kZpExtRamdiskImage = 0x0c0, kZpExtRamdiskSize = 0x0c4, kZpExtCmdLinePtr = 0x0c8;
constexpr size_t kZpE820Entries = 0x1e8;
constexpr size_t kHdrSetupSects = 0x1f1, kHdrBootFlag = 0x1fe, kHdrJump = 0x200, kHdrMagic = 0x202, kHdrVersion = 0x206,
                 kHdrTypeOfLoader = 0x210, kHdrLoadflags = 0x211, kHdrRamdiskImage = 0x218, kHdrRamdiskSize = 0x21c, kHdrHeapEndPtr = 0x224,
                 kHdrCmdLinePtr = 0x228, kHdrInitrdAddrMax = 0x22c, kHdrXloadflags = 0x236, kHdrCmdlineSize = 0x238;
constexpr size_t kZpE820Table = 0x2d0, kZpE820Max = 128;
constexpr uint32_t kHdrMagicValue = 0x53726448;  // "HdrS"
constexpr uint16_t kBootFlagValue = 0xaa55;
constexpr uint16_t kMinVersion = 0x020c;  // 2.12: xloadflags / 64-bit entry
constexpr uint8_t kLoadedHigh = 0x01, kCanUseHeap = 0x80;
constexpr uint16_t kXlfKernel64 = 0x01;
constexpr uint8_t kLoaderUndefined = 0xff;
constexpr uint64_t kStartup64Offset = 0x200;  // 64-bit entry relative to the load address

template <typename T>
T get(const std::vector<uint8_t>& v, size_t off) {
  T x{};
  if (off + sizeof(T) <= v.size()) std::memcpy(&x, v.data() + off, sizeof(T));
  return x;
}
template <typename T>
void put(uint8_t* p, size_t off, T x) {
  std::memcpy(p + off, &x, sizeof(T));
}
void write_checked(vmm::GuestMemoryView& mem, uint64_t gpa, const void* src, uint64_t n, const char* what) {
  if (!mem.write(gpa, src, n)) throw BootError(std::string(what) + " does not fit in guest RAM");
}
}  // namespace

KernelFormat detect_kernel_format(const std::vector<uint8_t>& image) {
  if (image.size() >= 4 && image[0] == 0x7f && image[1] == 'E' && image[2] == 'L' && image[3] == 'F') return KernelFormat::kElf;
  if (get<uint32_t>(image, kHdrMagic) == kHdrMagicValue && get<uint16_t>(image, kHdrBootFlag) == kBootFlagValue)
    return KernelFormat::kBzImage;
  return KernelFormat::kUnknown;
}

uint64_t initrd_ceiling(const std::vector<E820Entry>& e820, uint64_t limit) {
  for (auto& e : e820)
    if (e.type == 1 && e.addr <= kHighMemStart && e.addr + e.size > kHighMemStart) return std::min(e.addr + e.size, limit);
  return 0;
}

BootEntry load_bzimage(vmm::GuestMemoryView& mem, const LinuxBootInputs& in) {
  const auto& k = *in.kernel;
  if (detect_kernel_format(k) != KernelFormat::kBzImage) throw BootError("not a bzImage (no HdrS header)");
  uint16_t version = get<uint16_t>(k, kHdrVersion);
  if (version < kMinVersion) throw BootError("boot protocol older than 2.12 (no 64-bit entry)");
  if (!(get<uint8_t>(k, kHdrLoadflags) & kLoadedHigh)) throw BootError("zImage (not loaded high) unsupported");
  if (!(get<uint16_t>(k, kHdrXloadflags) & kXlfKernel64)) throw BootError("kernel has no 64-bit entry point");
  uint32_t setup_sects = get<uint8_t>(k, kHdrSetupSects);
  if (setup_sects == 0) setup_sects = 4;
  uint64_t setup_size = (uint64_t(setup_sects) + 1) * 512;
  if (setup_size >= k.size()) throw BootError("bzImage truncated");

  // Zero page: the setup header copied from the image (0x1f1 .. 0x202 + jump offset).
  uint8_t zp[4096] = {};
  size_t hdr_end = std::min<size_t>(0x202 + get<uint8_t>(k, kHdrJump + 1), 4096);
  std::memcpy(zp + kHdrSetupSects, k.data() + kHdrSetupSects, std::min(hdr_end, k.size()) - kHdrSetupSects);
  put<uint8_t>(zp, kHdrTypeOfLoader, kLoaderUndefined);
  put<uint8_t>(zp, kHdrLoadflags, get<uint8_t>(k, kHdrLoadflags) | kCanUseHeap);
  put<uint16_t>(zp, kHdrHeapEndPtr, 0xfe00);

  uint32_t cmdline_max = get<uint32_t>(k, kHdrCmdlineSize);
  if (cmdline_max == 0) cmdline_max = 255;
  if (in.cmdline.size() > cmdline_max || in.cmdline.size() >= kCmdlineMax) throw BootError("kernel command line too long");
  write_checked(mem, kCmdline, in.cmdline.c_str(), in.cmdline.size() + 1, "command line");
  put<uint32_t>(zp, kHdrCmdLinePtr, static_cast<uint32_t>(kCmdline));
  put<uint32_t>(zp, kZpExtCmdLinePtr, 0);

  write_checked(mem, kKernelLoad, k.data() + setup_size, k.size() - setup_size, "kernel");

  if (in.initrd && !in.initrd->empty()) {
    uint64_t max = uint64_t(get<uint32_t>(k, kHdrInitrdAddrMax)) + 1;
    uint64_t ceiling = initrd_ceiling(in.e820, max);
    uint64_t size = in.initrd->size();
    uint64_t kernel_end = kKernelLoad + k.size();
    if (ceiling < size || ((ceiling - size) & ~0xfffull) < kernel_end)
      throw BootError("initrd does not fit below the kernel's initrd_addr_max");
    uint64_t addr = (ceiling - size) & ~0xfffull;
    write_checked(mem, addr, in.initrd->data(), size, "initrd");
    put<uint32_t>(zp, kHdrRamdiskImage, static_cast<uint32_t>(addr));
    put<uint32_t>(zp, kHdrRamdiskSize, static_cast<uint32_t>(size));
    put<uint32_t>(zp, kZpExtRamdiskImage, static_cast<uint32_t>(addr >> 32));
    put<uint32_t>(zp, kZpExtRamdiskSize, static_cast<uint32_t>(size >> 32));
  }

  size_t n = std::min(in.e820.size(), kZpE820Max);
  for (size_t i = 0; i < n; ++i) {
    put<uint64_t>(zp, kZpE820Table + i * 20, in.e820[i].addr);
    put<uint64_t>(zp, kZpE820Table + i * 20 + 8, in.e820[i].size);
    put<uint32_t>(zp, kZpE820Table + i * 20 + 16, in.e820[i].type);
  }
  put<uint8_t>(zp, kZpE820Entries, static_cast<uint8_t>(n));
  if (version >= 0x020e) put<uint64_t>(zp, kZpAcpiRsdpAddr, in.rsdp_gpa);
  write_checked(mem, kZeroPage, zp, sizeof zp, "zero page");

  BootEntry e;
  e.mode = EntryMode::kLong64;
  e.rip = kKernelLoad + kStartup64Offset;
  e.rsi = kZeroPage;
  return e;
}

}  // namespace tshyve::arch::x86_64
