// Unit tests of the Linux loaders against synthetic images: bzImage setup header -> zero page
// (boot.rst), ELF PVH note -> hvm_start_info (Xen start_info.h), e820, initrd placement, cpuid topology.
#include <cstring>
#include <vector>

#include "arch/x86_64/bootrom.h"
#include "arch/x86_64/cpuid.h"
#include "arch/x86_64/e820.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/linux_boot.h"
#include "check.h"
#include "vmm/guest_memory.h"

using namespace tshyve;
using namespace tshyve::arch::x86_64;

namespace {
template <typename T>
void put(std::vector<uint8_t>& v, size_t off, T x) {
  if (v.size() < off + sizeof(T)) v.resize(off + sizeof(T));
  std::memcpy(v.data() + off, &x, sizeof(T));
}
template <typename T>
T get(vmm::GuestMemoryView& m, uint64_t gpa) {
  T x{};
  m.read(gpa, &x, sizeof x);
  return x;
}
std::vector<uint8_t> fake_bzimage() {
  std::vector<uint8_t> k(0x2000 + 4096, 0);
  put<uint8_t>(k, 0x1f1, 3);  // setup_sects -> kernel at 0x800
  put<uint16_t>(k, 0x1fe, 0xaa55);
  put<uint8_t>(k, 0x201, 0x6a);  // jump: header ends at 0x26c
  put<uint32_t>(k, 0x202, 0x53726448);
  put<uint16_t>(k, 0x206, 0x020f);
  put<uint8_t>(k, 0x211, 0x01);
  put<uint32_t>(k, 0x22c, 0x7fffffff);
  put<uint16_t>(k, 0x236, 0x01);
  put<uint32_t>(k, 0x238, 2048);
  k[0x800] = 0xe9;
  return k;
}
}  // namespace

TEST(bzimage_zero_page) {
  vmm::GuestMemory mem;
  mem.add_anonymous(0, 64 << 20);
  auto k = fake_bzimage();
  std::vector<uint8_t> initrd(5000, 0x42);
  LinuxBootInputs in;
  in.kernel = &k;
  in.initrd = &initrd;
  in.cmdline = "console=ttyS0 root=/dev/vda";
  in.e820 = default_e820(64 << 20, 0);
  in.rsdp_gpa = 0xf0000;
  CHECK(detect_kernel_format(k) == KernelFormat::kBzImage);
  BootEntry e = load_bzimage(mem, in);
  CHECK(e.mode == EntryMode::kLong64);
  CHECK_EQ(e.rip, 0x100200u);
  CHECK_EQ(e.rsi, kZeroPage);
  CHECK_EQ(get<uint8_t>(mem, kZeroPage + 0x210), 0xff);          // type_of_loader
  CHECK_EQ(get<uint32_t>(mem, kZeroPage + 0x202), 0x53726448u);  // header copied
  CHECK_EQ(get<uint32_t>(mem, kZeroPage + 0x228), kCmdline);     // cmd_line_ptr
  CHECK_EQ(get<uint8_t>(mem, kZeroPage + 0x1e8), 4);             // e820 entries
  CHECK_EQ(get<uint64_t>(mem, kZeroPage + 0x2d0 + 3 * 20 + 8), (64u << 20) - 0x100000u);
  CHECK_EQ(get<uint64_t>(mem, kZeroPage + 0x070), 0xf0000u);  // acpi_rsdp_addr
  uint32_t rd_addr = get<uint32_t>(mem, kZeroPage + 0x218);
  CHECK_EQ(get<uint32_t>(mem, kZeroPage + 0x21c), 5000u);
  CHECK_EQ(rd_addr % 4096, 0u);
  CHECK(rd_addr + 5000 <= (64u << 20));
  CHECK_EQ(get<uint8_t>(mem, rd_addr), 0x42);
  CHECK_EQ(get<uint8_t>(mem, 0x100000), 0xe9);
  char cmd[64] = {};
  mem.read(kCmdline, cmd, in.cmdline.size() + 1);
  CHECK(in.cmdline == cmd);
}

