// Per-device statistics of virtio-blk (§5.2 request types) and virtio-net (§5.1 frames): relaxed
// atomics bumped on the device's own thread, read from any thread as a plain snapshot.
#pragma once
#include <atomic>
#include <cstdint>

namespace tshyve::devices::virtio {

// A counter one thread bumps and others read; relaxed is enough, no ordering is derived from it.
class Counter {
 public:
  void add(uint64_t n = 1) noexcept { v_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t get() const noexcept { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

struct BlkStats {
  uint64_t read_requests = 0, read_bytes = 0, write_requests = 0, write_bytes = 0, flush_requests = 0;
  uint64_t discard_requests = 0, write_zeroes_requests = 0, other_requests = 0, errors = 0;
  uint64_t throttled = 0;
};

// I/O worker thread writes; any thread reads.
struct BlkCounters {
  Counter read_requests, read_bytes, write_requests, write_bytes, flush_requests;
  Counter discard_requests, write_zeroes_requests, other_requests;  // other: get-id and unsupported types
  Counter errors;                                                   // requests completed with a non-OK status
  Counter throttled;  // times the rate limiter left a request in the ring until its buckets refilled
  BlkStats snapshot() const noexcept {
    return {read_requests.get(),  read_bytes.get(),       write_requests.get(),        write_bytes.get(),
            flush_requests.get(), discard_requests.get(), write_zeroes_requests.get(), other_requests.get(),
            errors.get(),         throttled.get()};
  }
};

struct NetStats {
  uint64_t rx_packets = 0, rx_bytes = 0, rx_dropped = 0, tx_packets = 0, tx_bytes = 0, tx_dropped = 0;
  uint64_t rx_throttled = 0, tx_throttled = 0;
};

// Event-loop thread writes (bytes are frame bytes, without the 12-byte virtio_net_hdr); any thread reads.
struct NetCounters {
  Counter rx_packets, rx_bytes, rx_dropped, tx_packets, tx_bytes, tx_dropped;
  Counter rx_throttled, tx_throttled;  // times the rate limiter held a frame back (left in the tap or the ring)
  NetStats snapshot() const noexcept {
    return {rx_packets.get(), rx_bytes.get(),   rx_dropped.get(),   tx_packets.get(),
            tx_bytes.get(),   tx_dropped.get(), rx_throttled.get(), tx_throttled.get()};
  }
};

}  // namespace tshyve::devices::virtio
