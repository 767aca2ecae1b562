// GDB stub connection loop: acks and framing (rsp_codec.h), commands (gdb_session.h), and while
// the guest runs, the interrupt byte 0x03 and debug exits (vcpu_control.h) both stop the world and
// answer the pending resume with a stop reply (GDB manual E.1, E.3).
#include "remote/gdb/gdb_server.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "remote/gdb/gdb_session.h"
#include "remote/gdb/rsp_codec.h"
#include "vmm/log.h"
#include "vmm/seccomp_filter.h"

namespace tshyve::remote::gdb {

namespace {
constexpr auto kStopTimeout = std::chrono::milliseconds(2000);
constexpr int kPollMs = 200;
}  // namespace

GdbServer::GdbServer(const std::string& address, uint16_t port, VcpuControl& control) : control_(control) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* res = nullptr;
  const std::string where = address + ":" + std::to_string(port);
  if (int rc = ::getaddrinfo(address.c_str(), std::to_string(port).c_str(), &hints, &res); rc != 0 || !res)
    throw std::runtime_error("gdb stub: bad listen address " + where + ": " + ::gai_strerror(rc));
  listen_.reset(::socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  int one = 1;
  int err = 0;
  if (!listen_.valid()) {
    err = errno;
  } else {
    ::setsockopt(listen_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(listen_.get(), res->ai_addr, res->ai_addrlen) != 0 || ::listen(listen_.get(), 1) != 0) err = errno;
  }
  ::freeaddrinfo(res);
  if (err) throw std::runtime_error("gdb stub: cannot listen on " + where + ": " + std::strerror(err));
  sockaddr_storage ss{};
  socklen_t sl = sizeof ss;
  ::getsockname(listen_.get(), reinterpret_cast<sockaddr*>(&ss), &sl);
  port_ = ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  stop_fd_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!stop_fd_.valid()) throw std::runtime_error("gdb stub: eventfd failed");
}

GdbServer::~GdbServer() { stop(); }

void GdbServer::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void GdbServer::stop(int exit_status) {
  exit_status_.store(exit_status);
  stopping_.store(true);
  const uint64_t one = 1;
  if (stop_fd_.valid()) (void)!::write(stop_fd_.get(), &one, sizeof one);
  if (thread_.joinable()) thread_.join();
}

bool GdbServer::send_all(int fd, const std::string& s) noexcept {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

void GdbServer::run() noexcept {
  vmm::seccomp::enter_thread(vmm::seccomp::ThreadKind::kGdb, "gdb");  // the socket is bound already
  vmm::log_message("gdb stub listening on port %u", port_);
  while (!stopping_.load()) {
    pollfd fds[2] = {{listen_.get(), POLLIN, 0}, {stop_fd_.get(), POLLIN, 0}};
    if (::poll(fds, 2, kPollMs) <= 0) continue;
    if (fds[1].revents) break;
    int c = ::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    int one = 1;
    ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    serve(c);
    ::close(c);
  }
}

void GdbServer::serve(int client) noexcept {
  control_.set_attached(true);
  try {
    if (!control_.all_held() && !control_.stop_all(kStopTimeout)) {
      vmm::log_message("gdb stub: the vCPUs did not stop; closing the connection");
      return;
    }
    GdbSession session(control_);
    RspDecoder decoder;
    bool ack = true, running = false, closing = false;
    char buf[4096];
    auto reply = [&](const std::string& payload) { return send_all(client, rsp_frame(payload)); };
    auto stop_and_report = [&](std::optional<StopEvent> e) {
      if (!control_.stop_all(kStopTimeout)) return false;
      if (auto ev = control_.take_event()) e = ev;  // a debug exit that raced with the interrupt wins
      running = false;
      return reply(session.stop_reply(e.value_or(StopEvent{})));
    };
    while (!stopping_.load() && !closing) {
      pollfd fds[4] = {{client, POLLIN, 0}, {stop_fd_.get(), POLLIN, 0}, {control_.event_fd(), POLLIN, 0}, {listen_.get(), POLLIN, 0}};
      if (::poll(fds, 4, kPollMs) < 0 && errno != EINTR) break;
      if (fds[1].revents || stopping_.load()) {
        const int st = exit_status_.load();
        if (running && st >= 0 && st <= 255) {
          char w[8];
          std::snprintf(w, sizeof w, "W%02x", st);
          reply(w);
        }
        running = false;
        closing = true;
        break;
      }
      if (fds[3].revents & POLLIN) {  // a second debugger: refused
        int extra = ::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC);
        if (extra >= 0) ::close(extra);
      }
      if (running && (fds[2].revents & POLLIN)) {
        if (!stop_and_report(std::nullopt)) break;
      }
      if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::recv(client, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // the debugger went away
      for (ssize_t i = 0; i < n && !closing; ++i) {
        switch (decoder.feed(static_cast<uint8_t>(buf[i]))) {
          case RspDecoder::Event::kInterrupt:
            if (running && !stop_and_report(StopEvent{StopEvent::Kind::kInterrupt, session.current_vcpu(), 0})) closing = true;
            break;
          case RspDecoder::Event::kBadPacket:
            if (ack) send_all(client, "-");
            break;
          case RspDecoder::Event::kPacket: {
            if (ack && !send_all(client, "+")) closing = true;
            if (running) break;  // all-stop: nothing but ^C is meant while the guest runs
            auto r = session.handle(decoder.packet());
            if (!r.resumed && !reply(r.reply)) closing = true;
            if (r.no_ack) ack = false;
            if (r.resumed) running = true;
            if (r.close) closing = true;
            break;
          }
          default: break;
        }
      }
    }
    if (!closing || running) {
      // Connection lost (or the VM is stopping): leave the guest running with nothing armed.
      if (running) control_.stop_all(kStopTimeout);
      session.clear_breakpoints();
      control_.resume(std::vector<ResumeAction>(control_.vcpu_count(), ResumeAction::kContinue), DebugSetup{});
    }
  } catch (const std::exception& e) {
    vmm::log_message("gdb stub: %s", e.what());
  } catch (...) {
  }
  control_.set_attached(false);
}

}  // namespace tshyve::remote::gdb
