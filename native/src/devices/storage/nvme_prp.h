// NVMe Physical Region Page lists (NVM Express 1.4 §4.3): turns a command's PRP1/PRP2 into host
// iovecs over guest RAM, every page and list entry bounds-checked through the guest memory view.
#pragma once
#include <sys/uio.h>

#include <cstdint>
#include <vector>

#include "vmm/guest_memory_view.h"

namespace tshyve::devices::storage::nvme {

// The iovecs covering `length` bytes described by prp1/prp2 with 4 KiB memory pages; `to_guest`
// asks for writable guest memory (device-to-host reads land there). Adjacent pages that are also
// adjacent on the host merge into one iovec. Returns a status (nvme_spec.h): kSuccess,
// kInvalidPrpOffset (an entry after the first not page aligned, a list pointer not dword aligned)
// or kDataTransferError (a page or list outside RAM, or read-only to devices).
uint16_t map_prps(vmm::GuestMemoryView& memory, uint64_t prp1, uint64_t prp2, uint64_t length, bool to_guest, std::vector<iovec>& out);

// Copies `length` bytes of `src` into the guest pages of prp1/prp2 (Identify, log pages).
uint16_t copy_to_prps(vmm::GuestMemoryView& memory, uint64_t prp1, uint64_t prp2, const void* src, uint64_t length);
// Copies `length` bytes from the guest pages of prp1/prp2 into `dst` (DSM range lists).
uint16_t copy_from_prps(vmm::GuestMemoryView& memory, uint64_t prp1, uint64_t prp2, void* dst, uint64_t length);

}  // namespace tshyve::devices::storage::nvme
