// A PCI function whose registers, MSI-X table and PBA (PCI 3.0 §6.8.2) share one 64-bit memory BAR 0,
// with INTA# gated by the command register's interrupt disable bit (§6.2.2): the xHCI and NVMe shape.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "devices/pci/msix.h"
#include "devices/pci/pci_bar_device.h"
#include "devices/pci/pci_config_space.h"
#include "vmm/interrupt_line.h"
#include "vmm/msi_routing.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices {

// BAR 0 from its start: the function's registers up to table_offset, the MSI-X table up to
// pba_offset, the PBA up to bar_size (a power of two; the offsets 8-byte aligned).
struct PciMsixBarLayout {
  uint64_t bar_size = 0;
  uint64_t table_offset = 0;
  uint64_t pba_offset = 0;
};

class PciMsixBarFunction : public PciBarDevice {
 public:
  uint32_t config_read(uint32_t offset, uint32_t size) override;
  void config_write(uint32_t offset, uint32_t size, uint32_t value) override;
  // vCPU thread: region 0 only, accesses of at most 8 bytes inside the BAR (others read as 0).
  void mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) final;
  void mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) final;

  // Setup thread: places BAR 0 and enables decoding and bus mastering (direct boot, no firmware).
  void preassign_bar(uint64_t address);
  MsixCapability& msix() { return msix_; }
  const MsixCapability& msix() const { return msix_; }

 protected:
  // Setup: declares BAR 0 and appends the MSI-X capability (`vectors` vectors, table and PBA in BAR
  // 0); throws std::runtime_error starting with `name` when the capability list is full.
  PciMsixBarFunction(const char* name, const PciMsixBarLayout& layout, uint16_t vectors, vmm::MsiRouter* router,
                     std::shared_ptr<vmm::InterruptLine> intx);
  PciConfigSpace& config_space() { return space_; }

  // vCPU thread: an access below the MSI-X table (a read's bytes are zeroed first).
  virtual void registers_read(uint64_t offset, uint8_t* data, uint32_t size) = 0;
  virtual void registers_write(uint64_t offset, const uint8_t* data, uint32_t size) = 0;
  // Config-write path: the command register or MSI-X Message Control was written, so INTx disable
  // or MSI-X enable may have changed.
  virtual void interrupt_mode_changed() = 0;
  // Any thread: INTA# to `level`, held low while the command register disables INTx.
  void drive_intx(bool level);

  // VM snapshot: configuration space as programmed, the MSI-X table and PBA. read_pci_state checks
  // and stages without changing anything; apply_pci_state puts the vectors back, then replays the
  // configuration through config_write (BAR 0 placement, INTx disable, and the MSI-X enable, which
  // commits the routes and delivers the pending bits that are deliverable).
  struct PciState {
    std::vector<uint8_t> config;
    std::vector<MsixVectorState> vectors;
  };
  void save_pci_state(vmm::StateWriter& w) const;
  bool read_pci_state(vmm::StateReader& r, PciState& out) const;
  void apply_pci_state(const PciState& state);

 private:
  PciMsixBarLayout layout_;
  std::shared_ptr<vmm::InterruptLine> intx_;  // may be null (tests)
  PciConfigSpace space_;
  MsixCapability msix_;
  std::atomic<bool> intx_disabled_{false};  // command register bit 10, read by device threads
};

}  // namespace tshyve::devices
