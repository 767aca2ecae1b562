// virtio-net (virtio 1.2 §5.1) over a host tap: one receive/transmit queue pair, the 12-byte
// virtio_net_hdr passed through to the tap's vnet header, checksum/TSO offloads when negotiated,
// mergeable receive buffers, MAC, MTU and link status; optional rx/tx rate limits (Firecracker's
// token buckets) hold frames in the tap or the ring until a timer says the buckets have refilled.
#pragma once
#include <memory>
#include <vector>

#include "devices/backends/tap.h"
#include "devices/virtio/device_counters.h"
#include "devices/virtio/virtio_config.h"
#include "devices/virtio/virtio_device.h"
#include "vmm/rate_limiter.h"
#include "vmm/unique_fd.h"

namespace tshyve::devices::virtio {

namespace net {
// §5.1.3 feature bits.
constexpr uint32_t kCsum = 0, kGuestCsum = 1, kMtu = 3, kMac = 5, kGuestTso4 = 7, kGuestTso6 = 8, kGuestEcn = 9, kHostTso4 = 11,
                   kHostTso6 = 12, kHostEcn = 13, kMrgRxbuf = 15, kStatus = 16;
// §5.1.6 struct virtio_net_hdr flags and gso_type values.
constexpr uint8_t kHdrFlagNeedsCsum = 1;
constexpr uint8_t kGsoNone = 0, kGsoTcpv4 = 1, kGsoTcpv6 = 4, kGsoEcn = 0x80;
constexpr uint32_t kHdrSize = 12;  // struct virtio_net_hdr with num_buffers (VERSION_1, §5.1.6)
constexpr uint16_t kLinkUp = 1;    // VIRTIO_NET_S_LINK_UP
constexpr uint32_t kConfigSize = 12;
constexpr uint32_t kMaxFrame = 65536 + kHdrSize;  // a TSO super-frame plus header
constexpr uint16_t kRxQueue = 0, kTxQueue = 1;
}  // namespace net

class VirtioNet : public VirtioDevice {
 public:
  // throws backends::TapError
  explicit VirtioNet(const NicConfig& config, vmm::TokenBucket::Clock clock = vmm::TokenBucket::monotonic_ns);
  uint32_t device_type() const override;
  const char* name() const override { return "net"; }
  uint64_t device_features() const override;
  uint16_t num_queues() const override { return 2; }
  uint32_t config_size() const override { return net::kConfigSize; }
  void read_config(uint32_t offset, uint8_t* data, uint32_t size) override;
  void activate(DeviceContext& ctx) override;
  void reset() override;
  void queue_notified(DeviceContext& ctx, uint16_t index) override;  // event-loop thread
  void attach(vmm::EventLoop& loop, DeviceContext& ctx) override;
  void shutdown() override;
  // Snapshot: the configuration space (MAC, link status, MTU), which must match on restore. A frame
  // read from the tap and not yet placed is not carried (a dropped packet).
  void save_state(vmm::StateWriter& w) const override;
  bool restore_state(vmm::StateReader& r) override;
  uint64_t rx_frames() const { return counters_.rx_packets.get(); }
  uint64_t tx_frames() const { return counters_.tx_packets.get(); }
  const NetCounters& counters() const { return counters_; }  // any thread

 private:
  static void sanitize_tx_header(uint64_t features, uint8_t* hdr);
  void process_tx(DeviceContext& ctx);  // lock held
  void process_rx(DeviceContext& ctx);  // lock held
  enum class Placement { kPlaced, kDropped, kNoRoom, kBroken };
  struct UsedEntry {
    uint16_t head;
    uint32_t len;
  };
  bool deliver(DeviceContext& ctx);  // lock held: places pending_ into the RX queue
  // lock held: one attempt; on kNoRoom `popped` is how many buffers were taken (and put back).
  Placement place_frame(DeviceContext& ctx, Virtqueue& q, uint16_t& popped);
  void retry_after(uint64_t wait_ns);  // lock held: arms the timer that resumes throttled queues
  NicConfig config_;
  backends::Tap tap_;
  uint8_t config_space_[net::kConfigSize] = {};
  std::vector<uint8_t> frame_;      // bounce buffer for one received frame (event-loop thread)
  size_t pending_len_ = 0;          // a frame read from the tap but not yet delivered
  std::vector<UsedEntry> rx_used_;  // the chains one frame is being placed into
  vmm::EventLoop* loop_ = nullptr;
  NetCounters counters_;
  vmm::RateLimiter rx_limiter_, tx_limiter_;
  vmm::UniqueFd timer_;          // a timerfd, only when a limit is set
  uint64_t timer_deadline_ = 0;  // monotonic ns the timer fires at; 0: not armed
  bool rx_charged_ = false;      // the pending frame has been paid for
};

}  // namespace tshyve::devices::virtio
