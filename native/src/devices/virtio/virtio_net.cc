// virtio-net device (virtio 1.2 §5.1): transmit writes the driver's header+frame to the tap as is
// (vnet header = virtio_net_hdr), receive reads header+frame from the tap into one chain or, with
// VIRTIO_NET_F_MRG_RXBUF, several (setting num_buffers, §5.1.6.4).
#include "devices/virtio/virtio_net.h"

#include <linux/if_tun.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <stdexcept>

#include "devices/virtio/virtio_spec.h"
#include "vmm/event_loop.h"
#include "vmm/log.h"

namespace tshyve::devices::virtio {

VirtioNet::VirtioNet(const NicConfig& config, vmm::TokenBucket::Clock clock)
    : config_(config),
      tap_(config.tap, net::kHdrSize),
      frame_(net::kMaxFrame),
      rx_limiter_(config.rx_bandwidth, config.rx_packets, clock),
      tx_limiter_(config.tx_bandwidth, config.tx_packets, clock) {
  if (rx_limiter_.enabled() || tx_limiter_.enabled()) {
    timer_.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
    if (!timer_.valid()) throw std::runtime_error("virtio-net: timerfd_create failed");
  }
  std::memcpy(config_space_, config_.mac.data(), 6);
  uint16_t status = net::kLinkUp, pairs = 1, mtu = config_.mtu;
  std::memcpy(config_space_ + 6, &status, 2);
  std::memcpy(config_space_ + 8, &pairs, 2);
  std::memcpy(config_space_ + 10, &mtu, 2);
}

uint32_t VirtioNet::device_type() const { return kDeviceNet; }

uint64_t VirtioNet::device_features() const {
  uint64_t f = bit(net::kMac) | bit(net::kStatus) | bit(net::kMrgRxbuf) | bit(net::kCsum) | bit(net::kGuestCsum) | bit(net::kHostTso4) |
               bit(net::kHostTso6) | bit(net::kGuestTso4) | bit(net::kGuestTso6);
  if (config_.mtu) f |= bit(net::kMtu);
  return f;
}

void VirtioNet::read_config(uint32_t offset, uint8_t* data, uint32_t size) {
  if (offset + size <= net::kConfigSize) std::memcpy(data, config_space_ + offset, size);
}

// vCPU thread, lock held: tell the tap which offloaded frames the guest accepts (tuntap TUN_F_*).
void VirtioNet::activate(DeviceContext& ctx) {
  uint64_t f = ctx.negotiated_features();
  unsigned off = 0;
  if (f & bit(net::kGuestCsum)) {
    off |= TUN_F_CSUM;
    if (f & bit(net::kGuestTso4)) off |= TUN_F_TSO4;
    if (f & bit(net::kGuestTso6)) off |= TUN_F_TSO6;
  }
  if (int r = tap_.set_offload(off); r != 0) vmm::guest_log("virtio-net %s: TUNSETOFFLOAD: errno %d", tap_.name().c_str(), -r);
}

void VirtioNet::reset() {
  tap_.set_offload(0);
  pending_len_ = 0;
  rx_charged_ = false;
}

void VirtioNet::save_state(vmm::StateWriter& w) const {
  w.u8(1);  // version
  w.bytes(config_space_, sizeof config_space_);
}

bool VirtioNet::restore_state(vmm::StateReader& r) {
  uint8_t saved[net::kConfigSize];
  const uint8_t version = r.u8();
  r.bytes(saved, sizeof saved);
  return r.ok_and_done() && version == 1 && std::memcmp(saved, config_space_, sizeof saved) == 0;
}

void VirtioNet::attach(vmm::EventLoop& loop, DeviceContext& ctx) {
  loop_ = &loop;
  DeviceContext* c = &ctx;
  loop.add(tap_.fd(), EPOLLIN | EPOLLET, [this, c](uint32_t) {
    std::lock_guard<std::mutex> lock(c->lock());
    process_rx(*c);
  });
  if (!timer_.valid()) return;
  loop.add(timer_.get(), EPOLLIN, [this, c](uint32_t) {
    uint64_t n;
    (void)!::read(timer_.get(), &n, sizeof n);
    std::lock_guard<std::mutex> lock(c->lock());
    timer_deadline_ = 0;
    process_tx(*c);
    process_rx(*c);
  });
}

void VirtioNet::shutdown() {
  if (loop_) {
    loop_->remove(tap_.fd());
    if (timer_.valid()) loop_->remove(timer_.get());
  }
  loop_ = nullptr;
}

// Keeps the earliest of the pending retries: one timer serves both directions.
void VirtioNet::retry_after(uint64_t wait_ns) {
  if (!timer_.valid()) return;
  wait_ns = std::min<uint64_t>(wait_ns, 1000000000ull);  // the retry recomputes any longer wait
  const uint64_t now = vmm::TokenBucket::monotonic_ns();
  const uint64_t at = now + wait_ns;
  if (timer_deadline_ != 0 && timer_deadline_ > now && timer_deadline_ <= at) return;
  timer_deadline_ = at;
  itimerspec t{};
  t.it_value.tv_sec = static_cast<time_t>(wait_ns / 1000000000ull);
  t.it_value.tv_nsec = static_cast<long>(wait_ns % 1000000000ull);
  if (t.it_value.tv_sec == 0 && t.it_value.tv_nsec == 0) t.it_value.tv_nsec = 1;  // zero would disarm
  ::timerfd_settime(timer_.get(), 0, &t, nullptr);
}

void VirtioNet::queue_notified(DeviceContext& ctx, uint16_t index) {
  std::lock_guard<std::mutex> lock(ctx.lock());
  if (index == net::kTxQueue)
    process_tx(ctx);
  else if (index == net::kRxQueue)
    process_rx(ctx);
}

// The guest's header is copied out (so it cannot change after the check) and every offload request
// the driver did not negotiate is cleared before the tap sees it (§5.1.6.2.1).
void VirtioNet::sanitize_tx_header(uint64_t features, uint8_t* h) {
  const bool csum = features & bit(net::kCsum);
  h[0] &= csum ? net::kHdrFlagNeedsCsum : 0;                       // DATA_VALID and RSC_INFO are receive-only
  if (!(h[0] & net::kHdrFlagNeedsCsum)) std::memset(h + 6, 0, 4);  // csum_start, csum_offset
  const uint8_t type = h[1] & ~net::kGsoEcn;
  const bool gso_ok = csum && ((type == net::kGsoTcpv4 && (features & bit(net::kHostTso4))) ||
                               (type == net::kGsoTcpv6 && (features & bit(net::kHostTso6))));
  const bool ecn_ok = features & bit(net::kHostEcn);
  if (!gso_ok || ((h[1] & net::kGsoEcn) && !ecn_ok)) {
    h[1] = net::kGsoNone;
    std::memset(h + 2, 0, 4);  // hdr_len, gso_size
  }
  std::memset(h + 10, 0, 2);  // num_buffers: receive only
}

void VirtioNet::process_tx(DeviceContext& ctx) {
  std::vector<iovec> iov;
  const uint64_t features = ctx.negotiated_features();
  uint64_t wait = 0;
  drain_queue(ctx, net::kTxQueue, [&](Chain& c) -> long {
    if (c.readable_bytes < net::kHdrSize || c.readable_bytes > net::kMaxFrame) {
      counters_.tx_dropped.add();
      return 0;
    }
    if (tx_limiter_.enabled() && (wait = tx_limiter_.try_consume(c.readable_bytes - net::kHdrSize)) != 0) {
      counters_.tx_throttled.add();
      return -1;  // stays in the ring until the timer fires
    }
    uint8_t hdr[net::kHdrSize];
    c.read(0, hdr, sizeof hdr);
    sanitize_tx_header(features, hdr);
    iov.clear();
    iov.push_back({hdr, sizeof hdr});
    size_t skip = net::kHdrSize;
    for (auto& s : c.readable) {
      if (skip >= s.len) {
        skip -= s.len;
        continue;
      }
      iov.push_back({s.host + skip, s.len - skip});
      skip = 0;
    }
    if (iov.size() > IOV_MAX) {  // writev takes at most IOV_MAX segments: drop, never truncate
      counters_.tx_dropped.add();
      return 0;
    }
    ssize_t n = tap_.writev(iov.data(), static_cast<int>(iov.size()));
    if (n < 0) {
      counters_.tx_dropped.add();  // tap full or down: the frame is dropped, as a real link would
    } else {
      counters_.tx_packets.add();
      counters_.tx_bytes.add(c.readable_bytes - net::kHdrSize);
    }
    return 0;
  });
  if (wait) retry_after(wait);
}

void VirtioNet::process_rx(DeviceContext& ctx) {
  if (!ctx.active() || !ctx.queue(net::kRxQueue).active()) return;
  bool delivered = false;
  for (;;) {
    if (pending_len_ == 0) {
      iovec v{frame_.data(), frame_.size()};
      ssize_t n = tap_.readv(&v, 1);
      if (n <= 0) break;  // -EAGAIN: drained (edge-triggered: the next frame raises a new event)
      if (static_cast<size_t>(n) < net::kHdrSize) continue;
      pending_len_ = static_cast<size_t>(n);
      rx_charged_ = false;
    }
    if (rx_limiter_.enabled() && !rx_charged_) {
      // The frame waits in frame_, the ones behind it in the tap (whose queue drops beyond its length).
      if (uint64_t wait = rx_limiter_.try_consume(pending_len_ - net::kHdrSize)) {
        counters_.rx_throttled.add();
        retry_after(wait);
        break;
      }
      rx_charged_ = true;
    }
    if (!deliver(ctx)) break;
    delivered = true;
  }
  if (delivered) ctx.notify_used(net::kRxQueue);
}

// Places pending_ into the RX queue. When the posted buffers are too few, the pops are undone and
// the frame waits; it is retried only if the driver added buffers since (the avail index moved past
// what was popped), so the retries end within one pass over the ring. A frame the whole ring could
// never hold is dropped.
bool VirtioNet::deliver(DeviceContext& ctx) {
  Virtqueue& q = ctx.queue(net::kRxQueue);
  for (;;) {
    uint16_t popped = 0;
    Placement p = place_frame(ctx, q, popped);
    if (p == Placement::kPlaced || p == Placement::kDropped) return true;
    if (p == Placement::kBroken) return false;
    if (popped >= q.size()) {  // every ring entry was posted and still too small
      counters_.rx_dropped.add();
      pending_len_ = 0;
      return true;
    }
    q.enable_notifications();
    if (q.available() <= popped) return false;  // nothing new: wait for the driver's next kick
  }
}

VirtioNet::Placement VirtioNet::place_frame(DeviceContext& ctx, Virtqueue& q, uint16_t& popped) {
  const bool mergeable = ctx.negotiated_features() & bit(net::kMrgRxbuf);
  rx_used_.clear();
  Chain c, first;  // `first` receives the header (num_buffers); pop() reuses c's storage
  size_t placed = 0;
  while (placed < pending_len_) {
    PopResult r = q.pop(c);
    if (r == PopResult::kError) {
      ctx.needs_reset("rx queue: " + q.error());
      pending_len_ = 0;
      return Placement::kBroken;
    }
    if (r == PopResult::kEmpty) {
      popped = static_cast<uint16_t>(rx_used_.size());
      for (size_t i = 0; i < rx_used_.size(); ++i) q.undo_pop();
      return Placement::kNoRoom;  // keep the frame until the driver adds buffers
    }
    // Without mergeable buffers the frame must fit one chain; with them, the first buffer must at
    // least hold the header that carries num_buffers (§5.1.6.3.1). Otherwise the frame is dropped.
    const bool too_small = mergeable ? rx_used_.empty() && c.writable_bytes < net::kHdrSize : c.writable_bytes < pending_len_;
    if (too_small) {
      for (size_t i = 0; i < rx_used_.size(); ++i) q.undo_pop();
      counters_.rx_dropped.add();
      pending_len_ = 0;
      if (!q.push_used(c.head, 0)) {
        ctx.needs_reset("rx queue: " + q.error());
        return Placement::kBroken;
      }
      return Placement::kDropped;
    }
    size_t n = c.write(0, frame_.data() + placed, pending_len_ - placed);
    if (n == 0) {
      ctx.needs_reset("rx buffer without writable descriptors");
      pending_len_ = 0;
      return Placement::kBroken;
    }
    rx_used_.push_back({c.head, static_cast<uint32_t>(n)});
    if (rx_used_.size() == 1) first = std::move(c);
    placed += n;
  }
  // num_buffers (le16 at offset 10 of the header, §5.1.6): 1 without mergeable buffers.
  uint16_t num = static_cast<uint16_t>(rx_used_.size());
  first.write(10, &num, 2);
  for (auto& u : rx_used_)
    if (!q.push_used(u.head, u.len)) {
      ctx.needs_reset("rx queue: " + q.error());
      pending_len_ = 0;
      return Placement::kBroken;
    }
  counters_.rx_packets.add();
  counters_.rx_bytes.add(pending_len_ - net::kHdrSize);
  pending_len_ = 0;
  return Placement::kPlaced;
}

}  // namespace tshyve::devices::virtio
