// Physical Region Descriptor Table walking (AHCI 1.3.1 §4.2.3.3): DBA/DBAU, DBC (byte count - 1,
// bits 21:0) and the I bit; every region is translated on use, writable ones for device-to-host data.
#include "devices/storage/prd_table.h"

#include <algorithm>
#include <cstring>

#include "devices/storage/ahci_spec.h"

namespace tshyve::devices::storage {

PrdTable::PrdTable(vmm::GuestMemoryView& memory, std::vector<Region> regions) : memory_(memory), regions_(std::move(regions)) {
  for (const auto& r : regions_) capacity_ += r.length;
}

bool PrdTable::load(vmm::GuestMemoryView& memory, uint64_t table, uint32_t count, std::vector<Region>& out) {
  out.clear();
  if (count == 0) return true;
  const uint64_t bytes = static_cast<uint64_t>(count) * ahci::kPrdBytes;
  std::vector<uint32_t> raw(bytes / 4);
  if (!memory.read(table, raw.data(), bytes)) return false;
  out.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t* e = &raw[i * 4];
    const uint64_t address = (static_cast<uint64_t>(e[1]) << 32) | (e[0] & ~1u);  // bit 0 reserved (word aligned)
    out.push_back({address, (e[3] & ahci::kPrdDbcMask) + 1, (e[3] & ahci::kPrdInterrupt) != 0});
  }
  return true;
}

bool PrdTable::iovecs(bool to_guest, uint64_t offset, uint64_t len, std::vector<iovec>& out) {
  out.clear();
  if (offset > capacity_ || len > capacity_ - offset) return false;
  for (const auto& r : regions_) {
    if (len == 0) break;
    if (offset >= r.length) {
      offset -= r.length;
      continue;
    }
    const uint64_t n = std::min<uint64_t>(r.length - offset, len);
    uint8_t* host = to_guest ? memory_.translate_writable(r.address + offset, n) : memory_.translate(r.address + offset, n);
    if (!host) {
      fault_ = true;
      return false;
    }
    if (!out.empty() && static_cast<uint8_t*>(out.back().iov_base) + out.back().iov_len == host)
      out.back().iov_len += n;  // adjacent regions: one iovec
    else
      out.push_back({host, static_cast<size_t>(n)});
    len -= n;
    offset = 0;
  }
  return true;
}

bool PrdTable::to_guest(uint64_t offset, const void* src, uint64_t len) {
  std::vector<iovec> v;
  if (!iovecs(true, offset, len, v)) return false;
  const auto* p = static_cast<const uint8_t*>(src);
  for (const auto& i : v) std::memcpy(i.iov_base, p, i.iov_len), p += i.iov_len;
  return true;
}

bool PrdTable::from_guest(uint64_t offset, void* dst, uint64_t len) {
  std::vector<iovec> v;
  if (!iovecs(false, offset, len, v)) return false;
  auto* p = static_cast<uint8_t*>(dst);
  for (const auto& i : v) std::memcpy(p, i.iov_base, i.iov_len), p += i.iov_len;
  return true;
}

bool PrdTable::interrupt_within(uint64_t end) const {
  uint64_t at = 0;
  for (const auto& r : regions_) {
    if (at >= end) break;
    at += r.length;
    if (r.interrupt && at <= end) return true;
  }
  return false;
}

}  // namespace tshyve::devices::storage
