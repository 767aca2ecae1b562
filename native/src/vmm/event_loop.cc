// Event loop thread over epoll(7); handlers are looked up per event by token, so remove() is safe at
// any time and a reused fd number never inherits an old registration's events.
#include "vmm/event_loop.h"

#include <sys/eventfd.h>

#include <cerrno>
#include <stdexcept>

#include "vmm/log.h"
#include "vmm/seccomp_filter.h"

namespace tshyve::vmm {

EventLoop::EventLoop() {
  epoll_.reset(::epoll_create1(EPOLL_CLOEXEC));
  stop_fd_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!epoll_.valid() || !stop_fd_.valid()) throw std::runtime_error("event loop: epoll/eventfd failed");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kStopToken;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, stop_fd_.get(), &ev) != 0) throw std::runtime_error("event loop: epoll_ctl");
}

EventLoop::~EventLoop() { stop(); }

bool EventLoop::add(int fd, uint32_t events, Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = next_token_;
  auto old = tokens_.find(fd);
  if (::epoll_ctl(epoll_.get(), old != tokens_.end() ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) != 0) {
    log_message("event loop: cannot watch fd %d: errno %d", fd, errno);
    return false;
  }
  if (old != tokens_.end()) handlers_.erase(old->second);
  handlers_[next_token_] = std::make_shared<Handler>(std::move(handler));
  tokens_[fd] = next_token_++;
  return true;
}

void EventLoop::remove(int fd) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tokens_.find(fd);
  if (it == tokens_.end()) return;
  handlers_.erase(it->second);
  tokens_.erase(it);
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

void EventLoop::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void EventLoop::stop() {
  if (!thread_.joinable()) return;
  uint64_t one = 1;
  (void)!::write(stop_fd_.get(), &one, sizeof one);
  if (!on_loop_thread()) thread_.join();
}

// event-loop thread.
void EventLoop::run() noexcept {
  seccomp::enter_thread(seccomp::ThreadKind::kEventLoop, "event-loop");
  epoll_event events[32];
  for (;;) {
    int n = ::epoll_wait(epoll_.get(), events, 32, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      log_message("event loop: epoll_wait failed: errno %d", errno);
      return;
    }
    for (int i = 0; i < n; ++i) {
      const uint64_t token = events[i].data.u64;
      if (token == kStopToken) return;
      std::shared_ptr<Handler> h;
      {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = handlers_.find(token);
        if (it != handlers_.end()) h = it->second;
      }
      if (!h) continue;
      try {
        (*h)(events[i].events);
      } catch (const std::exception& e) {
        log_message("event loop: handler %llu threw: %s", static_cast<unsigned long long>(token), e.what());
      } catch (...) {
        log_message("event loop: handler %llu threw", static_cast<unsigned long long>(token));
      }
    }
  }
}

}  // namespace tshyve::vmm
