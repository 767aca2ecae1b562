// xHCI PCI function: configuration header (PCI 3.0 §6.2; class code and SBRN/FLADJ per xHCI 1.2
// §5.2.1-5.2.4); the controller's registers below the MSI-X table of BAR 0 (xHCI 1.2 §5.1).
#include "devices/usb/xhci_pci.h"

#include <cstdio>

namespace tshyve::devices::usb {

namespace {
constexpr uint16_t kVendor = 0x1b36, kDevice = 0x000d;  // PCI ID of a generic xHCI controller
constexpr uint32_t kClassXhci = 0x0c0330;               // serial bus, USB, xHCI
constexpr uint32_t kSbrn = 0x60, kFladj = 0x61;
constexpr uint8_t kUsb30 = 0x30, kFladjDefault = 0x20;
}  // namespace

XhciPciFunction::XhciPciFunction(vmm::GuestMemoryView& memory, XhciPciOptions options)
    : PciMsixBarFunction("xhci", {xhci::kBarSize, xhci::kMsixTable, xhci::kMsixPba}, 1, options.router, options.intx),
      options_(std::move(options)) {
  config_space().set_identity(kVendor, kDevice, kClassXhci, 1, kVendor, kDevice);
  config_space().set_u8(kSbrn, kUsb30);
  config_space().set_u8(kFladj, kFladjDefault, 0x3f);
  tablet_ = std::make_shared<HidTablet>();
  controller_ = std::make_unique<XhciController>(memory, *this, std::array<std::shared_ptr<UsbDevice>, xhci::kMaxPorts>{tablet_});
}

std::string XhciPciFunction::describe() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "xhci %02x.%x", options_.slot, options_.function);
  return buf;
}

}  // namespace tshyve::devices::usb
