// The NVMe controller as a PCI function (NVM Express 1.4 §2: class 01/08/02, registers in 64-bit
// memory BAR 0/1) with MSI-X, one vector per completion queue (table and PBA in BAR 0), and INTA#.
#pragma once
#include <atomic>
#include <memory>

#include "devices/pci/msix.h"
#include "devices/pci/pci_bar_device.h"
#include "devices/pci/pci_config_space.h"
#include "devices/storage/nvme_config.h"
#include "devices/storage/nvme_controller.h"
#include "vmm/interrupt_line.h"
#include "vmm/msi_routing.h"

namespace tshyve::devices::storage {

struct NvmePciOptions {
  std::shared_ptr<vmm::InterruptLine> intx;  // INTA# of the slot; may be null (tests)
  vmm::MsiRouter* router = nullptr;          // MSI-X delivery; null: INTx only
  unsigned workers = 4;                      // I/O threads (0: the caller drives, see NvmeController)
};

class NvmePciFunction : public PciBarDevice, public NvmeInterrupts {
 public:
  static constexpr uint64_t kBarSize = 0x4000;  // registers, doorbells 0x1000, MSI-X 0x2000/0x3000
  static constexpr uint64_t kMsixTable = 0x2000, kMsixPba = 0x3000;

  // Setup thread; throws like NvmeController.
  NvmePciFunction(const NvmeConfig& config, vmm::GuestMemoryView& memory, NvmePciOptions options);
  ~NvmePciFunction() override;

  uint32_t config_read(uint32_t offset, uint32_t size) override;
  void config_write(uint32_t offset, uint32_t size, uint32_t value) override;
  void mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) override;
  void mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) override;

  // Setup thread: places BAR 0 and enables decoding and bus mastering (direct boot, no firmware).
  void preassign_bar(uint64_t address);
  void stop() { controller_->stop(); }
  NvmeController& controller() { return *controller_; }

 private:
  bool msix_enabled() override { return msix_->enabled(); }
  void msix_signal(uint16_t vector) override { msix_->signal(vector); }
  void set_intx(bool level) override;
  uint16_t vectors() const override { return msix_->vectors(); }

  NvmeConfig config_;
  NvmePciOptions options_;
  PciConfigSpace space_;
  std::unique_ptr<MsixCapability> msix_;    // admin CQ + one vector per I/O CQ
  std::atomic<bool> intx_disabled_{false};  // command register bit 10, read by I/O workers
  std::unique_ptr<NvmeController> controller_;
};

}  // namespace tshyve::devices::storage
