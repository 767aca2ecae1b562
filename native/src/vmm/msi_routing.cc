// KVM GSI routing table = the default x86 irqchip routes (GSI 0-15 on the PICs and IOAPIC,
// 16-23 on the IOAPIC, as kvm_setup_default_irq_routing) plus one MSI route per allocated GSI.
#include "vmm/msi_routing.h"

#include <sys/eventfd.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "vmm/kvm_uapi.h"
#include "vmm/log.h"

namespace tshyve::vmm {

namespace {
constexpr int kIoapicPins = 24;  // in-kernel IOAPIC
constexpr int kFirstMsiGsi = 24;
}  // namespace

int MsiRouter::allocate() {
  std::lock_guard<std::mutex> lock(mu_);
  Route r;
  r.gsi = kFirstMsiGsi + static_cast<int>(routes_.size());
  r.fd.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!r.fd.valid()) return -1;
  if (vm_fd_ >= 0) {
    kvm_irqfd irqfd{};
    irqfd.fd = static_cast<uint32_t>(r.fd.get());
    irqfd.gsi = static_cast<uint32_t>(r.gsi);
    if (::ioctl(vm_fd_, KVM_IRQFD, &irqfd) != 0) {
      vmm::log_message("msi: KVM_IRQFD gsi %d failed: errno %d", r.gsi, errno);
      return -1;
    }
  }
  routes_.push_back(std::move(r));
  return routes_.back().gsi;
}

bool MsiRouter::commit() {
  commits_.fetch_add(1, std::memory_order_relaxed);
  if (vm_fd_ < 0) return true;
  size_t n = 16 + kIoapicPins + routes_.size();
  size_t bytes = sizeof(kvm_irq_routing) + n * sizeof(kvm_irq_routing_entry);
  auto* table = static_cast<kvm_irq_routing*>(std::calloc(1, bytes));
  if (!table) return false;
  uint32_t i = 0;
  for (int pin = 0; pin < kIoapicPins; ++pin) {
    if (pin < 16) {
      auto& e = table->entries[i++];
      e.gsi = pin;
      e.type = KVM_IRQ_ROUTING_IRQCHIP;
      e.u.irqchip.irqchip = pin < 8 ? KVM_IRQCHIP_PIC_MASTER : KVM_IRQCHIP_PIC_SLAVE;
      e.u.irqchip.pin = pin % 8;
    }
    auto& e = table->entries[i++];
    e.gsi = pin;
    e.type = KVM_IRQ_ROUTING_IRQCHIP;
    e.u.irqchip.irqchip = KVM_IRQCHIP_IOAPIC;
    e.u.irqchip.pin = pin;
  }
  for (auto& r : routes_) {
    if (!r.valid) continue;
    auto& e = table->entries[i++];
    e.gsi = static_cast<uint32_t>(r.gsi);
    e.type = KVM_IRQ_ROUTING_MSI;
    e.u.msi.address_lo = static_cast<uint32_t>(r.address);
    e.u.msi.address_hi = static_cast<uint32_t>(r.address >> 32);
    e.u.msi.data = r.data;
  }
  table->nr = i;
  bool ok = ::ioctl(vm_fd_, KVM_SET_GSI_ROUTING, table) == 0;
  if (!ok) vmm::guest_log("msi: KVM_SET_GSI_ROUTING failed: errno %d", errno);
  std::free(table);
  return ok;
}

bool MsiRouter::set_route(int gsi, uint64_t address, uint32_t data) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& r : routes_) {
    if (r.gsi != gsi) continue;
    if (r.valid && r.address == address && r.data == data) return true;
    r.valid = true;
    r.address = address;
    r.data = data;
    return commit();
  }
  return false;
}

void MsiRouter::trigger(int gsi) {
  int idx = gsi - kFirstMsiGsi;
  if (idx < 0 || static_cast<size_t>(idx) >= routes_.size()) return;  // routes_ only grows at setup
  triggered_.fetch_add(1, std::memory_order_relaxed);
  uint64_t one = 1;
  (void)!::write(routes_[static_cast<size_t>(idx)].fd.get(), &one, sizeof one);
}

}  // namespace tshyve::vmm
