// A VM's VNC server: listens on the spec's address and port, serves that VM's screen to up to
// kMaxClients viewers, and hands their key and pointer events to the VM's input devices.
// It runs on its own thread (not the device event loop): encoding a full screen takes
// milliseconds that virtio queues on the event loop must not wait for.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "devices/display/display_surface.h"
#include "devices/input/input_sink.h"
#include "remote/vnc/rfb_session.h"
#include "remote/vnc/vnc_screen.h"
#include "vmm/unique_fd.h"

namespace tshyve::remote::vnc {

struct VncServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 5900;  // 0: any free port (tests)
  std::string password;  // empty: no authentication
  std::string name = "tshyve";
  uint32_t width = 1024, height = 768;
  devices::display::DisplaySurface* surface = nullptr;
  devices::input::InputSink* input = nullptr;
  std::function<void()> on_first_viewer;  // once, when the first viewer finished its handshake
};

struct VncServerStats {
  uint64_t bytes_sent = 0, updates = 0, refreshes = 0, rows_compared = 0;
  uint32_t viewers = 0;
  bool kvm_dirty_log = false;
};

class VncServer {
 public:
  static constexpr size_t kMaxClients = 8;
  static constexpr int kRefreshMs = 30;
  static constexpr int kStallSeconds = 20;  // a viewer that reads nothing for this long is dropped

  // Binds and listens (throws std::runtime_error naming the address when it cannot, e.g. in use).
  explicit VncServer(const VncServerOptions& options);
  ~VncServer();
  VncServer(const VncServer&) = delete;
  VncServer& operator=(const VncServer&) = delete;

  void start();
  void stop();
  uint16_t port() const { return port_; }
  VncServerStats stats() const;

 private:
  struct Client;
  void run();
  void accept_clients();
  bool service(Client& c, short revents);
  bool flush(Client& c);
  void refresh_and_send();

  VncServerOptions options_;
  vmm::UniqueFd listen_, wake_;
  uint16_t port_ = 0;
  VncScreen screen_;
  std::vector<std::unique_ptr<Client>> clients_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  bool first_viewer_seen_ = false;
  int64_t last_refresh_ms_ = 0;
  std::atomic<uint64_t> bytes_sent_{0}, updates_{0}, refreshes_{0}, rows_compared_{0};
  std::atomic<uint32_t> viewers_{0};
  std::vector<uint8_t> read_buf_;
};

}  // namespace tshyve::remote::vnc
