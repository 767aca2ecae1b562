// KVM_IOEVENTFD assign/deassign for MMIO doorbells (api.rst §4.59), the only place it is called.
#include "vmm/ioeventfd.h"

#include <sys/ioctl.h>

#include "vmm/kvm_uapi.h"

namespace tshyve::vmm {

bool IoEventFdRegistrar::request(uint64_t address, uint32_t len, int fd, bool deassign) {
  if (vm_fd_ >= 0) {
    kvm_ioeventfd io{};
    io.addr = address;
    io.len = len;
    io.fd = fd;
    io.flags = deassign ? KVM_IOEVENTFD_FLAG_DEASSIGN : 0;
    if (::ioctl(vm_fd_, KVM_IOEVENTFD, &io) != 0) return false;
  }
  active_ += deassign ? -1 : 1;
  return true;
}

bool IoEventFdRegistrar::assign(uint64_t address, uint32_t len, int fd) { return request(address, len, fd, false); }
bool IoEventFdRegistrar::deassign(uint64_t address, uint32_t len, int fd) { return request(address, len, fd, true); }

}  // namespace tshyve::vmm
