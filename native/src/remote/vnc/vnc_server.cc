// The server loop: poll(2) over the listening socket, every viewer and a wake eventfd. The screen is
// refreshed at most every kRefreshMs and only while some viewer has an update request outstanding,
// so a connected viewer of a still screen costs one dirty-log query per period and no copying.
#include "remote/vnc/vnc_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "vmm/log.h"
#include "vmm/seccomp_filter.h"

namespace tshyve::remote::vnc {

namespace {
int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
// One update is built only once the previous one has left, so a client's queue holds at most one
// full-screen raw update plus handshake bytes; beyond this something is wrong and it is dropped.
size_t output_cap(uint32_t w, uint32_t h) {
  return static_cast<size_t>(w) * h * 4 + 64 * 1024 + 16 * static_cast<size_t>(w / 16 + 1) * (h / 16 + 1);
}
}  // namespace

struct VncServer::Client {
  vmm::UniqueFd fd;
  std::unique_ptr<RfbSession> session;
  size_t sent = 0;  // bytes of session->output() already written
  int64_t last_progress_ms = 0;
};

VncServer::VncServer(const VncServerOptions& options) : options_(options), screen_(options.width, options.height), read_buf_(16384) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const std::string where = options_.address + ":" + std::to_string(options_.port);
  const std::string host = options_.address.size() > 2 && options_.address.front() == '['
                               ? options_.address.substr(1, options_.address.size() - 2)
                               : options_.address;
  if (int rc = ::getaddrinfo(host.c_str(), std::to_string(options_.port).c_str(), &hints, &res); rc != 0)
    throw std::runtime_error("framebuffer: cannot resolve listen address " + where + ": " + gai_strerror(rc));
  int err = 0;
  for (addrinfo* a = res; a; a = a->ai_next) {
    vmm::UniqueFd s(::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol));
    if (!s.valid()) {
      err = errno;
      continue;
    }
    const int one = 1;
    ::setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(s.get(), a->ai_addr, a->ai_addrlen) != 0 || ::listen(s.get(), 8) != 0) {
      err = errno;
      continue;
    }
    listen_ = std::move(s);
    break;
  }
  ::freeaddrinfo(res);
  if (!listen_.valid())
    throw std::runtime_error("framebuffer: cannot listen on " + where + ": " +
                             (err == EADDRINUSE ? std::string("the port is already in use") : std::string(std::strerror(err))));
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ::getsockname(listen_.get(), reinterpret_cast<sockaddr*>(&ss), &len);
  port_ = ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  wake_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake_.valid()) throw std::runtime_error("framebuffer: eventfd failed");
}

VncServer::~VncServer() { stop(); }

void VncServer::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void VncServer::stop() {
  stop_ = true;
  const uint64_t one = 1;
  if (wake_.valid()) (void)!::write(wake_.get(), &one, sizeof one);
  if (thread_.joinable()) thread_.join();
}

VncServerStats VncServer::stats() const {
  VncServerStats s;
  s.bytes_sent = bytes_sent_;
  s.updates = updates_;
  s.refreshes = refreshes_;
  s.rows_compared = rows_compared_;
  s.viewers = viewers_;
  return s;
}

