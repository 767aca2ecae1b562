// PRP entries and PRP lists (NVM Express 1.4 §4.3, Figure 108-110): the first entry may carry a page
// offset, the rest are page aligned; PRP2 is a page when the transfer ends in the second page, else
// a list pointer whose list's last entry chains to the next list page when more pages remain.
#include "devices/storage/nvme_prp.h"

#include <algorithm>
#include <cstring>

#include "devices/storage/nvme_spec.h"

namespace tshyve::devices::storage::nvme {

namespace {
class Mapper {
 public:
  Mapper(vmm::GuestMemoryView& m, bool to_guest, std::vector<iovec>& out) : m_(m), to_guest_(to_guest), out_(out) {}
  bool add(uint64_t gpa, uint64_t len) {
    uint8_t* p = to_guest_ ? m_.translate_writable(gpa, len) : m_.translate(gpa, len);
    if (!p) return false;
    if (!out_.empty() && static_cast<uint8_t*>(out_.back().iov_base) + out_.back().iov_len == p)
      out_.back().iov_len += len;
    else
      out_.push_back({p, static_cast<size_t>(len)});
    return true;
  }

 private:
  vmm::GuestMemoryView& m_;
  bool to_guest_;
  std::vector<iovec>& out_;
};
}  // namespace

uint16_t map_prps(vmm::GuestMemoryView& memory, uint64_t prp1, uint64_t prp2, uint64_t length, bool to_guest, std::vector<iovec>& out) {
  out.clear();
  if (length == 0) return status::kSuccess;
  if (prp1 & 3) return status::kInvalidPrpOffset;
  Mapper map(memory, to_guest, out);
  const uint64_t first = std::min<uint64_t>(length, kPageSize - (prp1 % kPageSize));
  if (!map.add(prp1, first)) return status::kDataTransferError;
  uint64_t left = length - first;
  if (left == 0) return status::kSuccess;
  if (left <= kPageSize) {
    if (prp2 % kPageSize) return status::kInvalidPrpOffset;
    return map.add(prp2, left) ? status::kSuccess : status::kDataTransferError;
  }
  // PRP2 points at a list; entries run to the end of its page, the last one chaining on.
  uint64_t list = prp2;
  if (list & 7) return status::kInvalidPrpOffset;
  while (left) {
    const uint64_t slots = (kPageSize - list % kPageSize) / 8;
    for (uint64_t i = 0; i < slots && left; ++i) {
      uint64_t entry;
      if (!memory.read(list + 8 * i, &entry, sizeof entry)) return status::kDataTransferError;
      if (i == slots - 1 && left > kPageSize) {  // more pages than this list page holds: chain
        if (entry & 7) return status::kInvalidPrpOffset;
        list = entry;
        break;
      }
      if (entry % kPageSize) return status::kInvalidPrpOffset;
      const uint64_t n = std::min(left, kPageSize);
      if (!map.add(entry, n)) return status::kDataTransferError;
      left -= n;
    }
  }
  return status::kSuccess;
}

namespace {
uint16_t copy(vmm::GuestMemoryView& memory, uint64_t prp1, uint64_t prp2, uint8_t* host, uint64_t length, bool to_guest) {
  std::vector<iovec> iov;
  const uint16_t s = map_prps(memory, prp1, prp2, length, to_guest, iov);
  if (s != status::kSuccess) return s;
  for (const auto& v : iov) {
    if (to_guest)
      std::memcpy(v.iov_base, host, v.iov_len);
    else
      std::memcpy(host, v.iov_base, v.iov_len);
    host += v.iov_len;
  }
  return status::kSuccess;
}
}  // namespace

uint16_t copy_to_prps(vmm::GuestMemoryView& memory, uint64_t prp1, uint64_t prp2, const void* src, uint64_t length) {
  return copy(memory, prp1, prp2, static_cast<uint8_t*>(const_cast<void*>(src)), length, true);
}

uint16_t copy_from_prps(vmm::GuestMemoryView& memory, uint64_t prp1, uint64_t prp2, void* dst, uint64_t length) {
  return copy(memory, prp1, prp2, static_cast<uint8_t*>(dst), length, false);
}

}  // namespace tshyve::devices::storage::nvme
