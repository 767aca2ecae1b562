// Doorbell eventfds bound to guest addresses with KVM_IOEVENTFD (Linux Documentation/virt/kvm/api.rst
// §4.59): a guest write there signals the eventfd inside KVM, without an exit to userspace.
#pragma once
#include <cstdint>

namespace tshyve::vmm {

class IoEventFdRegistrar {
 public:
  // vm_fd < 0: no KVM (unit tests); assign/deassign then succeed and only count.
  explicit IoEventFdRegistrar(int vm_fd) : vm_fd_(vm_fd) {}
  // Config-write path: binds `fd` to an MMIO write of `len` bytes at `address`; len 0 matches any
  // width (KVM_CAP_IOEVENTFD_ANY_LENGTH). False (errno set) if KVM refuses, e.g. EEXIST.
  bool assign(uint64_t address, uint32_t len, int fd);
  // Undoes assign() with the same address, len and fd. False (errno set) if there was none.
  bool deassign(uint64_t address, uint32_t len, int fd);
  bool has_kvm() const { return vm_fd_ >= 0; }
  int active() const { return active_; }  // assigned and not yet deassigned

 private:
  bool request(uint64_t address, uint32_t len, int fd, bool deassign);
  int vm_fd_;
  int active_ = 0;
};

}  // namespace tshyve::vmm