TEST(bzimage_rejects_garbage) {
  vmm::GuestMemory mem;
  mem.add_anonymous(0, 4 << 20);
  std::vector<uint8_t> junk(8192, 0x90);
  LinuxBootInputs in;
  in.kernel = &junk;
  bool threw = false;
  try {
    load_bzimage(mem, in);
  } catch (const BootError&) {
    threw = true;
  }
  CHECK(threw);
  CHECK(detect_kernel_format(junk) == KernelFormat::kUnknown);
}

TEST(pvh_elf_start_info) {
  // ELF64 with one PT_LOAD (16 bytes at paddr 0x200000) and one PT_NOTE "Xen" type 18 -> 0x200010.
  std::vector<uint8_t> f(0x400, 0);
  const uint8_t ident[] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
  std::memcpy(f.data(), ident, sizeof ident);
  put<uint16_t>(f, 18, 62);
  put<uint64_t>(f, 32, 64);  // phoff
  put<uint16_t>(f, 54, 56);  // phentsize
  put<uint16_t>(f, 56, 2);   // phnum
  put<uint32_t>(f, 64, 1);   // PT_LOAD
  put<uint64_t>(f, 64 + 8, 0x300);
  put<uint64_t>(f, 64 + 24, 0x200000);
  put<uint64_t>(f, 64 + 32, 16);
  put<uint64_t>(f, 64 + 40, 32);
  put<uint32_t>(f, 120, 4);  // PT_NOTE
  put<uint64_t>(f, 120 + 8, 0x380);
  put<uint64_t>(f, 120 + 32, 20);
  put<uint32_t>(f, 0x380, 4);
  put<uint32_t>(f, 0x384, 4);
  put<uint32_t>(f, 0x388, 18);
  std::memcpy(&f[0x38c], "Xen", 4);
  put<uint32_t>(f, 0x390, 0x200010);
  f[0x300] = 0xcc;
  vmm::GuestMemory mem;
  mem.add_anonymous(0, 16 << 20);
  LinuxBootInputs in;
  in.kernel = &f;
  in.cmdline = "console=ttyS0";
  in.e820 = default_e820(16 << 20, 0);
  in.rsdp_gpa = 0xe0000;
  CHECK(detect_kernel_format(f) == KernelFormat::kElf);
  BootEntry e = load_pvh_elf(mem, in);
  CHECK(e.mode == EntryMode::kProtected32);
  CHECK_EQ(e.rip, 0x200010u);
  CHECK_EQ(e.rbx, kPvhStartInfo);
  CHECK_EQ(get<uint32_t>(mem, kPvhStartInfo), 0x336ec578u);
  CHECK_EQ(get<uint64_t>(mem, kPvhStartInfo + 32), 0xe0000u);  // rsdp_paddr
  CHECK_EQ(get<uint32_t>(mem, kPvhStartInfo + 48), 4u);        // memmap_entries
  CHECK_EQ(get<uint8_t>(mem, 0x200000), 0xcc);
}

TEST(e820_layout_with_high_memory) {
  auto m = default_e820(3ull << 30, 1ull << 30);
  CHECK_EQ(m.size(), 5u);
  CHECK_EQ(m.back().addr, kFourGiB);
  CHECK_EQ(m.back().size, 1ull << 30);
  CHECK(bootrom_size_valid(256 * 1024));
  CHECK(!bootrom_size_valid(1000));
  CHECK(!bootrom_size_valid(0));
}

TEST(cpuid_topology) {
  CpuTopology t{2, 2, 2};
  CHECK_EQ(apic_id_for(0, t), 0u);
  CHECK_EQ(apic_id_for(1, t), 1u);
  CHECK_EQ(apic_id_for(2, t), 2u);
  CHECK_EQ(apic_id_for(4, t), 4u);
  std::vector<kvm_cpuid_entry2> sup(2);
  sup[0].function = 1;
  sup[1].function = 0xb;
  sup[1].index = 1;
  auto out = build_cpuid(sup, 5, t, false);
  CHECK_EQ(out[0].ebx >> 24, apic_id_for(5, t));
  CHECK_EQ((out[0].ebx >> 16) & 0xff, 4u);
  CHECK_EQ(out[1].ebx, 4u);
  CHECK_EQ(out[1].edx, apic_id_for(5, t));
}

TEST_MAIN()
