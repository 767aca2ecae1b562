// Virtio over PCI, modern interface (virtio 1.2 §4.1): BAR 0 dispatch to the common configuration
// (virtio_common_config.h), ISR, device configuration, notify area and MSI-X table/PBA (devices/pci/msix.h);
// notifications via ioeventfd, interrupts via MSI-X/irqfd or INTx.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "devices/pci/msix.h"
#include "devices/pci/pci_bar_device.h"
#include "devices/virtio/virtio_common_config.h"
#include "devices/virtio/virtio_device.h"
#include "devices/virtio/virtio_pci_cfg_window.h"
#include "devices/virtio/virtio_spec.h"
#include "vmm/interrupt_line.h"
#include "vmm/ioeventfd.h"
#include "vmm/log.h"
#include "vmm/msi_routing.h"
#include "vmm/snapshot_quiesce.h"
#include "vmm/snapshot_state.h"
#include "vmm/unique_fd.h"

namespace tshyve::devices::virtio {

// BAR 0 layout (our choice; the capabilities tell the driver where each piece is).
namespace bar_layout {
constexpr uint64_t kCommon = 0x0000, kCommonSize = 0x38;  // struct virtio_pci_common_cfg, §4.1.4.3
constexpr uint64_t kIsr = 0x1000, kIsrSize = 1;
constexpr uint64_t kDevice = 0x2000, kDeviceSize = 0x1000;
constexpr uint64_t kNotify = 0x3000, kNotifySize = 0x1000;
constexpr uint32_t kNotifyMultiplier = 4;                         // one 4-byte doorbell per queue
constexpr uint64_t kMsixTable = 0x4000, kMsixTableSize = 0x1000;  // 16 bytes per vector
constexpr uint64_t kMsixPba = 0x5000, kMsixPbaSize = 0x1000;
constexpr uint64_t kBarSize = 0x8000;
}  // namespace bar_layout

struct VirtioPciOptions {
  int vm_fd = -1;                            // for queue doorbells (vmm::IoEventFdRegistrar); -1 in unit tests
  vmm::MsiRouter* router = nullptr;          // MSI-X delivery; null: INTx only
  std::shared_ptr<vmm::InterruptLine> intx;  // INTA# of this slot; may be null
  uint8_t slot = 0, function = 0;
  std::vector<uint8_t> rom;  // expansion ROM image (PCI 3.0 §6.3, e.g. iPXE); empty: no ROM BAR
};

// Expansion ROM BAR (PCI 3.0 §6.2.5.2, pci_reg::kExpansionRom) sizes.
constexpr uint64_t kPciRomMinSize = 2048;         // bits 10:1 are reserved: 2 KiB granularity
constexpr uint64_t kPciRomMaxSize = 16ull << 20;  // our limit; iPXE images are < 1 MiB

class VirtioPciFunction : public PciBarDevice, public DeviceContext, public vmm::SnapshotQuiesce, private CommonConfigEffects {
 public:
  // Setup thread. Throws std::runtime_error if eventfds cannot be made.
  VirtioPciFunction(std::shared_ptr<VirtioDevice> device, vmm::GuestMemoryView& memory, VirtioPciOptions options);
  ~VirtioPciFunction() override;

  // PciFunction: vCPU thread (serialised by the PciRoot).
  uint32_t config_read(uint32_t offset, uint32_t size) override;
  void config_write(uint32_t offset, uint32_t size, uint32_t value) override;

