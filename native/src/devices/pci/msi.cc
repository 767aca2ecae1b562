// MSI capability (PCI Local Bus 3.0 §6.8.1), 64-bit address, one message (Multiple Message Capable
// and Enable read as 0). The message data is used as written: with one vector no low bits are ORed in.
#include "devices/pci/msi.h"

#include <vector>

namespace tshyve::devices {

namespace {
bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen) { return a < b + blen && b < a + alen; }
}  // namespace

MsiCapability::MsiCapability(vmm::MsiRouter* router, bool per_vector_mask) : router_(router), per_vector_mask_(per_vector_mask) {
  if (router_) gsi_ = router_->allocate();
}

uint8_t MsiCapability::add_to(PciConfigSpace& config) {
  const uint32_t size = per_vector_mask_ ? msi::kCapSizeMasking : msi::kCapSize;
  const uint16_t ctl = msi::kAddress64 | (per_vector_mask_ ? msi::kPerVectorMask : 0);
  std::vector<uint8_t> body(size, 0), writable(size, 0);
  body[0] = msi::kCapId;
  body[msi::kControl] = static_cast<uint8_t>(ctl);
  body[msi::kControl + 1] = static_cast<uint8_t>(ctl >> 8);
  writable[msi::kControl] = msi::kEnable;
  writable[msi::kAddressLo] = 0xfc;  // DWORD-aligned address: bits 1:0 are reserved
  for (uint32_t i = msi::kAddressLo + 1; i < msi::kData + 2; ++i) writable[i] = 0xff;
  if (per_vector_mask_) writable[msi::kMask] = 0x01;  // one vector: bit 0
  cap_ = config.add_capability(body, writable);
  return cap_;
}

void MsiCapability::config_written(const PciConfigSpace& config, uint32_t offset, uint32_t size) {
  const uint32_t len = per_vector_mask_ ? msi::kMask + 4 : msi::kData + 2;
  if (!cap_ || !overlaps(offset, size, cap_ + msi::kControl, len - msi::kControl)) return;
  const uint16_t ctl = static_cast<uint16_t>(config.read(cap_ + msi::kControl, 2));
  std::lock_guard<std::mutex> lock(mu_);
  enabled_ = (ctl & msi::kEnable) && router_;
  masked_ = per_vector_mask_ && (config.read(cap_ + msi::kMask, 4) & 1u);
  address_ = config.read(cap_ + msi::kAddressLo, 4) | (uint64_t{config.read(cap_ + msi::kAddressHi, 4)} << 32);
  data_ = config.read(cap_ + msi::kData, 2);
  update();
}

void MsiCapability::config_reading(PciConfigSpace& config, uint32_t offset, uint32_t size) const {
  if (!cap_ || !per_vector_mask_ || !overlaps(offset, size, cap_ + msi::kPending, 4)) return;
  config.set_u32(cap_ + msi::kPending, pending() ? 1u : 0u);
}

bool MsiCapability::enabled() const {
  std::lock_guard<std::mutex> lock(mu_);
  return enabled_;
}

bool MsiCapability::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pending_;
}

void MsiCapability::restore_pending(bool pending) {
  std::lock_guard<std::mutex> lock(mu_);
  pending_ = pending;
}

bool MsiCapability::signal() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!enabled_) return false;
  if (masked_ || gsi_ < 0) {
    pending_ = true;
    return true;
  }
  router_->trigger(gsi_);
  return true;
}

void MsiCapability::update() {
  if (!enabled_ || masked_ || gsi_ < 0) return;
  if (address_) router_->set_route(gsi_, address_, data_);
  if (pending_) {
    pending_ = false;
    router_->trigger(gsi_);
  }
}

}  // namespace tshyve::devices
