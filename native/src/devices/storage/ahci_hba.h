// An AHCI 1.3.1 host bus adapter as a PCI function (class 01/06/01, ABAR in memory BAR 5): generic
// host control (§3.1), up to 32 ports with a SATA disk or ATAPI CD-ROM each, INTx (and MSI when
// the function's MSI capability is enabled: one message per new interrupt event). Commands that can
// finish without waiting for the disk run in the PxCI write (the shared block layer's inline
// attempt, backends/block_request_queue.h); the rest on one worker thread per controller, but for
// queued (NCQ) transfers, which go to each disk's block-layer workers and complete through here.
#pragma once
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "devices/pci/msi.h"
#include "devices/pci/pci_bar_device.h"
#include "devices/storage/ahci_config.h"
#include "devices/storage/ahci_port.h"
#include "vmm/guest_memory_view.h"
#include "vmm/interrupt_line.h"
#include "vmm/msi_routing.h"
#include "vmm/snapshot_quiesce.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices::storage {

struct AhciHbaOptions {
  std::shared_ptr<vmm::InterruptLine> intx;  // INTA# of the slot; may be null
  // MSI delivery; null: the MSI capability is still offered but never fires (INTx stays in use).
  vmm::MsiRouter* router = nullptr;
  bool worker = true;  // false (unit tests, fuzzing): commands run inside the PxCI write
};

class AhciHba : public PciBarDevice, public vmm::SnapshotQuiesce, private backends::BlockCompletions {
 public:
  // Setup thread. Opens every drive's image; throws backends::BlockFileError or std::runtime_error.
  AhciHba(const AhciConfig& config, vmm::GuestMemoryView& memory, AhciHbaOptions options);
  ~AhciHba() override;

  uint32_t config_read(uint32_t offset, uint32_t size) override;
  void config_write(uint32_t offset, uint32_t size, uint32_t value) override;
  void mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) override;
  void mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) override;

  // Setup thread: place ABAR and enable memory decoding + bus mastering (direct boot, no firmware).
  void preassign_bar(uint64_t address);
  void shutdown();
  // ABAR dword access (tests and the MMIO path).
  uint32_t read_register(uint32_t offset);
  void write_register(uint32_t offset, uint32_t value);
  size_t port_count() const { return ports_.size(); }
  AhciPort& port(size_t i) { return *ports_[i]; }
  PciConfigSpace& config() { return config_; }
  uint8_t msi_cap() const { return msi_cap_; }
  uint64_t interrupts() const { return interrupts_.load(std::memory_order_relaxed); }
  uint8_t slot() const { return cfg_.slot; }
  uint8_t function() const { return cfg_.function; }

  // VM snapshot (docs/vm-snapshots.md): configuration space as programmed, the MSI pending bit,
  // GHC and IS, every port's registers and NCQ state and its drive's. save_state: snapshot_lock()
  // held by the caller until guest RAM is written; throws vmm::SnapshotError while a queued
  // transfer is in flight. restore_state: on a controller just built from the same config, guest
  // RAM restored. False for garbled bytes (the HBA is left reset); vmm::SnapshotError for another
  // port count, drive kind or medium size. Then the configuration is replayed through config_write
  // (ABAR placement, MSI route, INTx level) and commands issued before the snapshot run.
  std::mutex& snapshot_lock() override { return mu_; }
  uint32_t requests_in_flight() const override;
  void save_state(vmm::StateWriter& w) const;
  bool restore_state(vmm::StateReader& r);

 private:
  uint32_t read_locked(uint32_t offset) const;
  void write_locked(uint32_t offset, uint32_t value);
  void run_ports_locked();
  void update_irq_locked(bool new_event);
  bool msi_enabled() const;
  void worker() noexcept;
  void completed(backends::BlockBatch& batch) override;  // a disk's block-layer worker
  void reset_locked();                                   // GHC.HR
  bool restore_ports_locked(vmm::StateReader& r);        // false: garbled (the caller resets)
  std::string describe() const override;

  AhciConfig cfg_;
  vmm::GuestMemoryView& memory_;
  AhciHbaOptions options_;
  PciConfigSpace config_;
  MsiCapability msi_;
  uint8_t msi_cap_ = 0;

  mutable std::mutex mu_;  // guards every register and the ports (leaf lock)
  std::condition_variable cv_;
  std::vector<std::unique_ptr<AhciPort>> ports_;
  uint32_t cap_ = 0, ghc_ = 0, is_ = 0, pi_ = 0;
  bool intx_level_ = false;
  bool kicked_ = false, stop_ = false;
  std::atomic<uint64_t> interrupts_{0};  // asserted INTx edges and MSI messages (any thread reads)
  std::thread thread_;
};

}  // namespace tshyve::devices::storage
