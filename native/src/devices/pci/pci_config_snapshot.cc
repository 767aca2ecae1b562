// Configuration-space bytes of a VM snapshot (pci_config_snapshot.h): PCI 3.0 §6.1 header order,
// decoding enabled last so no BAR is placed at a half-written address.
#include "devices/pci/pci_config_snapshot.h"

#include <cstring>

namespace tshyve::devices {

void save_config_bytes(vmm::StateWriter& w, const PciConfigSpace& config) {
  w.u32(config.size());
  for (uint32_t i = 0; i < config.size(); ++i) w.u8(config.byte(i));
}

bool read_config_bytes(vmm::StateReader& r, const PciConfigSpace& config, std::vector<uint8_t>& out) {
  if (r.u32() != config.size() || !r.ok()) return false;
  out.assign(config.size(), 0);
  if (!r.bytes(out.data(), out.size())) return false;
  PciConfigSpace trial = config;
  trial.on_bar_change(nullptr);  // the copy must not move the real function's regions
  replay_config_bytes(out, [&](uint32_t off, uint32_t size, uint32_t v) { trial.write(off, size, v); });
  for (uint32_t i = 0; i < out.size(); ++i)
    if (trial.byte(i) != out[i]) return false;
  return true;
}

void replay_config_bytes(const std::vector<uint8_t>& bytes, const std::function<void(uint32_t, uint32_t, uint32_t)>& write) {
  auto put = [&](uint32_t off, uint32_t size) {
    uint32_t v = 0;
    std::memcpy(&v, bytes.data() + off, size);
    write(off, size, v);
  };
  if (bytes.size() < pci_reg::kCommand + 2) return;
  for (uint32_t off = pci_reg::kRevision; off + 4 <= bytes.size(); off += 4) put(off, 4);
  put(pci_reg::kCommand, 2);
}

}  // namespace tshyve::devices
