// virtio-rng / entropy device (virtio 1.2 §5.4): fills the driver's buffers from the host's
// getrandom(2), rate-limited by a token bucket (a timerfd retries when the bucket is empty).
#pragma once
#include <chrono>

#include "devices/virtio/virtio_config.h"
#include "devices/virtio/virtio_device.h"
#include "vmm/unique_fd.h"

namespace tshyve::devices::virtio {

class VirtioRng : public VirtioDevice {
 public:
  explicit VirtioRng(const RngConfig& config);
  uint32_t device_type() const override;
  const char* name() const override { return "rng"; }
  uint64_t device_features() const override { return 0; }
  uint16_t num_queues() const override { return 1; }
  uint32_t config_size() const override { return 0; }
  void read_config(uint32_t, uint8_t*, uint32_t) override {}
  void activate(DeviceContext&) override {}
  void reset() override {}
  void queue_notified(DeviceContext& ctx, uint16_t index) override;  // event-loop thread
  void attach(vmm::EventLoop& loop, DeviceContext& ctx) override;
  void shutdown() override;

 private:
  void process(DeviceContext& ctx);  // lock held
  void refill();
  RngConfig config_;
  double tokens_;
  std::chrono::steady_clock::time_point last_;
  vmm::UniqueFd timer_;
  vmm::EventLoop* loop_ = nullptr;
};

}  // namespace tshyve::devices::virtio
