// Seccomp filters (vmm/seccomp_filter.h) in forked children: each thread kind's allow-list lets its
// work through and ends the process with a named log line on anything else; the process deny-list
// stops exec and namespaces but not ordinary work (threads, files).
#include <fcntl.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "forked_child.h"
#include "vmm/seccomp_filter.h"

using namespace tshyve::vmm;

namespace {
using Outcome = ChildOutcome;

// What every VMM thread does: allocate, lock, log, signal an eventfd (made before the filter).
int g_efd = ::eventfd(0, EFD_CLOEXEC);
void ordinary_work() {
  std::vector<char> big(8 << 20, 1);
  std::mutex mu;
  { std::lock_guard<std::mutex> lock(mu); }
  uint64_t one = 1;
  if (::write(g_efd, &one, sizeof one) != sizeof one) ::_exit(3);
  const char line[] = "work done\n";
  (void)!::write(STDERR_FILENO, line, sizeof line - 1);
}

void enter(seccomp::ThreadKind kind) {
  seccomp::set_thread_filters_enabled(true);
  seccomp::enter_thread(kind);
}
}  // namespace

TEST(thread_programs_fit_the_bpf_limits) {
  for (auto kind : {seccomp::ThreadKind::kVcpu, seccomp::ThreadKind::kEventLoop, seccomp::ThreadKind::kBlockWorker,
                    seccomp::ThreadKind::kFsWorker, seccomp::ThreadKind::kVnc, seccomp::ThreadKind::kGdb}) {
    auto prog = seccomp::thread_program(kind);
    CHECK(prog.size() > 10 && prog.size() < 256);
  }
  CHECK(seccomp::process_program().size() < 256);
  CHECK(std::strcmp(seccomp::syscall_name(__NR_socket), "socket") == 0);
  CHECK(seccomp::syscall_name(100000) == nullptr);
}

TEST(every_thread_kind_allows_its_work_and_kills_on_socket) {
  for (auto kind : {seccomp::ThreadKind::kVcpu, seccomp::ThreadKind::kEventLoop, seccomp::ThreadKind::kBlockWorker,
                    seccomp::ThreadKind::kFsWorker, seccomp::ThreadKind::kVnc, seccomp::ThreadKind::kGdb}) {
    Outcome o = in_child([kind] {
      enter(kind);
      ordinary_work();
      ::syscall(__NR_socket, AF_UNIX, SOCK_STREAM, 0);
      ::_exit(0);
    });
    CHECK_EQ(o.status, 159);
    CHECK(o.err.find("work done") != std::string::npos);
    const std::string want = std::string("thread ") + seccomp::thread_kind_name(kind) + " called forbidden syscall 41 (socket)";
    CHECK(o.err.find(want) != std::string::npos);
    if (o.err.find(want) == std::string::npos) std::printf("  stderr: %s\n", o.err.c_str());
  }
}

TEST(block_worker_does_disk_io_but_cannot_open_files) {
  char path[] = "/tmp/tshyve-seccomp-XXXXXX";
  int fd = ::mkstemp(path);
  CHECK(fd >= 0);
  Outcome o = in_child([fd] {
    enter(seccomp::ThreadKind::kBlockWorker);
    char buf[4096] = {7};
    iovec v{buf, sizeof buf};
    if (::pwritev(fd, &v, 1, 0) != sizeof buf || ::preadv(fd, &v, 1, 0) != sizeof buf || ::fdatasync(fd) != 0) ::_exit(2);
    ::open("/etc/hostname", O_RDONLY);
    ::_exit(0);
  });
  ::close(fd);
  ::unlink(path);
  CHECK_EQ(o.status, 159);
  CHECK(o.err.find("block-worker called forbidden syscall 257 (openat)") != std::string::npos);
}

TEST(vnc_and_gdb_threads_may_not_open_files) {
  for (auto kind : {seccomp::ThreadKind::kVnc, seccomp::ThreadKind::kGdb}) {
    Outcome o = in_child([kind] {
      enter(kind);
      ::open("/etc/hostname", O_RDONLY);
      ::_exit(0);
    });
    CHECK_EQ(o.status, 159);
    CHECK(o.err.find(std::string(seccomp::thread_kind_name(kind)) + " called forbidden syscall 257 (openat)") != std::string::npos);
  }
}

TEST(vcpu_thread_may_not_use_terminal_ioctls) {
  Outcome o = in_child([] {
    enter(seccomp::ThreadKind::kVcpu);
    char c = 'x';
    ::ioctl(STDIN_FILENO, TIOCSTI, &c);
    ::_exit(0);
  });
  CHECK_EQ(o.status, 159);
  CHECK(o.err.find("vcpu called forbidden syscall 16 (ioctl) request 0x00005412") != std::string::npos);
}

TEST(filters_off_means_no_filter) {
  Outcome o = in_child([] {
    seccomp::set_thread_filters_enabled(false);
    seccomp::enter_thread(seccomp::ThreadKind::kVcpu);
    long s = ::syscall(__NR_socket, AF_UNIX, SOCK_STREAM, 0);
    ::_exit(s >= 0 ? 0 : 2);
  });
  CHECK_EQ(o.status, 0);
}

TEST(process_deny_list_stops_exec_and_namespaces_but_not_threads) {
  Outcome exec = in_child([] {
    if (seccomp::install_process_deny_list() != 0) ::_exit(2);
    std::thread t([] { ordinary_work(); });  // clone3 -> ENOSYS -> clone without namespace flags
    t.join();
    int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0) ::_exit(3);
    ::close(fd);
    char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
    ::execve("/bin/true", argv, nullptr);
    ::_exit(0);
  });
  CHECK_EQ(exec.status, 159);
  CHECK(exec.err.find("work done") != std::string::npos);
  CHECK(exec.err.find("thread process called forbidden syscall 59 (execve)") != std::string::npos);

  Outcome ns = in_child([] {
    if (seccomp::install_process_deny_list() != 0) ::_exit(2);
    ::unshare(CLONE_NEWNS);
    ::_exit(0);
  });
  CHECK_EQ(ns.status, 159);
  CHECK(ns.err.find("(unshare)") != std::string::npos);

  Outcome ring = in_child([] {
    if (seccomp::install_process_deny_list() != 0) ::_exit(2);
    char params[120] = {};
    long r = ::syscall(__NR_io_uring_setup, 4, params);
    ::_exit(r == -1 && errno == ENOSYS ? 0 : 4);
  });
  CHECK_EQ(ring.status, 0);
}

TEST(process_deny_list_reaches_threads_started_before_it) {
  Outcome o = in_child([] {
    std::mutex mu;
    std::condition_variable cv;
    bool installed = false;
    std::thread t([&] {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return installed; });
      ::syscall(__NR_ptrace, 0, 0, 0, 0);
    });
    if (seccomp::install_process_deny_list() != 0) ::_exit(2);
    {
      std::lock_guard<std::mutex> lock(mu);
      installed = true;
    }
    cv.notify_one();
    t.join();
    ::_exit(0);
  });
  CHECK_EQ(o.status, 159);
  CHECK(o.err.find("(ptrace)") != std::string::npos);
}

TEST_MAIN()
