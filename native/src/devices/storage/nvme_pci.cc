// NVMe PCI function: configuration header (PCI 3.0 §6.2, class code per NVM Express 1.4 §2.1.5),
// registers and doorbells below the MSI-X table of BAR 0 (NVM Express 1.4 §3.1).
#include "devices/storage/nvme_pci.h"

#include <cstdio>

#include "devices/storage/nvme_identify.h"

namespace tshyve::devices::storage {

namespace {
constexpr uint32_t kClassNvme = 0x010802;  // mass storage, non-volatile memory, NVM Express
constexpr uint32_t kStateVersion = 1;      // of the snapshot section (docs/vm-snapshots.md)
}  // namespace

// MSI-X: the admin CQ's vector and one per I/O CQ.
NvmePciFunction::NvmePciFunction(const NvmeConfig& config, vmm::GuestMemoryView& memory, NvmePciOptions options)
    : PciMsixBarFunction("nvme", {kBarSize, kMsixTable, kMsixPba}, static_cast<uint16_t>(NvmeController::queues_for(config) + 1),
                         options.router, options.intx),
      config_(config),
      options_(std::move(options)) {
  config_space().set_identity(nvme::kPciVendor, nvme::kPciDevice, kClassNvme, 0, nvme::kPciVendor, nvme::kPciDevice);
  controller_ = std::make_unique<NvmeController>(config_, memory, *this, options_.workers);
}

NvmePciFunction::~NvmePciFunction() { controller_->stop(); }

std::string NvmePciFunction::describe() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "nvme %02x.%x", config_.slot, config_.function);
  return buf;
}

// Registers and doorbells; the rest below the MSI-X table reads as 0 and ignores writes.
void NvmePciFunction::registers_read(uint64_t offset, uint8_t* data, uint32_t size) {
  if (offset < NvmeController::doorbell_end(controller_->max_queues())) controller_->read(offset, data, size);
}

void NvmePciFunction::registers_write(uint64_t offset, const uint8_t* data, uint32_t size) {
  if (offset < NvmeController::doorbell_end(controller_->max_queues())) controller_->write(offset, data, size);
}

void NvmePciFunction::save_state(vmm::StateWriter& w) const {
  w.u32(kStateVersion);
  controller_->save_limits(w);
  save_pci_state(w);
  controller_->save_state(w);
}

bool NvmePciFunction::restore_state(vmm::StateReader& r) {
  PciState pci;
  if (r.u32() != kStateVersion || !controller_->check_limits(r) || !read_pci_state(r, pci)) return false;
  if (!controller_->restore_state(r)) return false;
  apply_pci_state(pci);
  return true;
}

}  // namespace tshyve::devices::storage
