// MSI-X capability, table and PBA (PCI Local Bus 3.0 §6.8.2). A vector's KVM route matters only
// while it can fire: it is (re)committed when the vector is enabled and unmasked, never for writes
// to a masked entry (drivers program vectors masked), so a guest reprogramming costs one commit.
#include "devices/pci/msix.h"

#include <algorithm>
#include <cstring>

namespace tshyve::devices {

namespace {
bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen) { return a < b + blen && b < a + alen; }
void put_le32(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
}  // namespace

MsixCapability::MsixCapability(uint16_t vectors, vmm::MsiRouter* router) : router_(router) {
  entries_.resize(std::clamp<uint16_t>(vectors, 1, msix::kMaxVectors));
  if (router_)
    for (auto& e : entries_) e.gsi = router_->allocate();
}

uint8_t MsixCapability::add_to(PciConfigSpace& config, uint8_t bir, uint32_t table_offset, uint32_t pba_offset) {
  const uint16_t n = static_cast<uint16_t>(entries_.size() - 1);  // Table Size is N-1 encoded
  std::vector<uint8_t> body{msix::kCapId, 0, static_cast<uint8_t>(n & 0xff), static_cast<uint8_t>((n >> 8) & 0x7)};
  put_le32(body, (table_offset & ~7u) | (bir & 7u));
  put_le32(body, (pba_offset & ~7u) | (bir & 7u));
  // Only Enable and Function Mask (Message Control bits 15:14) are writable.
  std::vector<uint8_t> writable(msix::kCapSize, 0);
  writable[3] = 0xc0;
  cap_ = config.add_capability(body, writable);
  return cap_;
}

void MsixCapability::config_written(const PciConfigSpace& config, uint32_t offset, uint32_t size) {
  if (!cap_ || !overlaps(offset, size, cap_ + 2u, 2)) return;
  const uint16_t ctl = static_cast<uint16_t>(config.read(cap_ + 2u, 2));
  std::lock_guard<std::mutex> lock(mu_);
  enabled_ = (ctl & msix::kEnable) && router_;
  function_mask_ = ctl & msix::kFunctionMask;
  for (auto& e : entries_) update(e);
}

bool MsixCapability::enabled() const {
  std::lock_guard<std::mutex> lock(mu_);
  return enabled_;
}

bool MsixCapability::pending(uint16_t v) const {
  std::lock_guard<std::mutex> lock(mu_);
  return v < entries_.size() && entries_[v].pending;
}

std::vector<MsixVectorState> MsixCapability::vector_states() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<MsixVectorState> out;
  for (const auto& e : entries_) out.push_back({e.address, e.data, e.control, e.pending});
  return out;
}

bool MsixCapability::restore_vectors(const std::vector<MsixVectorState>& states) {
  std::lock_guard<std::mutex> lock(mu_);
  if (states.size() != entries_.size()) return false;
  for (const auto& s : states)
    if (s.control & ~msix::kVectorMasked) return false;
  for (size_t i = 0; i < states.size(); ++i) {
    entries_[i].address = states[i].address;
    entries_[i].data = states[i].data;
    entries_[i].control = states[i].control;
    entries_[i].pending = states[i].pending;
  }
  return true;
}

void MsixCapability::table_read(uint64_t offset, uint8_t* data, uint32_t size) {
  std::memset(data, 0, size);
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t end = msix::table_size(vectors());
  for (uint32_t i = 0; offset < end && i < size && i < end - offset; ++i) {
    const auto& e = entries_[(offset + i) / msix::kEntrySize];
    const uint32_t w = static_cast<uint32_t>((offset + i) % msix::kEntrySize);
    const uint64_t v = w < 8 ? e.address : w < 12 ? e.data : e.control;
    data[i] = static_cast<uint8_t>(v >> (8 * (w % (w < 8 ? 8 : 4))));
  }
}

void MsixCapability::table_write(uint64_t offset, const uint8_t* data, uint32_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t end = msix::table_size(vectors());
  Entry* last = nullptr;
  for (uint32_t i = 0; offset < end && i < size && i < end - offset; ++i) {
    Entry& e = entries_[(offset + i) / msix::kEntrySize];
    const uint32_t w = static_cast<uint32_t>((offset + i) % msix::kEntrySize);
    const uint64_t d = data[i];
    if (w < 8)
      e.address = (e.address & ~(0xffull << (8 * w))) | (d << (8 * w));
    else if (w < 12)
      e.data = (e.data & ~(0xffu << (8 * (w - 8)))) | static_cast<uint32_t>(d << (8 * (w - 8)));
    else if (w == 12)
      e.control = (e.control & ~msix::kVectorMasked) | (d & msix::kVectorMasked);
    if (last && last != &e) update(*last);
    last = &e;
  }
  if (last) update(*last);
}

void MsixCapability::pba_read(uint64_t offset, uint8_t* data, uint32_t size) {
  std::memset(data, 0, size);
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t end = msix::pba_size(vectors());
  for (uint32_t i = 0; offset < end && i < size && i < end - offset; ++i)
    for (uint32_t b = 0; b < 8; ++b) {
      const uint64_t v = (offset + i) * 8 + b;
      if (v < entries_.size() && entries_[v].pending) data[i] |= static_cast<uint8_t>(1u << b);
    }
}

bool MsixCapability::signal(uint16_t v) {
  std::lock_guard<std::mutex> lock(mu_);
  if (v >= entries_.size() || !enabled_) return false;
  Entry& e = entries_[v];
  if (masked(e) || e.gsi < 0) {
    e.pending = true;
    return true;
  }
  router_->trigger(e.gsi);
  return true;
}

void MsixCapability::update(Entry& e) {
  if (!enabled_ || masked(e) || e.gsi < 0) return;
  if (e.address) router_->set_route(e.gsi, e.address, e.data);
  if (e.pending) {
    e.pending = false;
    router_->trigger(e.gsi);
  }
}

}  // namespace tshyve::devices
