// The per-VM event loop: one epoll thread (Linux epoll(7)) that waits on ioeventfds, tap fds,
// console sockets and a stop eventfd, and runs the registered handlers (virtqueue processing).
#pragma once
#include <sys/epoll.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "vmm/unique_fd.h"

namespace tshyve::vmm {

class EventLoop {
 public:
  using Handler = std::function<void(uint32_t events)>;
  EventLoop();  // throws std::runtime_error on setup failure
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Any thread. `events` are EPOLLIN/EPOLLOUT/EPOLLET...; the handler runs on the event-loop thread.
  // Returns false if epoll refuses the fd. A second add for the same fd replaces the first.
  bool add(int fd, uint32_t events, Handler handler);
  // Any thread; after it returns the handler is not started again (one already running may finish).
  void remove(int fd);
  // Setup/JS thread: starts the thread (idempotent).
  void start();
  // Any thread but the loop's own: stops and joins.
  void stop();
  bool on_loop_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

 private:
  void run() noexcept;
  UniqueFd epoll_;
  UniqueFd stop_fd_;
  // Each add() gets a fresh token carried in epoll_event.data: an event fetched for a registration
  // that was removed (its fd closed and the number reused) finds no handler and is dropped.
  static constexpr uint64_t kStopToken = 0;
  std::mutex mu_;                                                    // guards handlers_, tokens_, next_token_
  std::unordered_map<uint64_t, std::shared_ptr<Handler>> handlers_;  // token -> handler
  std::unordered_map<int, uint64_t> tokens_;                         // fd -> its current token
  uint64_t next_token_ = kStopToken + 1;
  std::thread thread_;
};

}  // namespace tshyve::vmm
