// The epoll(7) event loop: handlers run on the loop thread, remove() is honoured at once, and an
// event already fetched for an fd that was removed and whose number was reused never reaches the
// new owner's handler (registrations are keyed by token, not fd number).
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "check.h"
#include "vmm/event_loop.h"

using tshyve::vmm::EventLoop;

namespace {
bool wait_for(const std::function<bool()>& pred, int ms = 2000) {
  for (int i = 0; i < ms; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return pred();
}
void signal(int fd) {
  uint64_t one = 1;
  (void)!write(fd, &one, sizeof one);
}
void drain(int fd) {
  uint64_t n;
  (void)!read(fd, &n, sizeof n);
}
}  // namespace

TEST(handler_runs_on_loop_thread) {
  EventLoop loop;
  int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  std::atomic<int> calls{0};
  std::atomic<bool> on_loop{false};
  loop.add(fd, EPOLLIN, [&](uint32_t) {
    drain(fd);
    on_loop = loop.on_loop_thread();
    ++calls;
  });
  loop.start();
  signal(fd);
  CHECK(wait_for([&] { return calls.load() == 1; }));
  CHECK(on_loop.load());
  loop.stop();
  close(fd);
}

// Two fds are ready in one epoll_wait batch. Whichever handler runs first removes and closes the
// other fd and registers a fresh, never-signalled eventfd, which gets the same number. The other
// fd's event, already fetched, must not be delivered to the newcomer.
TEST(stale_event_for_reused_fd_is_dropped) {
  EventLoop loop;
  int fds[2] = {eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)};
  std::atomic<int> stale{0}, replaced{0}, reused{0};
  for (int i = 0; i < 2; ++i) {
    loop.add(fds[i], EPOLLIN, [&, i](uint32_t) {
      drain(fds[i]);
      if (replaced.exchange(1)) return;
      int other = fds[1 - i];
      loop.remove(other);
      close(other);
      int fresh = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
      if (fresh == other) ++reused;
      fds[1 - i] = fresh;
      loop.add(fresh, EPOLLIN, [&](uint32_t) { ++stale; });
    });
  }
  signal(fds[0]);
  signal(fds[1]);
  loop.start();
  CHECK(wait_for([&] { return replaced.load() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_EQ(reused.load(), 1);
  CHECK_EQ(stale.load(), 0);
  loop.stop();
  close(fds[0]);
  close(fds[1]);
}

TEST(removed_handler_not_called) {
  EventLoop loop;
  int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  std::atomic<int> calls{0};
  loop.add(fd, EPOLLIN, [&](uint32_t) { ++calls; });
  loop.remove(fd);
  loop.start();
  signal(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  CHECK_EQ(calls.load(), 0);
  loop.stop();
  close(fd);
}

TEST_MAIN()
