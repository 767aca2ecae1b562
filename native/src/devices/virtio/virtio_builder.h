// Builds a VM's virtio-pci functions (§4.1) from its config: registers them on the PCI root and in
// the PCI MMIO window, and attaches them to the VM's device event loop.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "devices/pci/pci_bar_window.h"
#include "devices/virtio/virtio_9p_config.h"
#include "devices/virtio/virtio_config.h"
#include "devices/virtio/virtio_pci.h"
#include "vmm/event_loop.h"
#include "vmm/msi_routing.h"

namespace tshyve::devices {
class PciRoot;
}

namespace tshyve::devices::virtio {

struct VirtioBuildInputs {
  std::vector<DiskConfig> disks;
  std::vector<NicConfig> nics;
  std::vector<RngConfig> rng;
  std::vector<ConsoleConfig> consoles;
  std::vector<ShareConfig> shares;  // virtio-9p
  int vm_fd = -1;
  vmm::GuestMemoryView* memory = nullptr;
  PciRoot* pci = nullptr;
  std::function<std::shared_ptr<vmm::InterruptLine>(uint32_t gsi)> irq;
  PciBarWindow* window = nullptr;    // where the functions' BARs decode
  vmm::MsiRouter* router = nullptr;  // MSI-X delivery
  vmm::EventLoop* loop = nullptr;    // services the queues; started and stopped by the VM
  bool preassign_bars = false;       // direct kernel boot: no firmware programs the BARs
};

class VirtioDevices {
 public:
  // Setup thread. Throws std::runtime_error (e.g. disk locked, tap missing) with a user message.
  explicit VirtioDevices(const VirtioBuildInputs& in);
  ~VirtioDevices();
  // Supervisor/JS thread, after the event loop stopped: stops the device threads; idempotent.
  void stop();
  size_t size() const { return functions_.size(); }
  const std::vector<std::shared_ptr<VirtioPciFunction>>& functions() const { return functions_; }

 private:
  std::vector<std::shared_ptr<VirtioPciFunction>> functions_;
  bool stopped_ = false;
};

}  // namespace tshyve::devices::virtio
