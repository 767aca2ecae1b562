// Range-map bus dispatch: an ordered map keyed by base address, upper_bound lookup.
#include "vmm/bus.h"

#include <cinttypes>
#include <cstring>

namespace tshyve::vmm {

bool Bus::insert(uint64_t base, uint64_t length, std::shared_ptr<BusDevice> device, std::string label) {
  if (length == 0 || base + length < base || !device) return false;
  auto next = ranges_.lower_bound(base);
  if (next != ranges_.end() && next->first < base + length) return false;
  if (next != ranges_.begin()) {
    auto prev = std::prev(next);
    if (prev->first + prev->second.length > base) return false;
  }
  ranges_.emplace(base, Range{length, std::move(device), std::move(label)});
  return true;
}

const Bus::Range* Bus::find(uint64_t addr, uint64_t& offset) const {
  auto it = ranges_.upper_bound(addr);
  if (it == ranges_.begin()) return nullptr;
  --it;
  if (addr - it->first >= it->second.length) return nullptr;
  offset = addr - it->first;
  return &it->second;
}

bool Bus::read(uint64_t addr, uint8_t* data, uint32_t size) {
  uint64_t off;
  if (const Range* r = find(addr, off)) {
    r->device->read(off, data, size);
    return true;
  }
  std::memset(data, 0xff, size);
  guest_log("%s: unmapped read of %u bytes at 0x%" PRIx64 " (returns all-ones)", name_, size, addr);
  return false;
}

bool Bus::write(uint64_t addr, const uint8_t* data, uint32_t size) {
  uint64_t off;
  if (const Range* r = find(addr, off)) {
    r->device->write(off, data, size);
    return true;
  }
  guest_log("%s: unmapped write of %u bytes at 0x%" PRIx64 " (ignored)", name_, size, addr);
  return false;
}

}  // namespace tshyve::vmm
