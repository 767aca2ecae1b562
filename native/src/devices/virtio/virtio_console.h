// virtio-console (virtio 1.2 §5.3) with VIRTIO_CONSOLE_F_MULTIPORT: every configured port is a
// named port (§5.3.6.2 control messages, VIRTIO_CONSOLE_PORT_NAME) on its own unix socket (mode
// 0600), as bhyve's `virtio-console,name=/path.sock,...`. Without MULTIPORT only port 0 works.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "devices/virtio/virtio_config.h"
#include "devices/virtio/virtio_device.h"
#include "devices/virtio/virtio_spec.h"
#include "vmm/log.h"
#include "vmm/unique_fd.h"

namespace tshyve::devices::virtio {

// §5.3.3 feature bits and §5.3.6.2 control events.
constexpr uint32_t kConsoleFeatureSize = 0;       // VIRTIO_CONSOLE_F_SIZE
constexpr uint32_t kConsoleFeatureMultiport = 1;  // VIRTIO_CONSOLE_F_MULTIPORT
namespace console_event {
constexpr uint16_t kDeviceReady = 0, kDeviceAdd = 1, kDeviceRemove = 2, kPortReady = 3, kConsolePort = 4, kResize = 5, kPortOpen = 6,
                   kPortName = 7;
}
constexpr uint32_t kConsoleControlSize = 8;  // struct virtio_console_control { le32 id; le16 event, value; }
constexpr uint32_t kConsoleMaxPorts = 31;    // our limit: 64 queues (2 per port + the control pair)

class VirtioConsole : public VirtioDevice {
 public:
  // Throws std::runtime_error (socket, too many ports).
  explicit VirtioConsole(const ConsoleConfig& config);
  ~VirtioConsole() override;
  uint32_t device_type() const override;
  const char* name() const override { return "console"; }
  uint64_t device_features() const override { return bit(kConsoleFeatureSize) | bit(kConsoleFeatureMultiport); }
  uint16_t num_queues() const override { return static_cast<uint16_t>(2 * (ports_.size() + 1)); }
  uint32_t config_size() const override { return 12; }  // cols, rows, max_nr_ports, emerg_wr
  void read_config(uint32_t offset, uint8_t* data, uint32_t size) override;
  void activate(DeviceContext& ctx) override;
  void reset() override;
  void queue_notified(DeviceContext& ctx, uint16_t index) override;  // event-loop thread
  void attach(vmm::EventLoop& loop, DeviceContext& ctx) override;
  void shutdown() override;
  // Snapshot: MULTIPORT, each port's ready/open state, whether a host client was connected, its
  // input not yet delivered, and the control messages waiting for buffers. A port whose client was
  // connected is reported closed on the host side after restore (PORT_OPEN 0); the next client
  // that connects opens it again.
  void save_state(vmm::StateWriter& w) const override;
  bool restore_state(vmm::StateReader& r) override;

  // §5.3.2 queue numbering: port 0 uses 0/1, the control queues are 2/3, port n>0 uses 2n+2/2n+3.
  static uint16_t rx_queue(uint32_t port) { return static_cast<uint16_t>(port == 0 ? 0 : 2 * port + 2); }
  static uint16_t tx_queue(uint32_t port) { return static_cast<uint16_t>(rx_queue(port) + 1); }
  static constexpr uint16_t kControlRx = 2, kControlTx = 3;

 private:
  struct Port {
    uint32_t id = 0;
    std::string name, path;
    vmm::UniqueFd listen, client;
    std::deque<uint8_t> input;  // host -> guest bytes waiting for receive buffers
    bool ready = false;         // the driver sent PORT_READY (multiport)
    bool guest_open = false;    // the driver sent PORT_OPEN 1 (multiport)
  };
  void accept_client(Port& p);
  void read_client(Port& p);
  void drop_client(Port& p);                   // lock held
  bool can_deliver(const Port& p) const;       // lock held
  void deliver(DeviceContext& ctx, Port& p);   // lock held
  void transmit(DeviceContext& ctx, Port& p);  // lock held
  void control_in(DeviceContext& ctx);         // lock held: drains the control transmitq
  void handle_control(uint32_t id, uint16_t event, uint16_t value);
  void send_control(uint32_t id, uint16_t event, uint16_t value, const std::string& extra = {});
  void deliver_control(DeviceContext& ctx);  // lock held

  ConsoleConfig config_;
  std::vector<std::unique_ptr<Port>> ports_;
  std::deque<std::vector<uint8_t>> control_out_;  // device -> driver control messages
  bool multiport_ = false;
  vmm::EventLoop* loop_ = nullptr;
  DeviceContext* ctx_ = nullptr;
};

}  // namespace tshyve::devices::virtio