  // PciBarDevice: BAR 0 and the expansion ROM (vCPU thread, through the PCI MMIO window).
  void mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) override;
  void mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) override;
  // BAR 0 accesses at `offset` inside the BAR (also the §4.1.4.9 configuration access window).
  void bar_read(uint64_t offset, uint8_t* data, uint32_t size);
  void bar_write(uint64_t offset, const uint8_t* data, uint32_t size);
  // vCPU thread: whether `addr` hits the enabled BAR 0 / expansion ROM, and the offset inside it.
  bool bar_hit(uint64_t addr, uint64_t& offset) const { return region_hit(0, addr, offset); }
  bool rom_hit(uint64_t addr, uint64_t& offset) const { return region_hit(kPciRomRegion, addr, offset); }
  // Setup thread: place BAR 0 and enable memory decoding + bus mastering (direct boot, no firmware).
  void preassign_bar(uint64_t address);
  void rom_read(uint64_t offset, uint8_t* data, uint32_t size) const;
  uint64_t rom_size() const { return rom_size_; }

  // Setup thread: registers queue doorbells and device fds with the loop.
  void attach(vmm::EventLoop& loop);
  void shutdown();
  VirtioDevice& device() { return *device_; }
  uint8_t status() const { return common_.status(); }

  // DeviceContext (lock held).
  std::mutex& lock() override { return mu_; }
  vmm::GuestMemoryView& memory() override { return memory_; }
  uint64_t negotiated_features() const override { return common_.driver_features(); }
  bool active() const override { return (common_.status() & kStatusDriverOk) && !(common_.status() & kStatusNeedsReset); }
  Virtqueue& queue(uint16_t index) override { return queues_[index]; }
  void notify_used(uint16_t index) override;
  void notify_config_change() override;
  void needs_reset(const std::string& why) override;

  // VM snapshot (docs/vm-snapshots.md): configuration space as programmed, the MSI-X table and PBA,
  // the common configuration, the queues' indices and the device's own state. save_state: lock()
  // held by the caller, who keeps it until guest RAM is written too (a request completing in between
  // would be lost); throws vmm::SnapshotError while a request is in flight. restore_state: on a
  // fresh function, guest RAM already restored; BARs (and their ioeventfds) and MSI-X routes come
  // back through the paths guest programming takes, then every doorbell rings once so requests
  // queued before the snapshot are seen. False for garbled bytes: the function stays in reset state.
  void save_state(vmm::StateWriter& w);
  bool restore_state(vmm::StateReader& r);
  // lock() held: chains taken from the active queues and not yet returned to the used rings.
  uint32_t requests_in_flight() const override;
  std::mutex& snapshot_lock() override { return mu_; }
  uint8_t slot() const { return options_.slot; }
  uint8_t function() const { return options_.function; }
  MsixCapability& msix() { return msix_; }

  // Test hook: the doorbell eventfd of queue `q` (what KVM signals on a notify write).
  int doorbell_fd(uint16_t q) const { return doorbells_[q].get(); }
  // Event-loop thread (or tests): a doorbell fired.
  void doorbell(uint16_t q);

 private:
  uint64_t offered_features() const;
  // CommonConfigEffects (mu_ held).
  void status_written(const StatusOutcome& outcome) override;
  void queue_enabled(uint16_t q) override;
  void go_live();
  void reset_device();
  void signal_vector(uint16_t vector, uint8_t isr_bit);
  void msix_control_changed(uint32_t offset, uint32_t size);
  void region_placed(const PciBarChange& change, bool mapped) override;
  std::string describe() const override;
  void update_ioeventfds(uint64_t address, bool enabled);
  void pci_cfg_access(bool write);
  bool restore_queues_and_device(vmm::StateReader& r);
  bool region_hit(int region, uint64_t addr, uint64_t& offset) const {
    int r;
    return bar_map().hit(addr, r, offset) && r == region;
  }

  std::shared_ptr<VirtioDevice> device_;
  vmm::GuestMemoryView& memory_;
  VirtioPciOptions options_;
  PciConfigSpace config_;
  MsixCapability msix_;  // one vector per queue plus the configuration-change vector
  PciCfgWindow pci_cfg_;

  // Lock order: mu_ (device state, queues) before the MsixCapability's lock.
  std::mutex mu_;
  CommonConfig common_;
  std::vector<Virtqueue> queues_;
  uint8_t isr_ = 0;
  bool intx_level_ = false;

  uint64_t rom_size_ = 0;  // the expansion ROM image padded to a power of two
  vmm::IoEventFdRegistrar ioevents_;
  uint64_t ioeventfd_address_ = 0;
  bool ioeventfds_registered_ = false;
  std::vector<vmm::UniqueFd> doorbells_;
  vmm::EventLoop* loop_ = nullptr;
};

}  // namespace tshyve::devices::virtio
