// virtio-net device (virtio 1.2 §5.1): transmit writes the driver's header+frame to the tap as is
// (vnet header = virtio_net_hdr), receive reads header+frame from the tap into one chain or, with
// VIRTIO_NET_F_MRG_RXBUF, several (setting num_buffers, §5.1.6.4).
#include "devices/virtio/virtio_net.h"

#include <linux/if_tun.h>
#include <sys/epoll.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstring>

#include "devices/virtio/virtio_spec.h"
#include "vmm/event_loop.h"
#include "vmm/log.h"

namespace tshyve::devices::virtio {

VirtioNet::VirtioNet(const NicConfig& config) : config_(config), tap_(config.tap, net::kHdrSize), frame_(net::kMaxFrame) {
  std::memcpy(config_space_, config_.mac.data(), 6);
  uint16_t status = net::kLinkUp, pairs = 1, mtu = config_.mtu;
  std::memcpy(config_space_ + 6, &status, 2);
  std::memcpy(config_space_ + 8, &pairs, 2);
  std::memcpy(config_space_ + 10, &mtu, 2);
}

uint32_t VirtioNet::device_type() const { return kDeviceNet; }

uint64_t VirtioNet::device_features() const {
  uint64_t f = bit(net::kMac) | bit(net::kStatus) | bit(net::kMrgRxbuf) | bit(net::kCsum) | bit(net::kGuestCsum) |
               bit(net::kHostTso4) | bit(net::kHostTso6) | bit(net::kGuestTso4) | bit(net::kGuestTso6);
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
  if (int r = tap_.set_offload(off); r != 0) vmm::log_message("virtio-net %s: TUNSETOFFLOAD: errno %d", tap_.name().c_str(), -r);
}

void VirtioNet::reset() {
  tap_.set_offload(0);
  pending_len_ = 0;
}

void VirtioNet::attach(vmm::EventLoop& loop, DeviceContext& ctx) {
  loop_ = &loop;
  DeviceContext* c = &ctx;
  loop.add(tap_.fd(), EPOLLIN | EPOLLET, [this, c](uint32_t) {
    std::lock_guard<std::mutex> lock(c->lock());
    process_rx(*c);
  });
}

void VirtioNet::shutdown() {
  if (loop_) loop_->remove(tap_.fd());
  loop_ = nullptr;
}

void VirtioNet::queue_notified(DeviceContext& ctx, uint16_t index) {
  std::lock_guard<std::mutex> lock(ctx.lock());
  if (index == net::kTxQueue) process_tx(ctx);
  else if (index == net::kRxQueue) process_rx(ctx);
}

void VirtioNet::process_tx(DeviceContext& ctx) {
  std::vector<iovec> iov;
  drain_queue(ctx, net::kTxQueue, [&](Chain& c) -> long {
    if (c.readable_bytes < net::kHdrSize || c.readable_bytes > net::kMaxFrame) {
      ++tx_dropped_;
      counters_.tx_dropped.add();
      return 0;
    }
    iov.clear();
    for (auto& s : c.readable) iov.push_back({s.host, s.len});
    ssize_t n = tap_.writev(iov.data(), static_cast<int>(std::min<size_t>(iov.size(), IOV_MAX)));
    if (n < 0) ++tx_dropped_;  // tap full or down: the frame is dropped, as a real link would
    else ++tx_frames_;
    if (n < 0) counters_.tx_dropped.add(); else counters_.tx_packets.add(), counters_.tx_bytes.add(c.readable_bytes - net::kHdrSize);
    return 0;
  });
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
    }
    if (!deliver(ctx)) break;
    delivered = true;
  }
  if (delivered) ctx.notify_used(net::kRxQueue);
}

bool VirtioNet::deliver(DeviceContext& ctx) {
  Virtqueue& q = ctx.queue(net::kRxQueue);
  const bool mergeable = ctx.negotiated_features() & bit(net::kMrgRxbuf);
  struct Used {
    uint16_t head;
    uint32_t len;
  };
  std::vector<Used> used;
  Chain c, first;  // `first` receives the header (num_buffers); pop() reuses c's storage
  size_t placed = 0;
  while (placed < pending_len_) {
    PopResult r = q.pop(c);
    if (r == PopResult::kError) {
      ctx.needs_reset("rx queue: " + q.error());
      pending_len_ = 0;
      return false;
    }
    if (r == PopResult::kEmpty) {
      for (size_t i = 0; i < used.size(); ++i) q.undo_pop();
      if (q.enable_notifications()) return deliver(ctx);  // buffers arrived meanwhile
      return false;  // keep the frame until the driver adds buffers
    }
    size_t n = c.write(0, frame_.data() + placed, pending_len_ - placed);
    if (!mergeable && n < pending_len_) {
      // Buffer too small for this frame without mergeable buffers: drop the frame.
      ++rx_dropped_;
      counters_.rx_dropped.add();
      q.push_used(c.head, 0);
      pending_len_ = 0;
      return true;
    }
    if (n == 0 && c.writable_bytes == 0) {
      ctx.needs_reset("rx buffer without writable descriptors");
      pending_len_ = 0;
      return false;
    }
    used.push_back({c.head, static_cast<uint32_t>(n)});
    if (used.size() == 1) first = std::move(c);
    placed += n;
  }
  // num_buffers (le16 at offset 10 of the header, §5.1.6): 1 without mergeable buffers.
  uint16_t num = static_cast<uint16_t>(used.size());
  first.write(10, &num, 2);
  for (auto& u : used)
    if (!q.push_used(u.head, u.len)) {
      ctx.needs_reset("rx queue: " + q.error());
      return false;
    }
  counters_.rx_packets.add(), counters_.rx_bytes.add(pending_len_ - net::kHdrSize);
  ++rx_frames_;
  pending_len_ = 0;
  return true;
}

}  // namespace tshyve::devices::virtio
