// Guest-virtual translation for the GDB stub (Intel SDM vol 3, 4.3-4.5): 4-level tables with 4 KiB,
// 2 MiB and 1 GiB pages, PAE and 32-bit paging with PSE, paging off, and tables outside RAM.
#include <cstring>
#include <vector>

#include "check.h"
#include "remote/gdb/page_walk.h"
#include "vmm/guest_memory_view.h"

using namespace tshyve::remote::gdb;

namespace {
class Ram : public tshyve::vmm::GuestMemoryView {
 public:
  explicit Ram(size_t n) : b(n) {}
  uint8_t* translate(uint64_t gpa, uint64_t len) override { return gpa + len <= b.size() && gpa + len >= gpa ? b.data() + gpa : nullptr; }
  void put64(uint64_t gpa, uint64_t v) { std::memcpy(b.data() + gpa, &v, 8); }
  void put32(uint64_t gpa, uint32_t v) { std::memcpy(b.data() + gpa, &v, 4); }
  std::vector<uint8_t> b;
};
constexpr uint64_t kPg = 1ull << 31, kPae = 1ull << 5, kPse = 1ull << 4, kLma = 1ull << 10;
}  // namespace

TEST(paging_off_is_physical) {
  Ram m(0x10000);
  uint64_t phys = 0, left = 0;
  CHECK(translate_virtual(m, PagingState{}, 0x1234, phys, left));
  CHECK_EQ(phys, 0x1234u);
  CHECK_EQ(left, 0x1000u - 0x234);
}

TEST(four_level_paging_with_4k_2m_and_1g_pages) {
  Ram m(0x20000);
  // PML4 0x1000 -> PDPT 0x2000; PDPT[0] -> PD 0x3000; PD[0] -> PT 0x4000; PT[5] -> 0x9000.
  m.put64(0x1000, 0x2003);
  m.put64(0x2000, 0x3003);
  m.put64(0x3000, 0x4003);
  m.put64(0x4000 + 5 * 8, 0x9003);
  m.put64(0x3000 + 8, 0x40000000 | 0x83);  // PD[1]: a 2 MiB page at 1 GiB
  m.put64(0x2000 + 8, 0x80000000 | 0x83);  // PDPT[1]: a 1 GiB page at 2 GiB
  PagingState p{kPg, 0x1000, kPae, kLma | (1ull << 8)};
  uint64_t phys = 0, left = 0;
  CHECK(translate_virtual(m, p, 0x5abc, phys, left));
  CHECK_EQ(phys, 0x9abcu);
  CHECK_EQ(left, 0x1000u - 0xabc);
  CHECK(translate_virtual(m, p, 0x200000 + 0x12345, phys, left));
  CHECK_EQ(phys, 0x40012345u);
  CHECK_EQ(left, 0x200000u - 0x12345);
  CHECK(translate_virtual(m, p, 0x40000000 + 0x123456, phys, left));
  CHECK_EQ(phys, 0x80123456u);
  CHECK(!translate_virtual(m, p, 0x6000, phys, left));              // PT[6] not present
  CHECK(!translate_virtual(m, p, 0xffff800000000000, phys, left));  // PML4[256] not present
  m.put64(0x1000 + 8 * 511, 0x7fff0003);                            // a table far outside RAM
  CHECK(!translate_virtual(m, p, 0xffffff8000000000, phys, left));
}

TEST(pae_and_legacy_32_bit_paging) {
  Ram m(0x20000);
  // PAE: PDPTE[1] at CR3 0x1000 + 8 -> PD 0x2000; PD[0] -> 2 MiB page at 0x600000.
  m.put64(0x1008, 0x2001);
  m.put64(0x2000, 0x600000 | 0x83);
  uint64_t phys = 0, left = 0;
  CHECK(translate_virtual(m, PagingState{kPg, 0x1000, kPae, 0}, 0x40000000 + 0x1234, phys, left));
  CHECK_EQ(phys, 0x601234u);
  // 32-bit: PDE[1] a 4 MiB page at 0x800000 (PSE); PDE[2] -> PT 0x5000, PT[3] -> 0x7000.
  m.put32(0x3000 + 4, 0x800000 | 0x83);
  m.put32(0x3000 + 8, 0x5003);
  m.put32(0x5000 + 12, 0x7003);
  CHECK(translate_virtual(m, PagingState{kPg, 0x3000, kPse, 0}, 0x400000 + 0x4567, phys, left));
  CHECK_EQ(phys, 0x804567u);
  CHECK(translate_virtual(m, PagingState{kPg, 0x3000, kPse, 0}, 0x800000 + 0x3010, phys, left));
  CHECK_EQ(phys, 0x7010u);
}

TEST_MAIN()
