// A split virtqueue as the device sees it (virtio 1.2 §2.7): descriptor table, available and used
// rings in guest memory, event index suppression (§2.7.10). Every guest-controlled value is checked;
// a violation makes the queue report an error (the transport then sets DEVICE_NEEDS_RESET).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "vmm/guest_memory_view.h"

namespace tshyve::devices::virtio {

// One guest buffer of a chain, already translated to a host pointer inside guest RAM.
struct Segment {
  uint8_t* host;
  uint32_t len;
};

// A descriptor chain: device-readable segments first, then device-writable ones (§2.7.4.2).
struct Chain {
  uint16_t head = 0;
  std::vector<Segment> readable, writable;
  uint64_t readable_bytes = 0, writable_bytes = 0;
  void clear() {
    readable.clear();
    writable.clear();
    readable_bytes = writable_bytes = 0;
  }
  // Gathers up to `len` readable bytes from `offset` into `dst`; returns the count copied.
  size_t read(uint64_t offset, void* dst, size_t len) const;
  // Scatters `len` bytes into the writable segments from `offset`; returns the count copied.
  size_t write(uint64_t offset, const void* src, size_t len) const;
};

// Limits that bound the work one chain can cause (our choice, as cloud-hypervisor/Firecracker).
constexpr uint32_t kMaxChainBytes = 1u << 30;       // far above any request size a driver uses
constexpr uint32_t kMaxIndirectDescriptors = 1024;  // Linux allocates at most queue-size entries

enum class PopResult { kChain, kEmpty, kError };

// Configuration the driver writes through the transport's common configuration (§4.1.4.3).
struct QueueConfig {
  uint16_t size = 0;
  bool ready = false;
  uint64_t desc = 0, avail = 0, used = 0;
  uint16_t msix_vector = 0xffff;
};

// Where the device stands in an active queue (§2.7.13, §2.7.10), as a VM snapshot carries it.
struct QueueProgress {
  uint16_t next_avail = 0;      // last_avail_idx
  uint16_t next_used = 0;       // the used idx the device published
  uint16_t signalled_used = 0;  // used idx at the last notification decision (event index)
  bool signalled_valid = false;
};

// Not thread-safe: owned by whichever thread processes the queue (event-loop or block worker),
// with the transport's device lock held.
class Virtqueue {
 public:
  // Validates the rings (alignment §2.7, placement in guest RAM, power-of-two size) and resets the
  // indices. Returns false with error() set.
  bool activate(vmm::GuestMemoryView* memory, const QueueConfig& config, bool event_idx);
  void deactivate() { active_ = false; }
  bool active() const { return active_; }
  uint16_t size() const { return size_; }

  // Takes the next available chain into `out`. kError: the driver broke the rules (see error()).
  PopResult pop(Chain& out);
  // Publishes `head` as used with `written` bytes. Returns false on a device-side overflow.
  bool push_used(uint16_t head, uint32_t written);
  // Puts the last popped chain back (e.g. no room to deliver it yet).
  void undo_pop() {
    --next_avail_;
    --in_flight_;
  }
  // Whether the driver wants an interrupt for the entries pushed since the last call (§2.7.10).
  bool should_notify();
  // With event index: asks for a notification on the next available buffer; returns true if more
  // buffers arrived meanwhile (the caller then processes again). Without: always false.
  bool enable_notifications();
  // Sets VIRTQ_USED_F_NO_NOTIFY / avail_event to suppress kicks while the device is busy.
  void disable_notifications();
  bool has_available();
  // How many chains the driver has made available beyond the device's position.
  uint16_t available() { return active_ ? static_cast<uint16_t>(avail_idx() - next_avail_) : 0; }

  // Snapshot: the indices of an active queue with nothing in flight; resume() puts them back into a
  // queue just activated on the same rings (the rings themselves are in guest RAM).
  QueueProgress progress() const { return {next_avail_, next_used_, signalled_used_, signalled_valid_}; }
  void resume(const QueueProgress& p);

  const std::string& error() const { return error_; }
  uint16_t next_avail() const { return next_avail_; }
  uint16_t in_flight() const { return in_flight_; }

 private:
  bool fail(std::string why);
  bool walk(const uint8_t* table, uint32_t count, uint16_t first, bool indirect, Chain& out, uint32_t& seen);
  bool add_segment(uint64_t addr, uint32_t len, bool write, Chain& out);
  uint16_t avail_idx();

  vmm::GuestMemoryView* mem_ = nullptr;
  bool active_ = false;
  bool event_idx_ = false;
  uint16_t size_ = 0;
  uint8_t* desc_ = nullptr;   // size * 16
  uint8_t* avail_ = nullptr;  // 4 + 2 * size + 2
  uint8_t* used_ = nullptr;   // 4 + 8 * size + 2
  uint16_t next_avail_ = 0;   // the device's last_avail_idx
  uint16_t next_used_ = 0;
  uint16_t signalled_used_ = 0;  // used idx at the last notification decision
  bool signalled_valid_ = false;
  uint16_t in_flight_ = 0;
  std::string error_;
};

}  // namespace tshyve::devices::virtio
