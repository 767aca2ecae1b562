// PCI root complex for bus 0: configuration mechanism #1 (PCI Local Bus 3.0 §3.2.2.3.2, ports
// 0xCF8/0xCFC-0xCFF) and the PCI Express enhanced configuration access mechanism (ECAM, PCIe 4.0 §7.2.2).
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>

#include "arch/x86_64/pci_intx_routing.h"
#include "devices/pci/pci_function.h"
#include "vmm/bus_device.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices {

using arch::x86_64::kPciSlotsPerBus;
using arch::x86_64::pci_intx_gsi;
constexpr uint32_t kPciFunctionsPerSlot = 8;

// Create with std::make_shared: the bus devices it hands out keep it alive.
class PciRoot : public std::enable_shared_from_this<PciRoot> {
 public:
  // Setup only (before any vCPU runs). Returns false if the slot is taken or out of range.
  bool add_function(uint32_t slot, uint32_t function, std::shared_ptr<PciFunction> fn);
  // First free slot on bus 0 from `first`, or -1.
  int free_slot(uint32_t first = 1) const;

  // vCPU thread. Bus 0 only; other buses and absent functions read all-ones.
  uint32_t config_read(uint32_t bus, uint32_t slot, uint32_t function, uint32_t offset, uint32_t size);
  void config_write(uint32_t bus, uint32_t slot, uint32_t function, uint32_t offset, uint32_t size, uint32_t value);

  // The 0xCF8..0xCFF port window (mechanism #1). A byte access at 0xCF9 is not a config access
  // (PCI 3.0 §3.2.2.3.2: only dword accesses to 0xCF8 latch the address); it goes to `cf9`
  // (the reset control register) if given.
  std::shared_ptr<vmm::BusDevice> io_device(std::shared_ptr<vmm::BusDevice> cf9 = nullptr);
  // The ECAM window: offset = bus << 20 | slot << 15 | function << 12 | register.
  std::shared_ptr<vmm::BusDevice> ecam_device();

  uint32_t config_address() const { return config_address_; }
  void set_config_address(uint32_t v) { config_address_ = v; }
  std::mutex& lock() { return mutex_; }

  // Snapshot state (docs/vm-snapshots.md, device 0x24): the 0xCF8 address latch, so a guest
  // between its CF8 write and its CFC access reaches the same register after restore. The
  // functions' own config spaces are not in it. Restore false when the bytes are garbled.
  void save_state(vmm::StateWriter& out);
  bool restore_state(vmm::StateReader& in);

 private:
  PciFunction* lookup(uint32_t bus, uint32_t slot, uint32_t function) const;

  std::array<std::shared_ptr<PciFunction>, kPciSlotsPerBus * kPciFunctionsPerSlot> functions_{};
  std::mutex mutex_;  // guards config_address_ and serialises function config accesses
  uint32_t config_address_ = 0;
};

}  // namespace tshyve::devices
