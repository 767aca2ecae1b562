// The xHCI controller as a PCI function (xHCI 1.2 §5.2: class 0c/03/30, registers in 64-bit memory
// BAR 0, SBRN at 0x60), with one MSI-X vector (table and PBA in BAR 0) and INTA#; a USB HID tablet
// on root port 1, as bhyve's `xhci,tablet`.
#pragma once
#include <memory>

#include "devices/pci/pci_msix_bar_function.h"
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

class XhciPciFunction : public PciMsixBarFunction, public XhciInterrupts {
 public:
  XhciPciFunction(vmm::GuestMemoryView& memory, XhciPciOptions options);

  // The tablet, for the VM's input fan-out.
  std::shared_ptr<HidTablet> tablet() const { return tablet_; }
  XhciController& controller() { return *controller_; }

 private:
  void registers_read(uint64_t offset, uint8_t* data, uint32_t size) override { controller_->read(offset, data, size); }
  void registers_write(uint64_t offset, const uint8_t* data, uint32_t size) override { controller_->write(offset, data, size); }
  void interrupt_mode_changed() override { controller_->interrupt_mode_changed(); }
  bool msix_enabled() override { return msix().enabled(); }
  void msix_signal() override { msix().signal(0); }
  void set_intx(bool level) override { drive_intx(level); }  // controller lock held
  std::string describe() const override;

  XhciPciOptions options_;
  std::shared_ptr<HidTablet> tablet_;
  std::unique_ptr<XhciController> controller_;
};

}  // namespace tshyve::devices::usb
