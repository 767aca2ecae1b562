// virtio-blk (virtio 1.2 §5.2): read/write/flush/get-id/discard/write-zeroes requests against a
// BlockFile, processed by one worker thread per device (block I/O never runs on a vCPU thread).
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "devices/backends/block_file.h"
#include "devices/virtio/device_counters.h"
#include "devices/virtio/virtio_device.h"
#include "vmm/rate_limiter.h"

namespace tshyve::devices::virtio {

struct BlockConfig {
  backends::BlockFileOptions file;
  uint32_t logical_sector_size = 512;
  uint32_t physical_sector_size = 0;  // 0: same as logical
  bool nodelete = false;              // bhyve `nodelete`: no DISCARD
  std::string serial;                 // up to 20 bytes (VIRTIO_BLK_ID_BYTES)
  uint16_t queues = 1;
  uint16_t queue_size = 256;
  vmm::BucketConfig bandwidth, iops;  // rate limits: requests wait in the ring while a bucket is empty
};

// virtio-blk request types and status (§5.2.6).
namespace blk {
constexpr uint32_t kTypeIn = 0, kTypeOut = 1, kTypeFlush = 4, kTypeGetId = 8, kTypeDiscard = 11, kTypeWriteZeroes = 13;
constexpr uint8_t kStatusOk = 0, kStatusIoErr = 1, kStatusUnsupported = 2;
constexpr uint32_t kFeatureSegMax = 2, kFeatureRo = 5, kFeatureBlkSize = 6, kFeatureFlush = 9, kFeatureTopology = 10, kFeatureMq = 12,
                   kFeatureDiscard = 13, kFeatureWriteZeroes = 14;
constexpr uint32_t kSectorSize = 512;  // capacity and request sectors are always 512 bytes
constexpr uint32_t kIdBytes = 20;
constexpr uint32_t kConfigSize = 60;  // through write_zeroes_may_unmap + padding
constexpr uint32_t kSegMax = 254;
}  // namespace blk

class VirtioBlk : public VirtioDevice {
 public:
  // Setup thread. Opens (and locks) the image; throws backends::BlockFileError.
  explicit VirtioBlk(const BlockConfig& config, vmm::TokenBucket::Clock clock = vmm::TokenBucket::monotonic_ns);
  ~VirtioBlk() override;
  uint32_t device_type() const override;
  const char* name() const override { return "blk"; }
  uint64_t device_features() const override;
  uint16_t num_queues() const override { return config_.queues; }
  uint16_t max_queue_size() const override { return config_.queue_size; }
  uint32_t config_size() const override { return blk::kConfigSize; }
  void read_config(uint32_t offset, uint8_t* data, uint32_t size) override;
  void activate(DeviceContext& ctx) override {}
  void reset() override {}
  void queue_notified(DeviceContext& ctx, uint16_t index) override;  // event-loop thread
  void shutdown() override;
  // Snapshot: the configuration space (capacity, geometry); a restore into a disk of another size
  // or shape is refused. In-flight requests are the transport's concern (none while its lock is held).
  void save_state(vmm::StateWriter& w) const override;
  bool restore_state(vmm::StateReader& r) override;
  // Processes one request chain; returns bytes written into the chain (I/O worker or tests).
  uint32_t handle_request(const Chain& chain);
  // Drains queue `q` through the rate limiter, transport lock held (I/O worker, or fuzzers); returns
  // the nanoseconds until a request it held back may go (0: none held).
  uint64_t drain(DeviceContext& ctx, uint16_t q);
  uint64_t requests() const { return requests_; }
  const BlkCounters& counters() const { return counters_; }  // any thread

 private:
  void worker() noexcept;
  void count(uint32_t type, uint8_t status, uint64_t data_bytes) noexcept;
  BlockConfig config_;
  backends::BlockFile file_;
  uint8_t config_space_[blk::kConfigSize] = {};

  std::mutex mu_;  // guards pending_/stop_/ctx_ (leaf lock)
  std::condition_variable cv_;
  uint64_t pending_ = 0;  // bitmask of kicked queues (first 64)
  bool stop_ = false;
  DeviceContext* ctx_ = nullptr;
  std::thread thread_;
  uint64_t requests_ = 0;
  BlkCounters counters_;
  vmm::RateLimiter limiter_;
  uint64_t throttled_queues_ = 0;  // worker thread only: queues holding a request back until the retry
};

}  // namespace tshyve::devices::virtio
