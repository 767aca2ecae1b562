// virtio-console ports over unix stream sockets (virtio 1.2 §5.3.6: receiveqN = host->guest,
// transmitqN = guest->host; §5.3.6.2 multiport control protocol). One client per port at a time;
// guest output with no client is dropped; host input waits until the guest opened the port.
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
#include "vmm/kept_fds.h"

namespace tshyve::devices::virtio {

namespace {
constexpr size_t kInputLimit = 64 * 1024;                 // host bytes buffered per port while the guest has no buffers
constexpr size_t kControlBacklog = 1024;                  // device->driver control messages waiting for buffers
constexpr uint16_t kConsoleCols = 80, kConsoleRows = 25;  // §5.3.4 (F_SIZE): no terminal behind the socket
constexpr size_t kMaxPortName = 255;                      // PORT_NAME payload; Linux reads at most a page

vmm::UniqueFd listen_on(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) throw std::runtime_error("console socket path too long: " + path);
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  vmm::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) throw std::runtime_error("console socket: " + std::string(std::strerror(errno)));
  // Only a socket left by an earlier run is replaced; any other file at the path stays untouched.
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode))
      throw std::runtime_error("console socket path " + path + " exists and is not a socket: tshyve will not replace it");
    ::unlink(path.c_str());
  }
  mode_t old = ::umask(0177);  // the socket is created 0600
  int r = ::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::umask(old);
  if (r != 0 || ::listen(fd.get(), 1) != 0) throw std::runtime_error("console socket " + path + ": " + std::strerror(errno));
  ::chmod(path.c_str(), 0600);
  return fd;
}
}  // namespace

VirtioConsole::VirtioConsole(const ConsoleConfig& config) : config_(config) {
  if (config_.ports.size() > kConsoleMaxPorts)
    throw std::runtime_error("virtio-console: at most " + std::to_string(kConsoleMaxPorts) + " ports");
  if (config_.ports.empty()) config_.ports.push_back({});  // port 0 always exists (§5.3.6)
  for (size_t i = 0; i < config_.ports.size(); ++i) {
    auto p = std::make_unique<Port>();
    p->id = static_cast<uint32_t>(i);
    p->name = config_.ports[i].name.substr(0, kMaxPortName);
    p->path = config_.ports[i].path;
    // Kept for every boot when the process keeps its host resources (vmm/kept_fds.h): bound once, before the drop.
    if (!p->path.empty()) p->listen = vmm::kept_fds::acquire("console " + p->path, [&] { return listen_on(p->path); });
    ports_.push_back(std::move(p));
  }
}

