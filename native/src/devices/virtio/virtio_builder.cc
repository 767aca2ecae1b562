// Builds the virtio-pci functions of one VM (virtio 1.2 §4.1) on bus 0 at their configured slots,
// INTA# routed as the platform's _PRT (pci_intx_gsi), MSI-X through irqfd, one event loop.
#include "devices/virtio/virtio_builder.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "devices/pci/pci_root.h"
#include "devices/virtio/virtio_9p.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_net.h"
#include "devices/virtio/virtio_rng.h"

namespace tshyve::devices::virtio {

namespace {
// The whole option ROM file (PCI Firmware 3.0 §5.1 image(s)); empty path: no ROM.
std::vector<uint8_t> read_rom(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open option ROM " + path + ": " + std::strerror(errno));
  std::vector<uint8_t> rom((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (rom.size() < 512 || rom[0] != 0x55 || rom[1] != 0xaa) throw std::runtime_error("option ROM " + path + " has no 0x55AA signature");
  return rom;
}
}  // namespace

VirtioDevices::VirtioDevices(const VirtioBuildInputs& in) {
  auto add = [&](std::shared_ptr<VirtioDevice> dev, PciSlot at, std::vector<uint8_t> rom = {}) {
    VirtioPciOptions o;
    o.rom = std::move(rom);
    o.vm_fd = in.vm_fd;
    o.router = in.router;
    o.slot = at.slot;
    o.function = at.function;
    if (in.irq) o.intx = in.irq(pci_intx_gsi(at.slot, 0));
    auto fn = std::make_shared<VirtioPciFunction>(std::move(dev), *in.memory, o);
    if (!in.pci || !in.pci->add_function(at.slot, at.function, fn))
      throw std::runtime_error("PCI slot 0:" + std::to_string(at.slot) + "." + std::to_string(at.function) +
                               " is taken or invalid for virtio-" + fn->device().name());
    if (in.preassign_bars) {
      const uint64_t at = in.window->allocate(bar_layout::kBarSize);
      if (!at) throw std::runtime_error("PCI MMIO window is full");
      fn->preassign_bar(at);
    }
    in.window->add(fn);
    functions_.push_back(std::move(fn));
  };
  for (const auto& d : in.disks) {
    BlockConfig c;
    c.file.path = d.path;
    c.file.read_only = d.read_only;
    c.file.nocache = d.nocache;
    c.file.direct = d.direct;
    c.logical_sector_size = d.logical_sector_size;
    c.physical_sector_size = d.physical_sector_size;
    c.nodelete = d.nodelete;
    c.serial = d.serial;
    c.queues = d.queues ? d.queues : 1;
    c.bandwidth = d.bandwidth;
    c.iops = d.iops;
    add(std::make_shared<VirtioBlk>(c), d.pci);
  }
  for (const auto& n : in.nics) add(std::make_shared<VirtioNet>(n), n.pci, read_rom(n.rom_path));
  for (const auto& r : in.rng) add(std::make_shared<VirtioRng>(r), r.pci);
  for (const auto& c : in.consoles) add(std::make_shared<VirtioConsole>(c), c.pci);
  for (const auto& s : in.shares) add(std::make_shared<Virtio9p>(s), s.pci);
  for (auto& fn : functions_) fn->attach(*in.loop);
}

VirtioDevices::~VirtioDevices() { stop(); }

void VirtioDevices::stop() {
  if (stopped_) return;
  stopped_ = true;
  for (auto& fn : functions_) fn->shutdown();
}

}  // namespace tshyve::devices::virtio
