// The client side of 9P2000.L for native tests: builds T-messages, and sends them either through
// the virtio-9p device's virtqueue (the virtio test driver) or to a real 9P server over a socket
// (Debian's diod, started as a child on one end of a socketpair and ended by its pid).
#pragma once
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "devices/virtio/p9_wire.h"
#include "devices/virtio/virtio_9p.h"
#include "virtio_test_driver.h"

namespace p9c {

using tshyve::devices::virtio::p9::Reader;

// One T-message under construction.
class Msg {
 public:
  Msg(uint8_t type, uint16_t tag = 1) {
    u32(0);
    u8(type);
    u16(tag);
  }
  Msg& u8(uint8_t v) { return put(&v, 1); }
  Msg& u16(uint16_t v) { return put(&v, 2); }
  Msg& u32(uint32_t v) { return put(&v, 4); }
  Msg& u64(uint64_t v) { return put(&v, 8); }
  Msg& str(const std::string& s) {
    u16(static_cast<uint16_t>(s.size()));
    return put(s.data(), s.size());
  }
  Msg& put(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    bytes.insert(bytes.end(), b, b + n);
    return *this;
  }
  std::vector<uint8_t> done() const {
    std::vector<uint8_t> out = bytes;
    const uint32_t n = static_cast<uint32_t>(out.size());
    std::memcpy(out.data(), &n, 4);
    return out;
  }
  std::vector<uint8_t> bytes;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends one request; returns the whole reply (empty on a transport failure).
  virtual std::vector<uint8_t> rpc(const std::vector<uint8_t>& req, uint32_t reply_room = 1 << 20) = 0;
};

// Through the virtqueue: one readable buffer with the request, one writable for the reply.
class VirtqueueTransport : public Transport {
 public:
  explicit VirtqueueTransport(const tshyve::devices::virtio::ShareConfig& c) {
    dev = std::make_shared<tshyve::devices::virtio::Virtio9p>(c);
    ok = d.init(dev, tshyve::devices::virtio::bit(tshyve::devices::virtio::kFeature9pMountTag));
  }
  ~VirtqueueTransport() override { dev->shutdown(); }
  std::vector<uint8_t> rpc(const std::vector<uint8_t>& req, uint32_t reply_room = 1 << 20) override {
    if (d.heap > testdrv::Driver::kRam / 2) d.heap = 0x100000;  // one request at a time: reuse the heap
    const uint64_t in = d.alloc(req.size() ? req.size() : 1), out = d.alloc(reply_room);
    std::memcpy(d.ram + in, req.data(), req.size());
    std::vector<testdrv::Buf> bufs;
    if (!req.empty()) bufs.push_back({in, static_cast<uint32_t>(req.size()), false});
    if (reply_room) bufs.push_back({out, reply_room, true});
    const uint16_t before = d.used_idx();
    d.submit(bufs);
    d.kick();
    for (int i = 0; i < 50000 && d.used_idx() == before; ++i) std::this_thread::sleep_for(std::chrono::microseconds(200));
    if (d.used_idx() == before) return {};
    const uint32_t n = d.used_len(before);
    return std::vector<uint8_t>(d.ram + out, d.ram + out + n);
  }
  testdrv::Driver d;
  std::shared_ptr<tshyve::devices::virtio::Virtio9p> dev;
  bool ok = false;
};

// A diod child serving `dir` on one end of a socketpair (diod --rfdno/--wfdno).
class DiodTransport : public Transport {
 public:
  static constexpr const char* kDiod = "/usr/sbin/diod";
  static bool available() { return ::access(kDiod, X_OK) == 0; }
  explicit DiodTransport(const std::string& dir) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return;
    pid = ::fork();
    if (pid == 0) {
      ::dup2(sv[1], 3);  // dup2 clears FD_CLOEXEC on the copy
      const int devnull = ::open("/dev/null", O_WRONLY);
      if (devnull >= 0) ::dup2(devnull, 2);
      const char* argv[] = {kDiod, "-n", "-f", "--rfdno=3", "--wfdno=3", "-e", dir.c_str(), "-L", "stderr", nullptr};
      ::execv(kDiod, const_cast<char* const*>(argv));
      ::_exit(127);
    }
    ::close(sv[1]);
    fd = sv[0];
  }
  // diod ends by itself when its connection closes (on SIGTERM it may dump core): wait up to 3 s.
  ~DiodTransport() override {
    if (fd >= 0) ::close(fd);
    if (pid <= 0) return;
    for (int i = 0; i < 300; ++i) {
      if (::waitpid(pid, nullptr, WNOHANG) == pid) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  std::vector<uint8_t> rpc(const std::vector<uint8_t>& req, uint32_t = 0) override {
    if (fd < 0 || ::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) return {};
    std::vector<uint8_t> out(4);
    if (!recv_all(out.data(), 4)) return {};
    uint32_t n;
    std::memcpy(&n, out.data(), 4);
    if (n < 7 || n > (8u << 20)) return {};
    out.resize(n);
    if (!recv_all(out.data() + 4, n - 4)) return {};
    return out;
  }
  pid_t pid = -1;
  int fd = -1;

 private:
  bool recv_all(uint8_t* p, size_t n) {
    while (n) {
      const ssize_t r = ::recv(fd, p, n, 0);
      if (r <= 0) return false;
      p += r, n -= static_cast<size_t>(r);
    }
    return true;
  }
};

// Reply helpers.
inline uint8_t type_of(const std::vector<uint8_t>& r) { return r.size() >= 7 ? r[4] : 0; }
inline Reader body_of(const std::vector<uint8_t>& r) { return Reader(r.data() + 7, r.size() >= 7 ? r.size() - 7 : 0); }
// The errno of an Rlerror, or 0 when the reply is not one.
inline uint32_t lerror(const std::vector<uint8_t>& r) {
  if (type_of(r) != tshyve::devices::virtio::p9::kRlerror) return 0;
  Reader b = body_of(r);
  return b.u32();
}

}  // namespace p9c
