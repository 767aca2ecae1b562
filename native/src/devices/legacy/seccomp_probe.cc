// Seccomp probe: a forbidden syscall (socket) on the vCPU or the event-loop thread, on request.
#include "devices/legacy/seccomp_probe.h"

#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "vmm/log.h"

namespace tshyve::devices {

namespace {
void forbidden_call(const char* where) {
  vmm::log_message("seccomp probe: calling socket(2) on the %s thread", where);
  long fd = ::syscall(__NR_socket, AF_UNIX, SOCK_STREAM, 0);
  if (fd >= 0) ::close(static_cast<int>(fd));  // filters off: nothing happens
}
}  // namespace

SeccompProbe::SeccompProbe(vmm::EventLoop* loop) {
  if (!loop) return;
  wake_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake_.valid()) return;
  const int fd = wake_.get();
  loop->add(fd, EPOLLIN, [fd](uint32_t) {
    uint64_t v;
    if (::read(fd, &v, sizeof v) == sizeof v) forbidden_call("event-loop");
  });
}

void SeccompProbe::read(uint64_t, uint8_t* data, uint32_t size) { std::memset(data, 0, size); }

void SeccompProbe::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  if (offset != 0 || size < 1) return;
  if (data[0] == kFromVcpu) forbidden_call("vcpu");
  if (data[0] == kFromEventLoop && wake_.valid()) {
    uint64_t one = 1;
    (void)!::write(wake_.get(), &one, sizeof one);
  }
}

}  // namespace tshyve::devices
