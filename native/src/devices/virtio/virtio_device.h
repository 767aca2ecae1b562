// The transport-independent side of a virtio device (virtio 1.2 §2, §3): features, device
// configuration space, queues; and what the transport offers it (DeviceContext).
#pragma once
#include <cstdint>
#include <mutex>
#include <string>

#include "devices/virtio/virtqueue.h"
#include "vmm/guest_memory_view.h"
#include "vmm/snapshot_state.h"

namespace tshyve::vmm {
class EventLoop;
}

namespace tshyve::devices::virtio {

// Implemented by the transport. Every method requires lock() held, except lock() itself.
class DeviceContext {
 public:
  virtual ~DeviceContext() = default;
  virtual std::mutex& lock() = 0;
  virtual vmm::GuestMemoryView& memory() = 0;
  virtual uint64_t negotiated_features() const = 0;
  virtual bool active() const = 0;  // DRIVER_OK and not NEEDS_RESET
  virtual Virtqueue& queue(uint16_t index) = 0;
  // Sends the queue's interrupt if the driver asked for one (event index / NO_INTERRUPT).
  virtual void notify_used(uint16_t index) = 0;
  virtual void notify_config_change() = 0;
  // The driver broke the protocol: DEVICE_NEEDS_RESET, a log line with `why`, processing stops.
  virtual void needs_reset(const std::string& why) = 0;
};

class VirtioDevice {
 public:
  virtual ~VirtioDevice() = default;
  virtual uint32_t device_type() const = 0;  // §5 device ID
  virtual const char* name() const = 0;
  // Device feature bits (VERSION_1, EVENT_IDX and INDIRECT_DESC are added by the transport).
  virtual uint64_t device_features() const = 0;
  virtual uint16_t num_queues() const = 0;
  virtual uint16_t max_queue_size() const { return 256; }
  virtual uint32_t config_size() const = 0;
  // vCPU thread, lock held. Out-of-range bytes are handled by the transport.
  virtual void read_config(uint32_t offset, uint8_t* data, uint32_t size) = 0;
  virtual void write_config(uint32_t offset, const uint8_t* data, uint32_t size) {}
  // vCPU thread, lock held: the driver set DRIVER_OK; the enabled queues are active.
  virtual void activate(DeviceContext& ctx) = 0;
  // vCPU thread, lock held: the driver reset the device (status 0) or it failed.
  virtual void reset() = 0;
  // event-loop thread, lock NOT held: queue `index` was notified by the driver.
  virtual void queue_notified(DeviceContext& ctx, uint16_t index) = 0;
  // Setup thread: registers device fds (tap, sockets) with the loop; called once.
  virtual void attach(vmm::EventLoop& loop, DeviceContext& ctx) {}
  // Setup/JS thread: stops device threads (before the loop and memory go away).
  virtual void shutdown() {}
  // VM snapshot (docs/vm-snapshots.md), lock held, nothing in flight: the device's own state beyond
  // the transport's. Restore runs on a device in reset state, after activate() if the driver was
  // live; false for bytes it cannot take (then nothing changed). Stateless devices keep these.
  virtual void save_state(vmm::StateWriter& w) const {}
  virtual bool restore_state(vmm::StateReader& r) { return r.ok_and_done(); }
};

// A handler's answer for a chain the device completes later itself (push_used + notify_used).
constexpr long kChainDeferred = -2;

// The common queue-draining loop: pops every chain, hands it to `handle` (which returns the number
// of bytes written, -1 to stop and put the chain back, or kChainDeferred), publishes used entries
// and notifies.
// Requires ctx.lock() held. Returns false if the queue broke (needs_reset already called).
template <typename F>
bool drain_queue(DeviceContext& ctx, uint16_t index, F&& handle) {
  if (!ctx.active()) return true;
  Virtqueue& q = ctx.queue(index);
  if (!q.active()) return true;
  Chain chain;
  bool used_any = false;
  for (;;) {
    PopResult r = q.pop(chain);
    if (r == PopResult::kError) {
      ctx.needs_reset("queue " + std::to_string(index) + ": " + q.error());
      return false;
    }
    if (r == PopResult::kEmpty) {
      if (q.enable_notifications()) continue;
      break;
    }
    long written = handle(chain);
    if (written == kChainDeferred) continue;
    if (written < 0) {
      q.undo_pop();
      break;
    }
    if (!q.push_used(chain.head, static_cast<uint32_t>(written))) {
      ctx.needs_reset("queue " + std::to_string(index) + ": " + q.error());
      return false;
    }
    used_any = true;
  }
  if (used_any) ctx.notify_used(index);
  return true;
}

}  // namespace tshyve::devices::virtio
