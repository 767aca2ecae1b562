// NVMe PCI function: configuration header (PCI 3.0 §6.2, class code per NVM Express 1.4 §2.1.5),
// BAR 0 decoding through the PCI MMIO window, MSI-X (PCI 3.0 §6.8.2) and INTA# (§6.2.4, interrupt disable bit).
#include "devices/storage/nvme_pci.h"

#include <cstring>
#include <stdexcept>

#include "devices/storage/nvme_identify.h"
#include "vmm/log.h"

namespace tshyve::devices::storage {

namespace {
constexpr uint32_t kClassNvme = 0x010802;  // mass storage, non-volatile memory, NVM Express
}

NvmePciFunction::NvmePciFunction(const NvmeConfig& config, vmm::GuestMemoryView& memory, NvmePciOptions options)
    : config_(config), options_(std::move(options)), space_(PciConfigSpace::kLegacySize) {
  space_.set_identity(nvme::kPciVendor, nvme::kPciDevice, kClassNvme, 0, nvme::kPciVendor, nvme::kPciDevice);
  space_.set_interrupt_pin(1);
  space_.add_bar(0, PciBarKind::kMem64, kBarSize);
  msix_ = std::make_unique<MsixCapability>(static_cast<uint16_t>(NvmeController::queues_for(config_) + 1), options_.router);
  if (!msix_->add_to(space_, 0, kMsixTable, kMsixPba)) throw std::runtime_error("nvme: capability space full");
  space_.on_bar_change([this](const PciBarChange& c) {
    if (c.index != 0) return;
    if (!place_region(0, c.new_address, kBarSize, c.enabled))
      vmm::guest_log("nvme %02x.%x: BAR 0 at 0x%llx overlaps another function's BAR; left unmapped", config_.slot, config_.function,
                     static_cast<unsigned long long>(c.new_address));
  });
  controller_ = std::make_unique<NvmeController>(config_, memory, *this, options_.workers);
}

NvmePciFunction::~NvmePciFunction() { controller_->stop(); }

uint32_t NvmePciFunction::config_read(uint32_t offset, uint32_t size) { return space_.read(offset, size); }

void NvmePciFunction::config_write(uint32_t offset, uint32_t size, uint32_t value) {
  space_.write(offset, size, value);
  msix_->config_written(space_, offset, size);
  const bool command = offset < pci_reg::kCommand + 2 && offset + size > pci_reg::kCommand;
  const uint32_t ctl = msix_->cap_offset() + 2u;
  if (command) intx_disabled_.store(space_.command() & pci_reg::kCommandIntxDisable, std::memory_order_relaxed);
  if (command || (offset < ctl + 2 && offset + size > ctl)) controller_->interrupt_mode_changed();
}

void NvmePciFunction::mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) {
  std::memset(data, 0, size);
  if (region != 0 || size > 8) return;
  if (offset < NvmeController::doorbell_end(controller_->max_queues()))
    controller_->read(offset, data, size);
  else if (offset >= kMsixTable && offset < kMsixPba)
    msix_->table_read(offset - kMsixTable, data, size);
  else if (offset >= kMsixPba)
    msix_->pba_read(offset - kMsixPba, data, size);
}

void NvmePciFunction::mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) {
  if (region != 0 || size > 8) return;
  if (offset < NvmeController::doorbell_end(controller_->max_queues()))
    controller_->write(offset, data, size);
  else if (offset >= kMsixTable && offset < kMsixPba)
    msix_->table_write(offset - kMsixTable, data, size);
}

// Called with the controller lock held; the command register's interrupt disable bit gates INTA#.
void NvmePciFunction::set_intx(bool level) {
  if (!options_.intx) return;
  options_.intx->set_level(level && !intx_disabled_.load(std::memory_order_relaxed));
}

void NvmePciFunction::preassign_bar(uint64_t address) {
  space_.write(pci_reg::kBar0, 4, static_cast<uint32_t>(address));
  space_.write(pci_reg::kBar0 + 4, 4, static_cast<uint32_t>(address >> 32));
  space_.write(pci_reg::kCommand, 2, space_.command() | pci_reg::kCommandMemory | pci_reg::kCommandBusMaster);
}

}  // namespace tshyve::devices::storage
