// The GDB stub's TCP side (GDB manual E "Remote Protocol", bhyve -G): one listening socket bound
// to the spec's address and port (loopback by default), one debugger at a time (others are
// accepted and closed at once), one thread that runs the protocol and the stop-the-world.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

#include "remote/gdb/vcpu_control.h"
#include "vmm/unique_fd.h"

namespace tshyve::remote::gdb {

class GdbServer {
 public:
  // Binds and listens now (setup thread); throws std::runtime_error naming the address when it
  // cannot (port taken, bad address).
  GdbServer(const std::string& address, uint16_t port, VcpuControl& control);
  ~GdbServer();
  GdbServer(const GdbServer&) = delete;
  GdbServer& operator=(const GdbServer&) = delete;
  void start();
  // Any thread; joins. A debugger waiting on a running guest gets `W` with `exit_status` (GDB
  // manual E.3), when it is one (0..255).
  void stop(int exit_status = -1);
  uint16_t port() const { return port_; }

 private:
  void run() noexcept;
  void serve(int client) noexcept;
  bool send_all(int fd, const std::string& s) noexcept;

  VcpuControl& control_;
  vmm::UniqueFd listen_, stop_fd_;
  uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> exit_status_{-1};
};

}  // namespace tshyve::remote::gdb
