// virtio-console port 0 over a unix stream socket (virtio 1.2 §5.3.6: receiveq0 = host->guest,
// transmitq0 = guest->host). One client at a time; guest output with no client is dropped.
#include "devices/virtio/virtio_console.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "devices/virtio/virtio_spec.h"
#include "vmm/event_loop.h"
#include "vmm/log.h"

namespace tshyve::devices::virtio {

namespace {
constexpr size_t kInputLimit = 64 * 1024;  // host bytes buffered while the guest has no buffers
}

VirtioConsole::VirtioConsole(const ConsoleConfig& config) : config_(config) {
  if (config_.ports.size() > 1)
    vmm::log_message("virtio-console: only port 0 (%s) is connected; named multiport is not implemented", config_.ports[0].name.c_str());
  if (config_.ports.empty() || config_.ports[0].path.empty()) return;
  path_ = config_.ports[0].path;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path_.size() >= sizeof addr.sun_path) throw std::runtime_error("console socket path too long: " + path_);
  std::strncpy(addr.sun_path, path_.c_str(), sizeof addr.sun_path - 1);
  listen_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!listen_.valid()) throw std::runtime_error("console socket: " + std::string(std::strerror(errno)));
  ::unlink(path_.c_str());
  mode_t old = ::umask(0177);  // the socket is created 0600
  int r = ::bind(listen_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::umask(old);
  if (r != 0 || ::listen(listen_.get(), 1) != 0)
    throw std::runtime_error("console socket " + path_ + ": " + std::strerror(errno));
  ::chmod(path_.c_str(), 0600);
}

VirtioConsole::~VirtioConsole() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

uint32_t VirtioConsole::device_type() const { return kDeviceConsole; }

void VirtioConsole::read_config(uint32_t offset, uint8_t* data, uint32_t size) {
  uint8_t cfg[12] = {80, 0, 25, 0, 1, 0, 0, 0, 0, 0, 0, 0};  // §5.3.4: cols, rows, max_nr_ports
  if (offset + size <= sizeof cfg) std::memcpy(data, cfg + offset, size);
}

void VirtioConsole::attach(vmm::EventLoop& loop, DeviceContext& ctx) {
  loop_ = &loop;
  ctx_ = &ctx;
  if (listen_.valid()) loop.add(listen_.get(), EPOLLIN, [this](uint32_t) { accept_client(*ctx_); });
}

void VirtioConsole::shutdown() {
  if (loop_) {
    if (listen_.valid()) loop_->remove(listen_.get());
    if (client_.valid()) loop_->remove(client_.get());
  }
  loop_ = nullptr;
}

void VirtioConsole::drop_client() {
  if (!client_.valid()) return;
  if (loop_) loop_->remove(client_.get());
  client_.reset();
}

// event-loop thread.
void VirtioConsole::accept_client(DeviceContext& ctx) {
  int fd = ::accept4(listen_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return;
  drop_client();  // a new client replaces the old one
  client_.reset(fd);
  loop_->add(fd, EPOLLIN, [this](uint32_t ev) { read_client(*ctx_); });
}

// event-loop thread.
void VirtioConsole::read_client(DeviceContext& ctx) {
  std::lock_guard<std::mutex> lock(ctx.lock());
  uint8_t buf[4096];
  for (;;) {
    if (input_.size() >= kInputLimit) break;  // the guest is not reading: stop taking input
    ssize_t n = ::read(client_.get(), buf, sizeof buf);
    if (n > 0) {
      input_.insert(input_.end(), buf, buf + n);
      continue;
    }
    if (n == 0 || (errno != EAGAIN && errno != EINTR)) drop_client();
    break;
  }
  deliver(ctx);
}

void VirtioConsole::queue_notified(DeviceContext& ctx, uint16_t index) {
  std::lock_guard<std::mutex> lock(ctx.lock());
  if (index == 0) deliver(ctx);
  else transmit(ctx);
}

void VirtioConsole::deliver(DeviceContext& ctx) {
  if (input_.empty()) return;
  drain_queue(ctx, 0, [&](Chain& c) -> long {
    if (input_.empty()) return -1;
    std::vector<uint8_t> chunk;
    size_t n = static_cast<size_t>(std::min<uint64_t>(c.writable_bytes, input_.size()));
    chunk.assign(input_.begin(), input_.begin() + static_cast<long>(n));
    input_.erase(input_.begin(), input_.begin() + static_cast<long>(n));
    return static_cast<long>(c.write(0, chunk.data(), n));
  });
}

void VirtioConsole::transmit(DeviceContext& ctx) {
  drain_queue(ctx, 1, [&](Chain& c) -> long {
    if (!client_.valid()) return 0;
    for (auto& s : c.readable) {
      ssize_t n = ::send(client_.get(), s.host, s.len, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0) break;  // a slow client loses output rather than stalling the guest
    }
    return 0;
  });
}

}  // namespace tshyve::devices::virtio
