// The NVMe controller as a PCI function (NVM Express 1.4 §2: class 01/08/02, registers in 64-bit
// memory BAR 0/1) with MSI-X, one vector per completion queue (table and PBA in BAR 0), and INTA#.
#pragma once
#include <memory>
#include <string>

#include "devices/pci/pci_msix_bar_function.h"
#include "devices/storage/nvme_config.h"
#include "devices/storage/nvme_controller.h"
#include "vmm/interrupt_line.h"
#include "vmm/msi_routing.h"
#include "vmm/snapshot_quiesce.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices::storage {

struct NvmePciOptions {
  std::shared_ptr<vmm::InterruptLine> intx;  // INTA# of the slot; may be null (tests)
  vmm::MsiRouter* router = nullptr;          // MSI-X delivery; null: INTx only
  unsigned workers = 4;                      // I/O threads (0: the caller drives, see NvmeController)
};

class NvmePciFunction : public PciMsixBarFunction, public NvmeInterrupts, public vmm::SnapshotQuiesce {
 public:
  static constexpr uint64_t kBarSize = 0x4000;  // registers, doorbells 0x1000, MSI-X 0x2000/0x3000
  static constexpr uint64_t kMsixTable = 0x2000, kMsixPba = 0x3000;

  // Setup thread; throws like NvmeController.
  NvmePciFunction(const NvmeConfig& config, vmm::GuestMemoryView& memory, NvmePciOptions options);
  ~NvmePciFunction() override;

  void stop() { controller_->stop(); }
  NvmeController& controller() { return *controller_; }

  // VM snapshot (docs/vm-snapshots.md): configuration space, MSI-X table and PBA, then the
  // controller's state. save_state: snapshot_lock() held (throws vmm::SnapshotError while a command
  // is in flight). restore_state: on a function just built from the same config, guest RAM restored;
  // everything is checked first (false: garbled, nothing changed; vmm::SnapshotError: the disk or
  // the queue limits differ), then BAR 0 and the MSI-X routes come back through config writes.
  std::mutex& snapshot_lock() override { return controller_->lock(); }
  uint32_t requests_in_flight() const override { return controller_->requests_in_flight(); }
  void save_state(vmm::StateWriter& w) const;
  bool restore_state(vmm::StateReader& r);
  uint8_t slot() const { return config_.slot; }
  uint8_t function() const { return config_.function; }

 private:
  void registers_read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void registers_write(uint64_t offset, const uint8_t* data, uint32_t size) override;
  void interrupt_mode_changed() override { controller_->interrupt_mode_changed(); }
  bool msix_enabled() override { return msix().enabled(); }
  void msix_signal(uint16_t vector) override { msix().signal(vector); }
  void set_intx(bool level) override { drive_intx(level); }  // controller lock held
  uint16_t vectors() const override { return msix().vectors(); }
  std::string describe() const override;

  NvmeConfig config_;
  NvmePciOptions options_;
  std::unique_ptr<NvmeController> controller_;
};

}  // namespace tshyve::devices::storage
