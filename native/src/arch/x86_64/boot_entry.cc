// Boot CPU state for Linux entry points: GDT with __BOOT_CS=0x10/__BOOT_DS=0x18 (boot.rst), a TSS
// descriptor at 0x20, identity page tables covering 4 GiB with 2 MiB pages for long mode.
#include "arch/x86_64/boot_entry.h"

#include "vmm/kvm_uapi.h"

#include <cstring>

#include "arch/x86_64/layout.h"
#include "vmm/guest_memory_view.h"
#include "vmm/kvm.h"

namespace tshyve::arch::x86_64 {

namespace {
constexpr uint16_t kSelCode = 0x10, kSelData = 0x18, kSelTss = 0x20;
constexpr uint64_t kCr0Pe = 1u << 0, kCr0Et = 1u << 4, kCr0Pg = 1u << 31;
constexpr uint64_t kCr4Pae = 1u << 5;
constexpr uint64_t kEferLme = 1u << 8, kEferLma = 1u << 10;
constexpr uint64_t kPtePresent = 1, kPteWrite = 2, kPtePs = 1u << 7;

// Packs a GDT descriptor (Intel SDM vol 3, 3.4.5) from flags (G, D/B, L, AVL in bits 12..15 of
// `flags`, access byte in bits 0..7), base and limit.
uint64_t gdt_entry(uint16_t flags, uint32_t base, uint32_t limit) {
  return ((uint64_t(base) & 0xff000000) << 32) | ((uint64_t(flags) & 0xf0ff) << 40) | ((uint64_t(limit) & 0x000f0000) << 32) |
         ((uint64_t(base) & 0x00ffffff) << 16) | (uint64_t(limit) & 0xffff);
}

kvm_segment segment_from(uint64_t desc, uint16_t selector) {
  kvm_segment s{};
  s.base = ((desc >> 16) & 0xffffff) | (((desc >> 56) & 0xff) << 24);
  uint32_t limit = (desc & 0xffff) | (((desc >> 48) & 0xf) << 16);
  s.g = (desc >> 55) & 1;
  s.limit = s.g ? (limit << 12) | 0xfff : limit;
  s.selector = selector;
  s.type = (desc >> 40) & 0xf;
  s.present = (desc >> 47) & 1;
  s.dpl = (desc >> 45) & 3;
  s.db = (desc >> 54) & 1;
  s.s = (desc >> 44) & 1;
  s.l = (desc >> 53) & 1;
  s.avl = (desc >> 52) & 1;
  s.unusable = s.present ? 0 : 1;
  return s;
}

void write_or_throw(vmm::GuestMemoryView& mem, uint64_t gpa, const void* p, uint64_t n) {
  if (!mem.write(gpa, p, n)) throw BootError("boot data does not fit in guest RAM");
}
}  // namespace

void apply_boot_entry(vmm::KvmVcpu& vcpu, vmm::GuestMemoryView& mem, const BootEntry& e) {
  if (e.mode == EntryMode::kResetVector) return;
  const bool long_mode = e.mode == EntryMode::kLong64;
  const uint64_t gdt[5] = {
      0,
      0,
      long_mode ? gdt_entry(0xa09b, 0, 0xfffff) : gdt_entry(0xc09b, 0, 0xfffff),  // code
      gdt_entry(0xc093, 0, 0xfffff),                                              // data
      gdt_entry(0x008b, 0, 0x67),                                                 // TSS (busy)
  };
  write_or_throw(mem, kBootGdt, gdt, sizeof gdt);
  const uint64_t null_idt = 0;
  write_or_throw(mem, kBootIdt, &null_idt, sizeof null_idt);

  kvm_sregs s{};
  vcpu.get_sregs(s);
  s.gdt.base = kBootGdt;
  s.gdt.limit = sizeof gdt - 1;
  s.idt.base = kBootIdt;
  s.idt.limit = 0;
  s.cs = segment_from(gdt[2], kSelCode);
  s.ds = s.es = s.fs = s.gs = s.ss = segment_from(gdt[3], kSelData);
  s.tr = segment_from(gdt[4], kSelTss);
  s.cr0 = kCr0Pe | kCr0Et;
  s.cr4 = 0;
  s.efer = 0;
  if (long_mode) {
    uint64_t pml4[512] = {}, pdpt[512] = {};
    pml4[0] = kPdpt | kPtePresent | kPteWrite;
    for (int i = 0; i < 4; ++i) pdpt[i] = (kPd + i * 0x1000) | kPtePresent | kPteWrite;
    write_or_throw(mem, kPml4, pml4, sizeof pml4);
    write_or_throw(mem, kPdpt, pdpt, sizeof pdpt);
    for (uint64_t i = 0; i < 4; ++i) {
      uint64_t pd[512];
      for (uint64_t j = 0; j < 512; ++j) pd[j] = ((i * 512 + j) << 21) | kPtePresent | kPteWrite | kPtePs;
      write_or_throw(mem, kPd + i * 0x1000, pd, sizeof pd);
    }
    s.cr3 = kPml4;
    s.cr4 = kCr4Pae;
    s.cr0 |= kCr0Pg;
    s.efer = kEferLme | kEferLma;
  }
  vcpu.set_sregs(s);

  kvm_regs r{};
  r.rflags = 0x2;  // reserved bit 1; IF clear
  r.rip = e.rip;
  r.rsi = e.rsi;
  r.rbx = e.rbx;
  r.rsp = kBootStack;
  r.rbp = kBootStack;
  vcpu.set_regs(r);

  kvm_fpu fpu{};
  fpu.fcw = 0x37f;  // FNINIT state (SDM vol 1, 8.1.5)
  fpu.mxcsr = 0x1f80;
  vcpu.set_fpu(fpu);
}

}  // namespace tshyve::arch::x86_64
