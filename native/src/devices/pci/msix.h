// MSI-X (PCI Local Bus 3.0 §6.8.2): the capability in configuration space, the vector table and the
// pending bit array in a memory BAR, per-vector and function masking; delivery through vmm::MsiRouter.
#pragma once
#include <cstdint>
#include <mutex>
#include <vector>

#include "devices/pci/pci_config_space.h"
#include "vmm/msi_routing.h"

namespace tshyve::devices {

namespace msix {
constexpr uint8_t kCapId = 0x11;
constexpr uint32_t kCapSize = 12;           // ID, next, Message Control, Table offset/BIR, PBA offset/BIR
constexpr uint16_t kEnable = 0x8000;        // Message Control bit 15
constexpr uint16_t kFunctionMask = 0x4000;  // Message Control bit 14
constexpr uint32_t kEntrySize = 16;         // address (8), data (4), vector control (4): Figure 6-11
constexpr uint32_t kVectorMasked = 1;       // Vector Control bit 0
constexpr uint16_t kMaxVectors = 2048;      // Table Size is 11 bits, N-1 encoded
// Bytes a table / PBA of `vectors` entries occupies in its BAR (the PBA in whole QWORDs).
constexpr uint64_t table_size(uint16_t vectors) { return uint64_t{vectors} * kEntrySize; }
constexpr uint64_t pba_size(uint16_t vectors) { return (uint64_t{vectors} + 63) / 64 * 8; }
}  // namespace msix

// One table entry and its pending bit, as a VM snapshot carries them (docs/vm-snapshots.md).
struct MsixVectorState {
  uint64_t address = 0;
  uint32_t data = 0;
  uint32_t control = msix::kVectorMasked;  // only the mask bit is defined
  bool pending = false;
};

class MsixCapability {
 public:
  // Setup thread. `vectors` is clamped to 1..2048; one GSI is allocated per vector when `router` is
  // set. Router null: the capability is present but never fires (the function stays on INTx).
  MsixCapability(uint16_t vectors, vmm::MsiRouter* router);
  MsixCapability(const MsixCapability&) = delete;
  MsixCapability& operator=(const MsixCapability&) = delete;

  // Setup: appends the capability to `config` (table and PBA in BAR `bir` at these offsets, which
  // must be 8-byte aligned); returns its offset, 0 if the capability list is full.
  uint8_t add_to(PciConfigSpace& config, uint8_t bir, uint32_t table_offset, uint32_t pba_offset);
  // Config-write path (PciRoot lock held): call after every config write; reacts to enable and
  // function-mask changes (routes of deliverable vectors are committed, pending ones delivered).
  void config_written(const PciConfigSpace& config, uint32_t offset, uint32_t size);
  // Any thread. Enabled: the Message Control enable bit is set and a router exists.
  bool enabled() const;
  uint16_t vectors() const { return static_cast<uint16_t>(entries_.size()); }
  uint8_t cap_offset() const { return cap_; }

  // vCPU thread: BAR accesses at `offset` inside the table / the PBA (any width, bytes past the
  // last entry read as 0 and ignore writes; only the mask bit of Vector Control is writable).
  void table_read(uint64_t offset, uint8_t* data, uint32_t size);
  void table_write(uint64_t offset, const uint8_t* data, uint32_t size);
  void pba_read(uint64_t offset, uint8_t* data, uint32_t size);

  // Any thread: raises vector `v` (kept pending while masked, delivered on unmask). False if `v` is
  // out of range or MSI-X is disabled (nothing is recorded then: the function signals by INTx).
  bool signal(uint16_t v);
  // Any thread (tests, diagnostics): the pending bit of `v`.
  bool pending(uint16_t v) const;

  // Snapshot: the table and the PBA. Restore puts them back without committing anything; the next
  // config_written() (the Message Control restore) commits the routes and delivers what it can, as
  // when the guest enables MSI-X. False, and nothing changed, for a wrong count or undefined bits.
  std::vector<MsixVectorState> vector_states() const;
  bool restore_vectors(const std::vector<MsixVectorState>& states);

 private:
  struct Entry {
    uint64_t address = 0;
    uint32_t data = 0;
    uint32_t control = msix::kVectorMasked;  // masked after reset (§6.8.2.9)
    bool pending = false;
    int gsi = -1;
  };
  bool masked(const Entry& e) const { return function_mask_ || (e.control & msix::kVectorMasked); }
  void update(Entry& e);  // mu_ held: commit the route and deliver a pending message if deliverable

  vmm::MsiRouter* router_;
  uint8_t cap_ = 0;
  // Lock order: a device's own lock, then mu_, then the MsiRouter's lock.
  mutable std::mutex mu_;
  std::vector<Entry> entries_;
  bool enabled_ = false, function_mask_ = false;
};

}  // namespace tshyve::devices
