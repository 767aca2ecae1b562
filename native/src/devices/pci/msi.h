// MSI (PCI Local Bus 3.0 §6.8.1): the capability with a 64-bit message address, one vector and,
// optionally, per-vector masking (mask and pending bits); delivery through vmm::MsiRouter.
#pragma once
#include <cstdint>
#include <mutex>

#include "devices/pci/pci_config_space.h"
#include "vmm/msi_routing.h"

namespace tshyve::devices {

namespace msi {
constexpr uint8_t kCapId = 0x05;
// Message Control (§6.8.1.3) bits.
constexpr uint16_t kEnable = 1u << 0;
constexpr uint16_t kAddress64 = 1u << 7;
constexpr uint16_t kPerVectorMask = 1u << 8;
// Register offsets inside the 64-bit capability (Figure 6-9).
constexpr uint32_t kControl = 0x02, kAddressLo = 0x04, kAddressHi = 0x08, kData = 0x0c, kMask = 0x10, kPending = 0x14;
constexpr uint32_t kCapSize = 0x0e, kCapSizeMasking = 0x18;
}  // namespace msi

class MsiCapability {
 public:
  // Setup thread: allocates one GSI when `router` is set. Router null: the capability is present
  // but never fires (the function stays on INTx). `per_vector_mask` adds the mask/pending bits.
  explicit MsiCapability(vmm::MsiRouter* router, bool per_vector_mask = true);
  MsiCapability(const MsiCapability&) = delete;
  MsiCapability& operator=(const MsiCapability&) = delete;

  // Setup: appends the capability to `config`; returns its offset, 0 if the list is full.
  uint8_t add_to(PciConfigSpace& config);
  // Config-write path (PciRoot lock held): call after every config write; reacts to enable, mask,
  // address and data changes (the route is committed while enabled and unmasked, a pending message
  // is delivered on unmask).
  void config_written(const PciConfigSpace& config, uint32_t offset, uint32_t size);
  // Config-read path (PciRoot lock held), optional: refreshes the Pending Bits register before a
  // read so the guest sees it; without it the register reads 0.
  void config_reading(PciConfigSpace& config, uint32_t offset, uint32_t size) const;
  // Any thread. Enabled: the MSI Enable bit is set and a router exists.
  bool enabled() const;
  uint8_t cap_offset() const { return cap_; }

  // Any thread: raises the vector (kept pending while masked, delivered on unmask). False if MSI
  // is disabled (nothing is recorded then: the function signals by INTx).
  bool signal();
  bool pending() const;
  // Snapshot restore, once the configuration is replayed: the pending bit, which the next
  // config_written() of Message Control delivers if the message is enabled and unmasked.
  void restore_pending(bool pending);

 private:
  void update();  // mu_ held: commit the route and deliver a pending message if deliverable

  vmm::MsiRouter* router_;
  bool per_vector_mask_;
  int gsi_ = -1;
  uint8_t cap_ = 0;
  // Lock order: a device's own lock, then mu_, then the MsiRouter's lock.
  mutable std::mutex mu_;
  bool enabled_ = false, masked_ = false, pending_ = false;
  uint64_t address_ = 0;
  uint32_t data_ = 0;
};

}  // namespace tshyve::devices
