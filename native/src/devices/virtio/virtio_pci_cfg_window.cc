// virtio 1.2 §4.1.4.9 PCI configuration access capability: layout, write mask and decoding.
#include "devices/virtio/virtio_pci_cfg_window.h"

#include <cstddef>
#include <vector>

#include "devices/virtio/virtio_pci_caps.h"
#include "devices/virtio/virtio_spec.h"

namespace tshyve::devices::virtio {

namespace {
constexpr uint32_t kBar = offsetof(VirtioPciCap, bar), kOffset = offsetof(VirtioPciCap, offset), kLength = offsetof(VirtioPciCap, length),
                   kData = offsetof(VirtioPciCfgCap, pci_cfg_data);
}  // namespace

uint8_t PciCfgWindow::add_to(PciConfigSpace& config) {
  VirtioPciCfgCap c{};
  c.cap.cap_vndr = kPciCapIdVendor;
  c.cap.cap_len = sizeof(VirtioPciCfgCap);
  c.cap.cfg_type = kPciCapPciCfg;
  // bar, offset, length and pci_cfg_data are driver-writable (§4.1.4.9).
  std::vector<uint8_t> writable(sizeof(VirtioPciCfgCap), 0);
  writable[kBar] = 0xff;
  for (size_t i = kOffset; i < sizeof(VirtioPciCfgCap); ++i) writable[i] = 0xff;
  cap_ = config.add_capability(cap_bytes(c), writable);
  return cap_;
}

bool PciCfgWindow::touches_data(uint32_t offset, uint32_t size) const {
  const uint32_t at = cap_ + kData;
  return cap_ && offset < at + 4 && at < offset + size;
}

bool PciCfgWindow::target(const PciConfigSpace& config, uint64_t bar_size, uint32_t& offset, uint32_t& length) const {
  const uint8_t bar = config.byte(cap_ + kBar);
  offset = config.read(cap_ + kOffset, 4);
  length = config.read(cap_ + kLength, 4);
  // offset > bar_size - length, not offset + length > bar_size: a guest-chosen offset near 2^32 must not wrap.
  return bar == 0 && (length == 1 || length == 2 || length == 4) && offset % length == 0 && offset <= bar_size - length;
}

uint32_t PciCfgWindow::data(const PciConfigSpace& config) const { return config.read(cap_ + kData, 4); }

void PciCfgWindow::set_data(PciConfigSpace& config, const uint8_t bytes[4]) const {
  config.set_bytes(cap_ + kData, {bytes[0], bytes[1], bytes[2], bytes[3]}, 0xff);
}

}  // namespace tshyve::devices::virtio
