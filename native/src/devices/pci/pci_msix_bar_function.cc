// PCI function with registers and MSI-X in one 64-bit memory BAR: BAR 0 declaration and placement
// (PCI 3.0 §6.2.5.1), MSI-X table/PBA decoding (§6.8.2) and INTA# with the interrupt disable bit.
#include "devices/pci/pci_msix_bar_function.h"

#include <cstring>
#include <stdexcept>

#include "devices/pci/pci_config_snapshot.h"
#include "vmm/log.h"

namespace tshyve::devices {

PciMsixBarFunction::PciMsixBarFunction(const char* name, const PciMsixBarLayout& layout, uint16_t vectors, vmm::MsiRouter* router,
                                       std::shared_ptr<vmm::InterruptLine> intx)
    : layout_(layout), intx_(std::move(intx)), space_(PciConfigSpace::kLegacySize), msix_(vectors, router) {
  space_.set_interrupt_pin(1);
  space_.add_bar(0, PciBarKind::kMem64, layout_.bar_size);
  if (!msix_.add_to(space_, 0, static_cast<uint32_t>(layout_.table_offset), static_cast<uint32_t>(layout_.pba_offset)))
    throw std::runtime_error(std::string(name) + ": capability space full");
  space_.on_bar_change([this](const PciBarChange& c) {
    if (c.index != 0) return;
    if (!place_region(0, c.new_address, layout_.bar_size, c.enabled))
      vmm::guest_log("%s: BAR 0 at 0x%llx overlaps another function's BAR; left unmapped", describe().c_str(),
                     static_cast<unsigned long long>(c.new_address));
  });
}

uint32_t PciMsixBarFunction::config_read(uint32_t offset, uint32_t size) { return space_.read(offset, size); }

void PciMsixBarFunction::config_write(uint32_t offset, uint32_t size, uint32_t value) {
  space_.write(offset, size, value);
  msix_.config_written(space_, offset, size);
  const bool command = offset < pci_reg::kCommand + 2 && offset + size > pci_reg::kCommand;
  const uint32_t ctl = msix_.cap_offset() + 2u;
  if (command) intx_disabled_.store(space_.command() & pci_reg::kCommandIntxDisable, std::memory_order_relaxed);
  if (command || (offset < ctl + 2 && offset + size > ctl)) interrupt_mode_changed();
}

void PciMsixBarFunction::mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) {
  std::memset(data, 0, size);
  if (region != 0 || size > 8 || offset >= layout_.bar_size) return;
  if (offset < layout_.table_offset)
    registers_read(offset, data, size);
  else if (offset < layout_.pba_offset)
    msix_.table_read(offset - layout_.table_offset, data, size);
  else
    msix_.pba_read(offset - layout_.pba_offset, data, size);
}

void PciMsixBarFunction::mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) {
  if (region != 0 || size > 8 || offset >= layout_.bar_size) return;
  if (offset < layout_.table_offset)
    registers_write(offset, data, size);
  else if (offset < layout_.pba_offset)
    msix_.table_write(offset - layout_.table_offset, data, size);
}

void PciMsixBarFunction::drive_intx(bool level) {
  if (!intx_) return;
  intx_->set_level(level && !intx_disabled_.load(std::memory_order_relaxed));
}

void PciMsixBarFunction::preassign_bar(uint64_t address) {
  space_.write(pci_reg::kBar0, 4, static_cast<uint32_t>(address));
  space_.write(pci_reg::kBar0 + 4, 4, static_cast<uint32_t>(address >> 32));
  space_.write(pci_reg::kCommand, 2, space_.command() | pci_reg::kCommandMemory | pci_reg::kCommandBusMaster);
}

void PciMsixBarFunction::save_pci_state(vmm::StateWriter& w) const {
  save_config_bytes(w, space_);
  const auto vectors = msix_.vector_states();
  w.u16(static_cast<uint16_t>(vectors.size()));
  for (const auto& v : vectors) {
    w.u64(v.address);
    w.u32(v.data);
    w.u32(v.control);
    w.boolean(v.pending);
  }
}

bool PciMsixBarFunction::read_pci_state(vmm::StateReader& r, PciState& out) const {
  if (!read_config_bytes(r, space_, out.config)) return false;
  const uint16_t n = r.u16();
  if (!r.ok() || n != msix_.vectors()) return false;
  out.vectors.assign(n, {});
  for (auto& v : out.vectors) {
    v.address = r.u64();
    v.data = r.u32();
    v.control = r.u32();
    v.pending = r.boolean();
    if (v.control & ~msix::kVectorMasked) return false;
  }
  return r.ok();
}

void PciMsixBarFunction::apply_pci_state(const PciState& state) {
  msix_.restore_vectors(state.vectors);
  replay_config_bytes(state.config, [this](uint32_t off, uint32_t size, uint32_t v) { config_write(off, size, v); });
}

}  // namespace tshyve::devices
