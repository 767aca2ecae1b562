// Builds a VM's virtio-pci functions (§4.1) from its config: registers them on the PCI root, puts
// the PCI MMIO window on the bus, and owns the event loop that services their queues.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "devices/virtio/msi_routing.h"
#include "devices/virtio/virtio_config.h"
#include "devices/virtio/virtio_pci.h"
#include "vmm/device_placement.h"
#include "vmm/event_loop.h"

namespace tshyve::devices {
class PciRoot;
}

namespace tshyve::devices::virtio {

struct VirtioBuildInputs {
  std::vector<DiskConfig> disks;
  std::vector<NicConfig> nics;
  std::vector<RngConfig> rng;
  std::vector<ConsoleConfig> consoles;
  int vm_fd = -1;
  vmm::GuestMemoryView* memory = nullptr;
  PciRoot* pci = nullptr;
  std::function<std::shared_ptr<vmm::InterruptLine>(uint32_t gsi)> irq;
  uint64_t mmio_window_base = 0, mmio_window_end = 0;
  bool preassign_bars = false;  // direct kernel boot: no firmware programs the BARs
};

class VirtioDevices {
 public:
  // Setup thread. Throws std::runtime_error (e.g. disk locked, tap missing) with a user message.
  explicit VirtioDevices(const VirtioBuildInputs& in);
  ~VirtioDevices();
  // Where the PCI MMIO window goes (empty if there are no virtio devices).
  std::vector<vmm::DevicePlacement> placements() const;
  void start();  // JS thread (VM start)
  void stop();   // supervisor/JS thread: stops the loop and device threads; idempotent
  size_t size() const { return functions_.size(); }
  vmm::EventLoop* event_loop() const { return loop_.get(); }
  const std::vector<std::shared_ptr<VirtioPciFunction>>& functions() const { return functions_; }

 private:
  std::unique_ptr<MsiRouter> router_;
  std::unique_ptr<vmm::EventLoop> loop_;
  std::vector<std::shared_ptr<VirtioPciFunction>> functions_;
  std::shared_ptr<PciBarWindow> window_;
  uint64_t window_base_ = 0, window_end_ = 0;
  bool stopped_ = false;
};

}  // namespace tshyve::devices::virtio
