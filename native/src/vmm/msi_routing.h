// MSI delivery through KVM irqfd (Linux Documentation/virt/kvm/api.rst §4.75 KVM_IRQFD) on GSIs
// routed as MSI messages with KVM_SET_GSI_ROUTING (§4.52), keeping the default PIC/IOAPIC routes.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "vmm/unique_fd.h"

namespace tshyve::vmm {

class MsiRouter {
 public:
  // vm_fd < 0: a router without KVM (unit tests); trigger() then only counts.
  explicit MsiRouter(int vm_fd) : vm_fd_(vm_fd) {}
  // Setup thread: a new GSI (>= 24) with an eventfd bound to it by KVM_IRQFD. Returns -1 on failure.
  int allocate();
  // Config-write or vCPU thread (MSI/MSI-X programming): points `gsi` at the MSI message; false if
  // KVM refuses or `gsi` was not allocated here.
  bool set_route(int gsi, uint64_t address, uint32_t data);
  // Any thread: raises the interrupt (eventfd write; KVM injects without a userspace exit).
  void trigger(int gsi);
  uint64_t triggered() const { return triggered_.load(std::memory_order_relaxed); }
  uint64_t commits() const { return commits_.load(std::memory_order_relaxed); }  // routing-table updates

 private:
  struct Route {
    int gsi;
    vmm::UniqueFd fd;
    bool valid = false;
    uint64_t address = 0;
    uint32_t data = 0;
  };
  bool commit();  // with mu_ held
  int vm_fd_;
  std::mutex mu_;  // guards routes_
  std::vector<Route> routes_;
  std::atomic<uint64_t> triggered_{0};  // bumped by vCPU and event-loop threads alike
  std::atomic<uint64_t> commits_{0};
};

}  // namespace tshyve::vmm