VirtioConsole::~VirtioConsole() {
  if (vmm::kept_fds::keeping()) return;  // the kept sockets serve the next boot at the same paths
  for (auto& p : ports_) {
    struct stat st {};
    if (!p->path.empty() && ::lstat(p->path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(p->path.c_str());
  }
}

uint32_t VirtioConsole::device_type() const { return kDeviceConsole; }

void VirtioConsole::read_config(uint32_t offset, uint8_t* data, uint32_t size) {
  const uint32_t n = static_cast<uint32_t>(ports_.size());
  // §5.3.4: le16 cols, le16 rows, le32 max_nr_ports, le32 emerg_wr (write-only, reads 0).
  uint8_t cfg[12] = {kConsoleCols & 0xff,
                     kConsoleCols >> 8,
                     kConsoleRows & 0xff,
                     kConsoleRows >> 8,
                     static_cast<uint8_t>(n),
                     static_cast<uint8_t>(n >> 8),
                     0,
                     0,
                     0,
                     0,
                     0,
                     0};
  if (offset <= sizeof cfg && size <= sizeof cfg - offset) std::memcpy(data, cfg + offset, size);
}

void VirtioConsole::activate(DeviceContext& ctx) { multiport_ = ctx.negotiated_features() & bit(kConsoleFeatureMultiport); }

void VirtioConsole::reset() {
  control_out_.clear();
  multiport_ = false;
  for (auto& p : ports_) {
    p->input.clear();
    p->ready = p->guest_open = false;
  }
}

void VirtioConsole::attach(vmm::EventLoop& loop, DeviceContext& ctx) {
  loop_ = &loop;
  ctx_ = &ctx;
  for (auto& p : ports_) {
    Port* port = p.get();
    if (port->listen.valid()) loop.add(port->listen.get(), EPOLLIN, [this, port](uint32_t) { accept_client(*port); });
  }
}

void VirtioConsole::shutdown() {
  if (loop_) {
    for (auto& p : ports_) {
      if (p->listen.valid()) loop_->remove(p->listen.get());
      if (p->client.valid()) loop_->remove(p->client.get());
    }
  }
  loop_ = nullptr;
}

void VirtioConsole::drop_client(Port& p) {
  if (!p.client.valid()) return;
  if (loop_) loop_->remove(p.client.get());
  p.client.reset();
  if (multiport_ && p.ready) send_control(p.id, console_event::kPortOpen, 0);  // host side closed
}

void VirtioConsole::save_state(vmm::StateWriter& w) const {
  w.u8(1);  // version
  w.boolean(multiport_);
  w.u32(static_cast<uint32_t>(ports_.size()));
  for (const auto& p : ports_) {
    w.boolean(p->ready);
    w.boolean(p->guest_open);
    w.boolean(p->client.valid());
    w.u32(static_cast<uint32_t>(p->input.size()));
    for (uint8_t b : p->input) w.u8(b);
  }
  w.u32(static_cast<uint32_t>(control_out_.size()));
  for (const auto& m : control_out_) {
    w.u32(static_cast<uint32_t>(m.size()));
    w.bytes(m.data(), m.size());
  }
}

bool VirtioConsole::restore_state(vmm::StateReader& r) {
  struct Saved {
    bool ready, guest_open, connected;
    std::deque<uint8_t> input;
  };
  const uint8_t version = r.u8();
  const bool multiport = r.boolean();
  if (version != 1 || r.u32() != ports_.size() || !r.ok()) return false;
  std::vector<Saved> ports(ports_.size());
  for (auto& p : ports) {
    p.ready = r.boolean();
    p.guest_open = r.boolean();
    p.connected = r.boolean();
    const uint32_t n = r.u32();
    if (!r.ok() || n > kInputLimit || n > r.remaining()) return false;
    std::vector<uint8_t> bytes(n);
    r.bytes(bytes.data(), n);
    p.input.assign(bytes.begin(), bytes.end());
  }
  const uint32_t messages = r.u32();
  if (!r.ok() || messages > kControlBacklog) return false;
  std::deque<std::vector<uint8_t>> control;
  for (uint32_t i = 0; i < messages; ++i) {
    const uint32_t n = r.u32();
    if (!r.ok() || n < kConsoleControlSize || n > kConsoleControlSize + kMaxPortName || n > r.remaining()) return false;
    std::vector<uint8_t> m(n);
    r.bytes(m.data(), n);
    control.push_back(std::move(m));
  }
  if (!r.ok_and_done()) return false;
  multiport_ = multiport;
  control_out_ = std::move(control);
  for (size_t i = 0; i < ports_.size(); ++i) {
    Port& p = *ports_[i];
    p.ready = ports[i].ready;
    p.guest_open = ports[i].guest_open;
    p.input = std::move(ports[i].input);
    // This process has no client yet: a guest that saw one connected learns it went away.
    if (ports[i].connected && multiport_ && p.ready) send_control(p.id, console_event::kPortOpen, 0);
  }
  return true;
}

// event-loop thread.
void VirtioConsole::accept_client(Port& p) {
  int fd = ::accept4(p.listen.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return;
  std::lock_guard<std::mutex> lock(ctx_->lock());
  const bool had = p.client.valid();
  if (had) {  // a new client replaces the old one
    loop_->remove(p.client.get());
    p.client.reset();
  }
  p.client.reset(fd);
  Port* port = &p;
  loop_->add(fd, EPOLLIN, [this, port](uint32_t) { read_client(*port); });
  if (multiport_ && p.ready && !had) {
    send_control(p.id, console_event::kPortOpen, 1);
    deliver_control(*ctx_);
  }
}

// event-loop thread.
void VirtioConsole::read_client(Port& p) {
  std::lock_guard<std::mutex> lock(ctx_->lock());
  uint8_t buf[4096];
  while (p.client.valid()) {
    if (p.input.size() >= kInputLimit) break;  // the guest is not reading: stop taking input
    ssize_t n = ::read(p.client.get(), buf, std::min(sizeof buf, kInputLimit - p.input.size()));
    if (n > 0) {
      p.input.insert(p.input.end(), buf, buf + n);
      continue;
    }
    if (n == 0 || (errno != EAGAIN && errno != EINTR)) drop_client(p);
    break;
  }
  deliver(*ctx_, p);
  deliver_control(*ctx_);
}

void VirtioConsole::queue_notified(DeviceContext& ctx, uint16_t index) {
  std::lock_guard<std::mutex> lock(ctx.lock());
  if (index == kControlRx || index == kControlTx) {
    if (!multiport_) return;  // §5.3.2: the control queues exist only with MULTIPORT
    if (index == kControlTx) control_in(ctx);
    deliver_control(ctx);
    return;
  }
  const uint32_t port = index < 2 ? 0 : (index - 2u) / 2u;
  if (port >= ports_.size() || (port > 0 && !multiport_)) return;
  if (index % 2 == 0)
    deliver(ctx, *ports_[port]);
  else
    transmit(ctx, *ports_[port]);
}

bool VirtioConsole::can_deliver(const Port& p) const {
  // With MULTIPORT the driver says when a port is open (QEMU holds host data until then; Linux
  // discards data that arrives for a closed port). Port 0 without MULTIPORT is always open.
  return multiport_ ? p.guest_open : p.id == 0;
}

void VirtioConsole::deliver(DeviceContext& ctx, Port& p) {
  if (p.input.empty() || !can_deliver(p)) return;
  drain_queue(ctx, rx_queue(p.id), [&](Chain& c) -> long {
    if (p.input.empty()) return -1;
    uint8_t chunk[4096];
    size_t n = static_cast<size_t>(std::min<uint64_t>({c.writable_bytes, p.input.size(), sizeof chunk}));
    std::copy(p.input.begin(), p.input.begin() + static_cast<long>(n), chunk);
    p.input.erase(p.input.begin(), p.input.begin() + static_cast<long>(n));
    return static_cast<long>(c.write(0, chunk, n));
  });
}

void VirtioConsole::transmit(DeviceContext& ctx, Port& p) {
  drain_queue(ctx, tx_queue(p.id), [&](Chain& c) -> long {
    if (!p.client.valid()) return 0;
    for (auto& s : c.readable) {
      ssize_t n = ::send(p.client.get(), s.host, s.len, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0) break;  // a slow client loses output rather than stalling the guest
    }
    return 0;
  });
}

// §5.3.6.2: the driver's control messages (transmitq of the control pair).
void VirtioConsole::control_in(DeviceContext& ctx) {
  drain_queue(ctx, kControlTx, [&](Chain& c) -> long {
    uint8_t m[kConsoleControlSize];
    if (c.read(0, m, sizeof m) != sizeof m) {
      vmm::guest_log("virtio-console: short control message (%llu bytes) ignored", static_cast<unsigned long long>(c.readable_bytes));
      return 0;
    }
    uint32_t id;
    uint16_t event, value;
    std::memcpy(&id, m, 4);
    std::memcpy(&event, m + 4, 2);
    std::memcpy(&value, m + 6, 2);
    handle_control(id, event, value);
    return 0;
  });
}

void VirtioConsole::handle_control(uint32_t id, uint16_t event, uint16_t value) {
  using namespace console_event;
  if (event == kDeviceReady) {
    if (value != 1) {
      vmm::guest_log("virtio-console: the driver failed to initialise (DEVICE_READY 0)");
      return;
    }
    for (auto& p : ports_) send_control(p->id, kDeviceAdd, 0);
    return;
  }
  if (id >= ports_.size()) {
    vmm::guest_log("virtio-console: control event %u for unknown port %u ignored", event, id);
    return;
  }
  Port& p = *ports_[id];
  switch (event) {
    case kPortReady:
      if (value != 1) {
        vmm::guest_log("virtio-console: the driver failed to add port %u", id);
        return;
      }
      if (p.ready) return;  // a repeated PORT_READY announces nothing twice
      p.ready = true;
      if (!p.name.empty()) send_control(id, kPortName, 1, p.name);
      if (p.client.valid()) send_control(id, kPortOpen, 1);
      break;
    case kPortOpen:
      p.guest_open = value != 0;
      if (p.guest_open && ctx_) deliver(*ctx_, p);
      break;
    default: vmm::guest_log("virtio-console: control event %u from the driver ignored", event); break;
  }
}

void VirtioConsole::send_control(uint32_t id, uint16_t event, uint16_t value, const std::string& extra) {
  if (control_out_.size() >= kControlBacklog) {
    vmm::guest_log("virtio-console: control backlog full; event %u for port %u dropped", event, id);
    return;
  }
  std::vector<uint8_t> m(kConsoleControlSize + extra.size());
  std::memcpy(m.data(), &id, 4);
  std::memcpy(m.data() + 4, &event, 2);
  std::memcpy(m.data() + 6, &value, 2);
  std::memcpy(m.data() + kConsoleControlSize, extra.data(), extra.size());
  control_out_.push_back(std::move(m));
}

// One message per buffer (§5.3.6.2); a buffer too small for a name gets what fits.
void VirtioConsole::deliver_control(DeviceContext& ctx) {
  if (!multiport_ || control_out_.empty()) return;
  drain_queue(ctx, kControlRx, [&](Chain& c) -> long {
    if (control_out_.empty()) return -1;
    const auto& m = control_out_.front();
    size_t n = c.write(0, m.data(), m.size());
    control_out_.pop_front();
    return static_cast<long>(n);
  });
}

}  // namespace tshyve::devices::virtio
