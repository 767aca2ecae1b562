// The GDB stub's TCP server (remote/gdb/gdb_server.h) on its thread's seccomp allow-list, in a
// forked child over loopback: acks, a stop reply and qSupported go through; a syscall outside the
// list, made by the kill hook on the stub thread when the debugger sends `k`, ends the process
// with the line naming it. The stub is given no vCPUs (no KVM needed): gdb-stub.test.ts drives the
// same filtered thread with Debian's gdb on a real guest.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <string>

#include "check.h"
#include "forked_child.h"
#include "remote/gdb/gdb_server.h"
#include "remote/gdb/rsp_codec.h"
#include "remote/gdb/vcpu_control.h"
#include "vmm/guest_memory.h"
#include "vmm/seccomp_filter.h"

using namespace tshyve;

namespace {
// What the stub sends within 3 s of the last byte (until `want` is seen).
std::string read_until(int fd, const std::string& want) {
  std::string got;
  char buf[4096];
  while (got.find(want) == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 3000) <= 0) break;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  return got;
}

ChildOutcome debug_session(bool filters) {
  return in_child([filters] {
    vmm::seccomp::set_thread_filters_enabled(filters);
    vmm::GuestMemory memory;
    std::atomic<bool> stopping{false};
    remote::gdb::VcpuControl control({}, memory, stopping, false, false);
    control.set_hooks({nullptr, [] { ::syscall(__NR_socket, AF_UNIX, SOCK_STREAM, 0); }});
    remote::gdb::GdbServer server("127.0.0.1", 0, control);
    server.start();
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(server.port());
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) ::_exit(2);
    const std::string q = remote::gdb::rsp_frame("qSupported:swbreak+;hwbreak+"), s = remote::gdb::rsp_frame("?");
    (void)!::write(fd, q.data(), q.size());
    if (read_until(fd, "PacketSize").find("PacketSize") == std::string::npos) ::_exit(3);
    (void)!::write(fd, s.data(), s.size());
    if (read_until(fd, "#").find("$") == std::string::npos) ::_exit(4);
    const char line[] = "debugger served\n";
    (void)!::write(STDERR_FILENO, line, sizeof line - 1);
    const std::string k = remote::gdb::rsp_frame("k");
    (void)!::write(fd, k.data(), k.size());
    read_until(fd, "never");  // the process ends here when the filter is on
    ::close(fd);
    server.stop();
  });
}
}  // namespace

TEST(stub_thread_runs_under_its_seccomp_allow_list) {
  ChildOutcome on = debug_session(true);
  CHECK_EQ(on.status, 159);
  CHECK(on.err.find("debugger served") != std::string::npos);
  CHECK(on.err.find("thread gdb called forbidden syscall 41 (socket)") != std::string::npos);
  if (on.status != 159) std::printf("  stderr: %s\n", on.err.c_str());
  ChildOutcome off = debug_session(false);
  CHECK_EQ(off.status, 0);
  CHECK(off.err.find("forbidden") == std::string::npos);
}

TEST_MAIN()
