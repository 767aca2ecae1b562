// xHCI PCI function: configuration header (PCI 3.0 §6.2; class code and SBRN/FLADJ per xHCI 1.2
// §5.2.1-5.2.4), BAR 0 through the PCI MMIO window, MSI-X (PCI 3.0 §6.8.2) and INTA# with the
// command register's interrupt disable bit.
#include "devices/usb/xhci_pci.h"

#include <cstring>
#include <stdexcept>

#include "vmm/log.h"

namespace tshyve::devices::usb {

namespace {
constexpr uint16_t kVendor = 0x1b36, kDevice = 0x000d;  // PCI ID of a generic xHCI controller
constexpr uint32_t kClassXhci = 0x0c0330;               // serial bus, USB, xHCI
constexpr uint32_t kSbrn = 0x60, kFladj = 0x61;
constexpr uint8_t kUsb30 = 0x30, kFladjDefault = 0x20;
}  // namespace

XhciPciFunction::XhciPciFunction(vmm::GuestMemoryView& memory, XhciPciOptions options)
    : options_(std::move(options)), space_(PciConfigSpace::kLegacySize) {
  space_.set_identity(kVendor, kDevice, kClassXhci, 1, kVendor, kDevice);
  space_.set_interrupt_pin(1);
  space_.add_bar(0, PciBarKind::kMem64, xhci::kBarSize);
  space_.set_u8(kSbrn, kUsb30);
  space_.set_u8(kFladj, kFladjDefault, 0x3f);
  msix_ = std::make_unique<MsixCapability>(1, options_.router);
  if (!msix_->add_to(space_, 0, static_cast<uint32_t>(xhci::kMsixTable), static_cast<uint32_t>(xhci::kMsixPba)))
    throw std::runtime_error("xhci: capability space full");
  space_.on_bar_change([this](const PciBarChange& c) {
    if (c.index != 0) return;
    if (!place_region(0, c.new_address, xhci::kBarSize, c.enabled))
      vmm::guest_log("%s: BAR 0 at 0x%llx overlaps another function's BAR; left unmapped", describe().c_str(),
                     static_cast<unsigned long long>(c.new_address));
  });
  tablet_ = std::make_shared<HidTablet>();
  controller_ = std::make_unique<XhciController>(memory, *this, std::array<std::shared_ptr<UsbDevice>, xhci::kMaxPorts>{tablet_});
}

std::string XhciPciFunction::describe() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "xhci %02x.%x", options_.slot, options_.function);
  return buf;
}

uint32_t XhciPciFunction::config_read(uint32_t offset, uint32_t size) { return space_.read(offset, size); }

void XhciPciFunction::config_write(uint32_t offset, uint32_t size, uint32_t value) {
  space_.write(offset, size, value);
  msix_->config_written(space_, offset, size);
  const bool command = offset < pci_reg::kCommand + 2 && offset + size > pci_reg::kCommand;
  const uint32_t ctl = msix_->cap_offset() + 2u;
  if (command) intx_disabled_.store(space_.command() & pci_reg::kCommandIntxDisable, std::memory_order_relaxed);
  if (command || (offset < ctl + 2 && offset + size > ctl)) controller_->interrupt_mode_changed();
}

void XhciPciFunction::mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) {
  std::memset(data, 0, size);
  if (region != 0 || size > 8 || offset >= xhci::kBarSize) return;
  if (offset < xhci::kMsixTable)
    controller_->read(offset, data, size);
  else if (offset < xhci::kMsixPba)
    msix_->table_read(offset - xhci::kMsixTable, data, size);
  else
    msix_->pba_read(offset - xhci::kMsixPba, data, size);
}

void XhciPciFunction::mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) {
  if (region != 0 || size > 8 || offset >= xhci::kBarSize) return;
  if (offset < xhci::kMsixTable)
    controller_->write(offset, data, size);
  else if (offset < xhci::kMsixPba)
    msix_->table_write(offset - xhci::kMsixTable, data, size);
}

// Called with the controller lock held.
void XhciPciFunction::set_intx(bool level) {
  if (!options_.intx) return;
  options_.intx->set_level(level && !intx_disabled_.load(std::memory_order_relaxed));
}

void XhciPciFunction::preassign_bar(uint64_t address) {
  space_.write(pci_reg::kBar0, 4, static_cast<uint32_t>(address));
  space_.write(pci_reg::kBar0 + 4, 4, static_cast<uint32_t>(address >> 32));
  space_.write(pci_reg::kCommand, 2, space_.command() | pci_reg::kCommandMemory | pci_reg::kCommandBusMaster);
}

}  // namespace tshyve::devices::usb
