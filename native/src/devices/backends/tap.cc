// Tap backend over /dev/net/tun (tuntap.rst): attach to an existing interface, vnet header on.
#include "devices/backends/tap.h"
#include "vmm/kept_fds.h"

#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tshyve::devices::backends {

Tap::Tap(const std::string& ifname, int vnet_hdr_size) : name_(ifname) {
  if (ifname.empty() || ifname.size() >= IFNAMSIZ) throw TapError("bad tap name '" + ifname + "'");
  // Refuse to create: TUNSETIFF would make a new interface if this name did not exist.
  if (::if_nametoindex(ifname.c_str()) == 0)
    throw TapError("tap " + ifname + " does not exist (the host plan creates it; the VMM only opens it)");
  // Attached once per process when it keeps its host resources (vmm/kept_fds.h): TUNSETIFF needs CAP_NET_ADMIN.
  fd_ = vmm::kept_fds::acquire("tap " + ifname, [&] {
    vmm::UniqueFd fd(::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC));
    if (!fd.valid()) throw TapError(std::string("cannot open /dev/net/tun: ") + std::strerror(errno));
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    if (::ioctl(fd.get(), TUNSETIFF, &ifr) != 0) throw TapError("cannot attach to tap " + ifname + ": " + std::strerror(errno));
    return fd;
  });
  if (::ioctl(fd_.get(), TUNSETVNETHDRSZ, &vnet_hdr_size) != 0)
    throw TapError("TUNSETVNETHDRSZ on " + ifname + ": " + std::strerror(errno));
  set_offload(0);
}

int Tap::set_offload(unsigned flags) { return ::ioctl(fd_.get(), TUNSETOFFLOAD, flags) == 0 ? 0 : -errno; }

ssize_t Tap::readv(const iovec* iov, int n) {
  for (;;) {
    ssize_t r = ::readv(fd_.get(), iov, n);
    if (r >= 0) return r;
    if (errno != EINTR) return -errno;
  }
}

ssize_t Tap::writev(const iovec* iov, int n) {
  for (;;) {
    ssize_t r = ::writev(fd_.get(), iov, n);
    if (r >= 0) return r;
    if (errno != EINTR) return -errno;
  }
}

}  // namespace tshyve::devices::backends
