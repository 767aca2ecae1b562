// The xHCI controller as a PCI function (xHCI 1.2 §5.2: class 0c/03/30, registers in 64-bit memory
// BAR 0, SBRN at 0x60), with one MSI-X vector (table and PBA in BAR 0) and INTA#; a USB HID tablet
// on root port 1, as bhyve's `xhci,tablet`.
#pragma once
#include <atomic>
#include <memory>

#include "devices/pci/msix.h"
#include "devices/pci/pci_bar_device.h"
#include "devices/pci/pci_config_space.h"
#include "devices/usb/hid_tablet.h"
#include "devices/usb/xhci_controller.h"
#include "vmm/interrupt_line.h"
#include "vmm/msi_routing.h"

namespace tshyve::devices::usb {

struct XhciPciOptions {
  uint8_t slot = 0, function = 0;            // for log lines
  std::shared_ptr<vmm::InterruptLine> intx;  // INTA# of the slot; may be null (tests)
  vmm::MsiRouter* router = nullptr;          // MSI-X delivery; null: INTx only
};

class XhciPciFunction : public PciBarDevice, public XhciInterrupts {
 public:
  XhciPciFunction(vmm::GuestMemoryView& memory, XhciPciOptions options);

  uint32_t config_read(uint32_t offset, uint32_t size) override;
  void config_write(uint32_t offset, uint32_t size, uint32_t value) override;
  void mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) override;
  void mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) override;

  // Setup thread: places BAR 0 and enables decoding and bus mastering (direct boot, no firmware).
  void preassign_bar(uint64_t address);
  // The tablet, for the VM's input fan-out.
  std::shared_ptr<HidTablet> tablet() const { return tablet_; }
  XhciController& controller() { return *controller_; }
  MsixCapability& msix() { return *msix_; }

 private:
  bool msix_enabled() override { return msix_->enabled(); }
  void msix_signal() override { msix_->signal(0); }
  void set_intx(bool level) override;
  std::string describe() const override;

  XhciPciOptions options_;
  PciConfigSpace space_;
  std::unique_ptr<MsixCapability> msix_;
  std::atomic<bool> intx_disabled_{false};
  std::shared_ptr<HidTablet> tablet_;
  std::unique_ptr<XhciController> controller_;
};

}  // namespace tshyve::devices::usb
