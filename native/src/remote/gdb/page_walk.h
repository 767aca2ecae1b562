// Guest-virtual to guest-physical translation by walking the guest's own page tables (Intel SDM
// vol 3, 4.3 32-bit paging, 4.4 PAE, 4.5 4-level and 5-level paging), for a debugger's memory access.
#pragma once
#include <cstdint>

#include "vmm/guest_memory_view.h"

namespace tshyve::remote::gdb {

struct PagingState {
  uint64_t cr0 = 0, cr3 = 0, cr4 = 0, efer = 0;
};

// With CR0.PG clear the address is physical. Returns false where a table entry is not present or a
// table lies outside guest RAM. `page_left` is how many bytes from `phys` stay in the same page.
bool translate_virtual(vmm::GuestMemoryView& mem, const PagingState& p, uint64_t virt, uint64_t& phys, uint64_t& page_left);

}  // namespace tshyve::remote::gdb
