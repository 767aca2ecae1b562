// Page-table walk (Intel SDM vol 3, chapter 4): legacy 32-bit (PSE 4 MiB pages), PAE, and
// IA-32e 4/5-level with 1 GiB and 2 MiB pages. Accessed/dirty bits are never written.
#include "remote/gdb/page_walk.h"

namespace tshyve::remote::gdb {

namespace {
constexpr uint64_t kCr0Pg = 1ull << 31, kCr4Pse = 1ull << 4, kCr4Pae = 1ull << 5, kCr4La57 = 1ull << 12, kEferLma = 1ull << 10;
constexpr uint64_t kPresent = 1, kPageSize = 1ull << 7;
constexpr uint64_t kAddrMask = 0x000ffffffffff000ull;  // bits 51:12 of an entry

bool read_entry(vmm::GuestMemoryView& mem, uint64_t gpa, unsigned size, uint64_t& e) {
  e = 0;
  return mem.read(gpa, &e, size);
}

void done(uint64_t base, uint64_t virt, unsigned page_bits, uint64_t& phys, uint64_t& left) {
  const uint64_t page = 1ull << page_bits;
  phys = (base & ~(page - 1)) | (virt & (page - 1));
  left = page - (virt & (page - 1));
}
}  // namespace

bool translate_virtual(vmm::GuestMemoryView& mem, const PagingState& p, uint64_t virt, uint64_t& phys, uint64_t& left) {
  if (!(p.cr0 & kCr0Pg)) {
    phys = virt;
    left = 4096 - (virt & 4095);
    return true;
  }
  uint64_t e = 0;
  if (!(p.cr4 & kCr4Pae)) {  // 32-bit paging: 10/10/12, PSE 4 MiB pages
    const uint32_t v = static_cast<uint32_t>(virt);
    if (!read_entry(mem, (p.cr3 & 0xfffff000) + ((v >> 22) << 2), 4, e) || !(e & kPresent)) return false;
    if ((e & kPageSize) && (p.cr4 & kCr4Pse)) {
      done((e & 0xffc00000) | ((e >> 13 & 0xff) << 32), v, 22, phys, left);
      return true;
    }
    if (!read_entry(mem, (e & 0xfffff000) + ((v >> 12 & 0x3ff) << 2), 4, e) || !(e & kPresent)) return false;
    done(e & 0xfffff000, v, 12, phys, left);
    return true;
  }
  int levels;
  uint64_t table;
  if (p.efer & kEferLma) {
    levels = (p.cr4 & kCr4La57) ? 5 : 4;
    table = p.cr3 & kAddrMask;
  } else {  // PAE: 4 PDPTEs at CR3[31:5], then 2 levels
    const uint32_t v = static_cast<uint32_t>(virt);
    if (!read_entry(mem, (p.cr3 & 0xffffffe0) + ((v >> 30) << 3), 8, e) || !(e & kPresent)) return false;
    table = e & kAddrMask;
    virt = v;
    levels = 2;
  }
  for (int level = levels; level >= 1; --level) {
    const unsigned shift = 12 + 9 * (level - 1);
    if (!read_entry(mem, table + ((virt >> shift & 0x1ff) << 3), 8, e) || !(e & kPresent)) return false;
    if (level == 1 || ((level == 2 || level == 3) && (e & kPageSize))) {
      done(e & kAddrMask, virt, shift, phys, left);
      return true;
    }
    table = e & kAddrMask;
  }
  return false;
}

}  // namespace tshyve::remote::gdb
