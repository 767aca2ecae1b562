// A tap interface the host already created, opened through /dev/net/tun (Linux
// Documentation/networking/tuntap.rst): TUNSETIFF IFF_TAP|IFF_NO_PI|IFF_VNET_HDR, TUNSETVNETHDRSZ,
// TUNSETOFFLOAD. The VMM never creates the interface (Firecracker's host_dev_name model).
#pragma once
#include <sys/uio.h>

#include <stdexcept>
#include <string>

#include "vmm/unique_fd.h"

namespace tshyve::devices::backends {

class TapError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Tap {
 public:
  // Setup thread. Throws TapError if the interface does not exist or cannot be attached.
  Tap(const std::string& ifname, int vnet_hdr_size);
  int fd() const { return fd_.get(); }
  const std::string& name() const { return name_; }
  // event-loop thread. TUN_F_* flags; returns 0 or -errno.
  int set_offload(unsigned flags);
  // Non-blocking; return bytes or -errno (-EAGAIN when empty/full).
  ssize_t readv(const iovec* iov, int n);
  ssize_t writev(const iovec* iov, int n);

 private:
  std::string name_;
  vmm::UniqueFd fd_;
};

}  // namespace tshyve::devices::backends
