// virtio-console (virtio 1.2 §5.3), single-port form (no VIRTIO_CONSOLE_F_MULTIPORT): port 0's
// receive/transmit queues connected to a unix socket (mode 0600) as bhyve's `port1=/path.sock`.
#pragma once
#include <deque>
#include <string>
#include <vector>

#include "devices/virtio/virtio_config.h"
#include "devices/virtio/virtio_device.h"
#include "vmm/unique_fd.h"

namespace tshyve::devices::virtio {

class VirtioConsole : public VirtioDevice {
 public:
  explicit VirtioConsole(const ConsoleConfig& config);  // throws std::runtime_error (socket)
  ~VirtioConsole() override;
  uint32_t device_type() const override;
  const char* name() const override { return "console"; }
  uint64_t device_features() const override { return 1; }  // VIRTIO_CONSOLE_F_SIZE
  uint16_t num_queues() const override { return 2; }
  uint32_t config_size() const override { return 12; }  // cols, rows, max_nr_ports, emerg_wr
  void read_config(uint32_t offset, uint8_t* data, uint32_t size) override;
  void activate(DeviceContext&) override {}
  void reset() override { input_.clear(); }
  void queue_notified(DeviceContext& ctx, uint16_t index) override;  // event-loop thread
  void attach(vmm::EventLoop& loop, DeviceContext& ctx) override;
  void shutdown() override;

 private:
  void accept_client(DeviceContext& ctx);
  void read_client(DeviceContext& ctx);
  void deliver(DeviceContext& ctx);  // lock held
  void transmit(DeviceContext& ctx); // lock held
  void drop_client();
  ConsoleConfig config_;
  std::string path_;
  vmm::UniqueFd listen_, client_;
  std::deque<uint8_t> input_;  // host -> guest bytes waiting for receive buffers
  vmm::EventLoop* loop_ = nullptr;
  DeviceContext* ctx_ = nullptr;
};

}  // namespace tshyve::devices::virtio