void VncServer::accept_clients() {
  for (;;) {
    vmm::UniqueFd fd(::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
    if (!fd.valid()) return;
    if (clients_.size() >= kMaxClients) continue;  // closed at once
    const int one = 1;
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    RfbSessionConfig sc;
    sc.name = options_.name;
    sc.password = options_.password;
    if (::getrandom(sc.challenge.data(), sc.challenge.size(), 0) != static_cast<ssize_t>(sc.challenge.size()) && !sc.password.empty())
      continue;  // no challenge without randomness
    auto c = std::make_unique<Client>();
    c->fd = std::move(fd);
    c->session = std::make_unique<RfbSession>(sc, screen_, options_.input);
    c->last_progress_ms = now_ms();
    clients_.push_back(std::move(c));
  }
}

bool VncServer::flush(Client& c) {
  auto& out = c.session->output();
  while (c.sent < out.size()) {
    const ssize_t n = ::send(c.fd.get(), out.data() + c.sent, out.size() - c.sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      c.sent += static_cast<size_t>(n);
      bytes_sent_ += static_cast<uint64_t>(n);
      c.last_progress_ms = now_ms();
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      break;
    } else {
      return false;
    }
  }
  if (c.sent == out.size()) {
    out.clear();
    c.sent = 0;
    if (c.session->closing()) return false;
  } else if (c.sent > 1 << 20) {
    out.erase(out.begin(), out.begin() + static_cast<long>(c.sent));
    c.sent = 0;
  }
  if (out.size() - c.sent > output_cap(screen_.width(), screen_.height())) return false;
  if (c.sent < out.size() && now_ms() - c.last_progress_ms > kStallSeconds * 1000) return false;
  return true;
}

bool VncServer::service(Client& c, short revents) {
  if (revents & POLLIN) {
    const ssize_t n = ::recv(c.fd.get(), read_buf_.data(), read_buf_.size(), MSG_DONTWAIT);
    if (n == 0) return false;
    if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
    if (n > 0) {
      const bool was_init = c.session->initialised();
      if (!c.session->receive(read_buf_.data(), static_cast<size_t>(n))) {
        vmm::guest_log("vnc: viewer dropped: %s", c.session->error().c_str());
        return false;
      }
      if (!was_init && c.session->initialised()) {
        viewers_++;
        if (!first_viewer_seen_) {
          first_viewer_seen_ = true;
          if (options_.on_first_viewer) options_.on_first_viewer();
        }
      }
    }
  }
  if (revents & (POLLERR | POLLHUP)) return false;
  return flush(c);
}

void VncServer::refresh_and_send() {
  bool wanted = false;
  for (auto& c : clients_) wanted |= c->session->update_requested() && c->session->output().empty();
  if (!wanted || !options_.surface) return;
  const int64_t t = now_ms();
  if (t - last_refresh_ms_ < kRefreshMs) return;
  last_refresh_ms_ = t;
  const uint64_t before = screen_.rows_compared();
  const auto& changed = screen_.refresh(*options_.surface);
  refreshes_++;
  rows_compared_ += screen_.rows_compared() - before;
  for (auto& c : clients_) {
    c->session->add_damage(changed);
    if (c->session->output().empty() && c->session->build_update()) updates_++;
  }
}

void VncServer::run() {
  vmm::seccomp::enter_thread(vmm::seccomp::ThreadKind::kVnc, "vnc");  // the socket is bound already
  std::vector<pollfd> fds;
  while (!stop_) {
    refresh_and_send();
    fds.clear();
    fds.push_back({wake_.get(), POLLIN, 0});
    fds.push_back({listen_.get(), POLLIN, 0});
    bool waiting = false;
    for (auto& c : clients_) {
      short ev = POLLIN;
      if (!c->session->output().empty()) ev |= POLLOUT;
      waiting |= c->session->update_requested() && c->session->output().empty();
      fds.push_back({c->fd.get(), ev, 0});
    }
    int timeout = -1;
    if (waiting) timeout = static_cast<int>(std::max<int64_t>(1, kRefreshMs - (now_ms() - last_refresh_ms_)));
    for (auto& c : clients_)
      if (!c->session->output().empty()) timeout = timeout < 0 ? 1000 : std::min(timeout, 1000);  // stall check
    const int n = ::poll(fds.data(), fds.size(), timeout);
    if (n < 0 && errno != EINTR) break;
    if (stop_) break;
    if (fds[1].revents & POLLIN) accept_clients();
    for (size_t i = clients_.size(); i-- > 0;) {
      const size_t fi = i + 2;
      const short rev = fi < fds.size() ? fds[fi].revents : 0;
      if (!service(*clients_[i], rev)) {
        if (clients_[i]->session->initialised()) viewers_--;
        clients_.erase(clients_.begin() + static_cast<long>(i));
      }
    }
  }
  clients_.clear();
}

}  // namespace tshyve::remote::vnc
