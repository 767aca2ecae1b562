// virtio-blk (virtio 1.2 §5.2): read/write/flush/get-id/discard/write-zeroes requests against a
// BlockFile. One worker thread per device drains the kicked queues (block I/O never runs on a vCPU
// thread); reads and writes that need no wait for the disk finish there, the rest go to the shared
// block-request layer's pool (backends/block_request_queue.h), which completes them in batches.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "devices/backends/block_file.h"
#include "devices/backends/block_request_queue.h"
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
  unsigned io_workers = 4;            // block-layer threads (0: every request runs on the draining thread)
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

class VirtioBlk : public VirtioDevice, private backends::BlockCompletions {
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
  void reset() override;  // vCPU thread, lock held: requests still on the block layer are not published
  void queue_notified(DeviceContext& ctx, uint16_t index) override;  // event-loop thread
  void shutdown() override;
  // Snapshot: the configuration space (capacity, geometry); a restore into a disk of another size
  // or shape is refused. In-flight requests are the transport's concern: a snapshot waits until
  // none is popped and unpublished (those on the block layer included).
  void save_state(vmm::StateWriter& w) const override;
  bool restore_state(vmm::StateReader& r) override;
  // Processes one request chain to its end on the calling thread; returns bytes written into the
  // chain (tests, fuzzers).
  uint32_t handle_request(const Chain& chain);
  // Drains queue `q` through the rate limiter, transport lock held (I/O worker, or fuzzers); returns
  // the nanoseconds until a request it held back may go (0: none held).
  uint64_t drain(DeviceContext& ctx, uint16_t q);
  uint64_t requests() const { return requests_; }
  const BlkCounters& counters() const { return counters_; }  // any thread

 private:
  struct Request;
  // Checks `chain` into `r`; true when it needs the file (read, write, flush), false when it is
  // already done (get-id, discard, write-zeroes, or an error status).
  bool prepare(const Chain& chain, Request& r);
  uint32_t finish(Request& r);  // status byte and counters; returns bytes written
  // Starts `chain` of queue `q` (transport lock held): bytes written, or kChainDeferred when it is
  // on the block layer (completed() publishes it).
  long start(DeviceContext& ctx, uint16_t q, const Chain& chain);
  void completed(backends::BlockBatch& batch) override;  // block-layer worker
  std::unique_ptr<Request> take_request();
  void recycle(std::unique_ptr<Request> r);
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
  // Under the transport lock: bumped by reset(); finished requests kept for reuse (bounded).
  uint64_t generation_ = 0;
  std::vector<std::unique_ptr<Request>> spare_;
  std::unique_ptr<backends::BlockRequestQueue> io_;  // null: io_workers 0
};

}  // namespace tshyve::devices::virtio
