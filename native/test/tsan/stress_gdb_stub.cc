// ThreadSanitizer stress run of the GDB stub (native/src/remote/gdb, native/THREADS.md) on the real
// /dev/kvm: a two-vCPU micro guest (test/guests/gdb_target) under a debugger that interrupts,
// reads registers and memory, single-steps and continues as fast as it can, racing the vCPU
// threads' park/kick hooks, the halt check and, at the end, the guest's own exit. Runs
// TSAN_STRESS_SECONDS (default 3); any TSan report or protocol failure fails it. Builds the micro
// guests if needed; skips (exit 0, with the reason) without /dev/kvm unless TSHYVE_REQUIRE_KVM=1.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "machine/vm.h"
#include "remote/gdb/rsp_codec.h"

using namespace tshyve;

namespace {
const char* kGuestDir = "../../../test/guests";
const char* kRom = "../../../test/guests/build/gdb_target.bin";

void build_guests() {
  pid_t pid = ::fork();
  if (pid == 0) {
    const char* argv[] = {"make", "-s", "-C", kGuestDir, nullptr};
    ::execvp("make", const_cast<char* const*>(argv));
    ::_exit(127);
  }
  int st = 0;
  if (pid > 0) ::waitpid(pid, &st, 0);
}

class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < 100 && ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Client() { ::close(fd_); }
  void raw(const std::string& s) { (void)!::send(fd_, s.data(), s.size(), MSG_NOSIGNAL); }
  // The next packet's payload; empty on timeout or a closed connection.
  std::string request(const std::string& p, bool expect_reply = true) {
    raw(remote::gdb::rsp_frame(p));
    return expect_reply ? next() : "";
  }
  std::string next(int timeout_ms = 20000) {  // TSan on a loaded host is slow
    for (;;) {
      while (!pending_.empty()) {
        const uint8_t b = static_cast<uint8_t>(pending_[0]);
        pending_.erase(0, 1);
        if (decoder_.feed(b) == remote::gdb::RspDecoder::Event::kPacket) {
          raw("+");
          return decoder_.packet();
        }
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, timeout_ms) <= 0) return "";
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return "";
      pending_.append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  std::string pending_;
  remote::gdb::RspDecoder decoder_;
};
}  // namespace

int main() {
  const char* require = std::getenv("TSHYVE_REQUIRE_KVM");
  if (::access("/dev/kvm", R_OK | W_OK) != 0) {
    std::printf("stress_gdb_stub: /dev/kvm not usable: %s\n", require && *require == '1' ? "FAILED (TSHYVE_REQUIRE_KVM=1)" : "skipped");
    return require && *require == '1' ? 1 : 0;
  }
  if (::access(kRom, R_OK) != 0) build_guests();
  if (::access(kRom, R_OK) != 0) {
    std::printf("stress_gdb_stub: FAILED: no %s after make -C %s\n", kRom, kGuestDir);
    return 1;
  }
  const char* env = std::getenv("TSAN_STRESS_SECONDS");
  const int seconds = env ? std::atoi(env) : 3;
  machine::VmConfig c;
  c.memory_bytes = 32ull << 20;
  c.vcpus = c.sockets = 2;
  c.rom_path = kRom;
  c.debug_exit = true;
  c.seccomp = false;  // TSan's runtime makes calls no allow-list has
  c.gdb_port = static_cast<uint16_t>(20000 + ::getpid() % 20000);
  c.gdb_wait = true;
  std::atomic<int> exit_status{-1};
  std::atomic<size_t> serial_bytes{0};
  machine::Vm vm(c, [&](uint8_t, const uint8_t*, size_t n) { serial_bytes += n; });
  vm.start([&](int s) { exit_status = s; });
  Client gdb(c.gdb_port);
  int failures = 0, rounds = 0, exited = 0;
  if (gdb.request("?").rfind("T05", 0) != 0) ++failures;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < end && !exited) {
    ++rounds;
    int missed = 0;
    std::string first_miss;  // the first request of this round that got a wrong reply, and the reply
    auto expect = [&](const char* what, bool ok, const std::string& reply) {
      if (ok) return;
      if (!missed++) first_miss = std::string(what) + " -> \"" + reply.substr(0, 40) + "\"";
    };
    std::string h = gdb.request("Hg" + std::to_string(1 + rounds % 2));
    expect("Hg", h == "OK", h);
    std::string g = gdb.request("g");
    expect("g", g.size() >= 100, g);
    std::string m = gdb.request("m5000,4");
    expect("m5000,4", m.size() == 8, m);
    std::string r;
    if (rounds % 3) {
      r = gdb.request("vCont;s:1;c");
    } else {  // continue, then interrupt it
      gdb.request("vCont;c", false);
      std::this_thread::sleep_for(std::chrono::milliseconds(rounds % 7));
      gdb.raw("\x03");
      r = gdb.next();
    }
    expect(rounds % 3 ? "vCont;s:1;c" : "vCont;c + Ctrl-C", r.rfind("W", 0) == 0 || r.rfind("T0", 0) == 0, r);
    // The guest may run to its end between two stops; its W reply can then answer another request
    // (the stub closes the connection after it): that round's misses are the end, not failures.
    if (r.rfind("W", 0) == 0 || exit_status.load() >= 0)
      exited = 1;
    else if (missed) {
      if (!failures) std::printf("stress_gdb_stub: round %d: %s\n", rounds, first_miss.c_str());
      failures += missed;
    }
  }
  if (!exited) gdb.request("D");
  for (int i = 0; i < 200 && exit_status.load() < 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  vm.shutdown();
  std::printf(
      "stress_gdb_stub: %d rounds (stop, registers, memory, step or continue + Ctrl-C), %d failures, guest %s (status %d), %zu serial "
      "bytes\n",
      rounds, failures, exited ? "ran to its end while debugged" : "detached", exit_status.load(), serial_bytes.load());
  return failures == 0 && exit_status.load() == 1 ? 0 : 1;
}
