// virtio-9p transport device (virtio 1.2 §5 device ID 9; config space as Linux
// include/uapi/linux/virtio_9p.h: le16 tag_len + tag, feature VIRTIO_9P_MOUNT_TAG): one request
// queue whose chains carry a 9P2000.L request (readable) and room for its reply (writable),
// served in order by one worker thread (file-system calls never run on a vCPU or the event loop).
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "devices/virtio/p9_server.h"
#include "devices/virtio/virtio_9p_config.h"
#include "devices/virtio/virtio_device.h"
#include "devices/virtio/virtio_spec.h"

namespace tshyve::devices::virtio {

constexpr uint32_t kDevice9p = 9;
constexpr uint32_t kFeature9pMountTag = 0;  // VIRTIO_9P_MOUNT_TAG

class Virtio9p : public VirtioDevice {
 public:
  // Setup thread. Throws std::runtime_error (missing directory, bad tag) with a user message.
  explicit Virtio9p(const ShareConfig& config);
  ~Virtio9p() override;
  uint32_t device_type() const override { return kDevice9p; }
  const char* name() const override { return "9p"; }
  uint64_t device_features() const override { return bit(kFeature9pMountTag); }
  uint16_t num_queues() const override { return 1; }
  uint16_t max_queue_size() const override { return 128; }
  uint32_t config_size() const override { return static_cast<uint32_t>(config_space_.size()); }
  void read_config(uint32_t offset, uint8_t* data, uint32_t size) override;
  void activate(DeviceContext&) override {}
  void reset() override { ++generation_; }                           // vCPU thread, lock held
  void queue_notified(DeviceContext& ctx, uint16_t index) override;  // event-loop thread
  void shutdown() override;
  // Serves every available request on the queue (the worker; tests and fuzzing call it directly).
  void serve(DeviceContext& ctx);
  uint64_t requests() const { return requests_; }

 private:
  void worker() noexcept;
  ShareConfig config_;
  std::vector<uint8_t> config_space_;
  p9::Server server_;
  std::vector<uint8_t> request_, reply_;
  uint64_t generation_ = 0;         // bumped on every device reset (transport lock held)
  uint64_t served_generation_ = 0;  // the session the server's fids belong to
  uint64_t requests_ = 0;

  std::mutex mu_;  // guards kicked_/stop_/ctx_ (leaf lock)
  std::condition_variable cv_;
  bool kicked_ = false, stop_ = false;
  DeviceContext* ctx_ = nullptr;
  std::thread thread_;
};

}  // namespace tshyve::devices::virtio
