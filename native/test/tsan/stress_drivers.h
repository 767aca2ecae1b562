// Well-behaved guest drivers for the stress run, one vCPU thread each: bring a function up through
// its common configuration (virtio 1.2 §3.1.1), fill split rings in guest RAM (§2.7), ring doorbells,
// reap used entries and check what the device did; blk also resets its function with requests in flight.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_net.h"
#include "stress_rig.h"
#include "virtio_test_driver.h"

namespace stress {

using namespace tshyve::devices::virtio;

struct Outcome {
  std::atomic<uint64_t> ops{0};
  std::string failure;  // written by the owning thread only, read after join
};

// One driver per function, its rings and buffers in its own 16 MiB of the shared guest RAM.
class GuestDriver {
 public:
  GuestDriver(Rig& rig, std::shared_ptr<VirtioPciFunction> fn, uint64_t region, const std::atomic<bool>& stop)
      : stop_(stop), region_(region) {
    d_.ram = rig.ram;
    d_.fn = std::move(fn);
  }
  Outcome outcome;

 protected:
  static constexpr uint64_t kRingStride = 0x4000;
  // §3.1.1 steps 1-8 on the existing function: reset, features, queues (vector q each), DRIVER_OK.
  bool bring_up(uint64_t features, uint16_t queues, uint16_t size) {
    d_.w8(0x14, 0);
    d_.w8(0x14, kStatusAcknowledge | kStatusDriver);
    features |= bit(kFeatureVersion1);
    d_.w32(0x08, 0);
    d_.w32(0x0c, static_cast<uint32_t>(features));
    d_.w32(0x08, 1);
    d_.w32(0x0c, static_cast<uint32_t>(features >> 32));
    d_.w8(0x14, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk);
    if (!(d_.status() & kStatusFeaturesOk)) return fail("FEATURES_OK refused");
    d_.w16(0x10, queues);  // config change vector
    d_.queues.assign(queues, testdrv::Driver::Queue{});
    for (uint16_t q = 0; q < queues; ++q) {
      auto& Q = d_.queues[q];
      Q.size = size;
      Q.desc = region_ + q * kRingStride;
      Q.avail = Q.desc + 0x1000;
      Q.used = Q.desc + 0x2000;
      std::memset(d_.ram + Q.desc, 0, 0x3000);
      d_.w16(0x16, q);
      d_.w16(0x1a, q);
      d_.enable_queue(q, size, Q.desc, Q.avail, Q.used);
    }
    return d_.driver_ok() || fail("DRIVER_OK refused");
  }
  void kick(uint16_t q) { d_.w32(bar_layout::kNotify + q * bar_layout::kNotifyMultiplier, q); }
  // Waits until queue q's used index reaches `want` (a stuck device fails the run).
  bool wait_used(uint16_t q, uint16_t want) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (d_.used_idx_of(q) != want) {
      if (stop_.load(std::memory_order_relaxed)) return false;
      if (std::chrono::steady_clock::now() > deadline)
        return fail("queue " + std::to_string(q) + " stuck at used " + std::to_string(d_.used_idx_of(q)) + " of " + std::to_string(want) +
                    ", status 0x" + std::to_string(d_.status()));
      std::this_thread::yield();
    }
    return true;
  }
  bool fail(const std::string& why) {
    if (outcome.failure.empty()) outcome.failure = why;
    return false;
  }
  uint64_t buffer(uint32_t slot) const { return region_ + 0x100000 + slot * 0x2000ull; }  // 8 KiB each
  struct UsedElem {
    uint32_t id, len;
  };
  UsedElem used_elem(uint16_t q, uint16_t i) {
    UsedElem u;
    const auto& Q = d_.queues[q];
    std::memcpy(&u, d_.ram + Q.used + 4 + 8 * (i % Q.size), 8);
    return u;
  }

  const std::atomic<bool>& stop_;
  testdrv::Driver d_;
  uint64_t region_;
};

// virtio-blk: rounds of writes then read-back of the same sectors (checked), flush and get-id; every
// 8th round a batch is kicked and the function reset at once, racing the block worker.
class BlkDriver : public GuestDriver {
 public:
  using GuestDriver::GuestDriver;
  void run() {
    uint32_t round = 0;
    while (!stop_.load(std::memory_order_relaxed) && outcome.failure.empty()) {
      if (!bring_up(bit(blk::kFeatureFlush), 1, 64)) return;
      for (int r = 0; r < 8 && !stop_.load(std::memory_order_relaxed); ++r, ++round)
        if (!write_read_round(round)) return;
      submit_batch(blk::kTypeOut, round++, 12);
      kick(0);
      outcome.ops.fetch_add(1, std::memory_order_relaxed);  // the reset below
    }
  }

 private:
  static constexpr uint32_t kSectorsPerBuf = 8, kBatch = 16;  // 4 KiB per request, 3 descriptors each
  static uint8_t pattern(uint32_t round, uint32_t slot, uint32_t i) { return static_cast<uint8_t>(round * 31 + slot * 7 + i); }
  uint64_t sector(uint32_t round, uint32_t slot) const { return ((round % 64) * kBatch + slot) * kSectorsPerBuf; }
  void submit_batch(uint32_t type, uint32_t round, uint32_t count) {
    for (uint32_t s = 0; s < count; ++s) {
      const uint64_t b = buffer(s), data = b + 0x1000;
      struct {
        uint32_t type, reserved;
        uint64_t sector;
      } hdr{type, 0, sector(round, s)};
      std::memcpy(d_.ram + b, &hdr, sizeof hdr);
      d_.ram[b + 16] = 0xff;  // status
      const uint32_t len = type == blk::kTypeGetId ? blk::kIdBytes : kSectorsPerBuf * blk::kSectorSize;
      if (type == blk::kTypeOut)
        for (uint32_t i = 0; i < len; ++i) d_.ram[data + i] = pattern(round, s, i);
      else
        std::memset(d_.ram + data, 0, len);
      if (type == blk::kTypeFlush)
        d_.submit_to(0, {{b, 16, false}, {b + 16, 1, true}});
      else
        d_.submit_to(0, {{b, 16, false}, {data, len, type != blk::kTypeOut}, {b + 16, 1, true}});
    }
  }
  bool complete(uint32_t count) {
    kick(0);
    if (!wait_used(0, d_.queues[0].avail_idx)) return false;
    for (uint32_t s = 0; s < count; ++s)
      if (d_.ram[buffer(s) + 16] != blk::kStatusOk) return fail("request " + std::to_string(s) + " failed");
    outcome.ops.fetch_add(count, std::memory_order_relaxed);
    return true;
  }
  bool write_read_round(uint32_t round) {
    submit_batch(blk::kTypeOut, round, kBatch);
    if (!complete(kBatch)) return false;
    submit_batch(blk::kTypeIn, round, kBatch);
    if (!complete(kBatch)) return false;
    for (uint32_t s = 0; s < kBatch; ++s)
      for (uint32_t i = 0; i < kSectorsPerBuf * blk::kSectorSize; ++i)
        if (d_.ram[buffer(s) + 0x1000 + i] != pattern(round, s, i))
          return fail("read back differs at sector " + std::to_string(sector(round, s)));
    submit_batch(round % 2 ? blk::kTypeFlush : blk::kTypeGetId, round, 1);
    if (!complete(1)) return false;
    if (round % 2 == 0 && std::memcmp(d_.ram + buffer(0) + 0x1000, "tsan-stress", 11) != 0) return fail("get-id differs");
    return true;
  }
};

// virtio-net with mergeable receive buffers: keeps the receive ring full of 1 KiB buffers, reaps
// frames the host sends into the tap, transmits batches of frames to the host, resets now and then.
class NetDriver : public GuestDriver {
 public:
  using GuestDriver::GuestDriver;
  std::atomic<uint64_t> rx_frames{0}, tx_frames{0};
  void run() {
    uint32_t seq = 0;
    while (!stop_.load(std::memory_order_relaxed) && outcome.failure.empty()) {
      if (seq % (64 * kTxBatch) == 0 && !restart()) return;  // a reset now and then, frames arriving
      for (uint32_t f = 0; f < kTxBatch; ++f) transmit(f, seq++);
      kick(net::kTxQueue);
      if (!wait_used(net::kTxQueue, d_.queues[net::kTxQueue].avail_idx)) return;
      tx_frames.fetch_add(kTxBatch, std::memory_order_relaxed);
      if (!reap_rx()) return;
      outcome.ops.fetch_add(kTxBatch, std::memory_order_relaxed);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // paced so the host side keeps reading
    }
  }

 private:
  static constexpr uint32_t kRxBuffers = 32, kRxLen = 1024, kTxBatch = 8;
  bool restart() {
    if (!bring_up(bit(net::kMac) | bit(net::kStatus) | bit(net::kMrgRxbuf), 2, 64)) return false;
    rx_slot_ = rx_reaped_ = 0;
    rx_seen_ = rx_left_ = 0;
    for (uint32_t i = 0; i < kRxBuffers; ++i) post_rx();
    kick(net::kRxQueue);
    return true;
  }
  void post_rx() {
    const uint64_t b = buffer(rx_slot_++ % kRxBuffers);
    d_.submit_to(net::kRxQueue, {{b, kRxLen, true}});
  }
  void transmit(uint32_t f, uint32_t seq) {
    const uint64_t b = buffer(kRxBuffers + f);
    std::memset(d_.ram + b, 0, net::kHdrSize);
    const uint32_t len = 60 + (seq * 97) % 1400;
    uint8_t* e = d_.ram + b + net::kHdrSize;
    std::memset(e, 0xff, 6);  // broadcast
    const uint8_t src[6] = {0x52, 0x54, 0x00, 0x75, 0x5a, 0x01};
    std::memcpy(e + 6, src, 6);
    e[12] = 0x88, e[13] = 0xb5;  // IEEE local experimental EtherType
    for (uint32_t i = 14; i < len; ++i) e[i] = static_cast<uint8_t>(seq + i);
    d_.submit_to(net::kTxQueue, {{b, net::kHdrSize, false}, {b + net::kHdrSize, len, false}});
  }
  // Each used entry is one buffer of a frame (num_buffers in the first); all are reposted.
  bool reap_rx() {
    uint16_t now = d_.used_idx_of(net::kRxQueue), n = 0;
    for (; rx_seen_ != now; ++rx_seen_, ++n) {
      UsedElem u = used_elem(net::kRxQueue, rx_seen_);
      if (u.len > kRxLen || u.id >= d_.queues[net::kRxQueue].size) return fail("bad RX used entry");
      if (rx_left_ == 0) {
        uint16_t num;
        std::memcpy(&num, d_.ram + buffer(rx_reaped_ % kRxBuffers) + 10, 2);
        if (num == 0 || num > kRxBuffers) return fail("bad num_buffers " + std::to_string(num));
        rx_left_ = num;
        rx_frames.fetch_add(1, std::memory_order_relaxed);
      }
      --rx_left_;
      ++rx_reaped_;
    }
    for (uint16_t i = 0; i < n; ++i) post_rx();
    if (n) kick(net::kRxQueue);
    return true;
  }
  uint32_t rx_slot_ = 0, rx_reaped_ = 0;
  uint16_t rx_seen_ = 0, rx_left_ = 0;
};

// virtio-rng: batches of writable buffers, each must come back used; every 256 batches a head
// beyond the ring, which the event loop answers with NEEDS_RESET (and a guest log line), then a reset.
class RngDriver : public GuestDriver {
 public:
  using GuestDriver::GuestDriver;
  std::atomic<uint64_t> device_errors{0};
  void run() {
    for (uint32_t round = 0; !stop_.load(std::memory_order_relaxed) && outcome.failure.empty(); ++round) {
      if (round % 256 == 0 && !bring_up(0, 1, 16)) return;
      if (round % 256 == 128) {
        if (!misbehave() || !bring_up(0, 1, 16)) return;
        continue;
      }
      for (uint32_t s = 0; s < 4; ++s) d_.submit_to(0, {{buffer(s), 256, true}});
      kick(0);
      if (!wait_used(0, d_.queues[0].avail_idx)) return;
      outcome.ops.fetch_add(4, std::memory_order_relaxed);
    }
  }

 private:
  bool misbehave() {
    auto& Q = d_.queues[0];
    const uint16_t bad_head = static_cast<uint16_t>(Q.size + 3);
    std::memcpy(d_.ram + Q.avail + 4 + 2 * (Q.avail_idx % Q.size), &bad_head, 2);
    __atomic_store_n(reinterpret_cast<uint16_t*>(d_.ram + Q.avail + 2), ++Q.avail_idx, __ATOMIC_RELEASE);
    kick(0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!(d_.status() & kStatusNeedsReset)) {
      if (stop_.load(std::memory_order_relaxed)) return false;
      if (std::chrono::steady_clock::now() > deadline) return fail("a bad descriptor head did not set NEEDS_RESET");
      std::this_thread::yield();
    }
    device_errors.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
};

// virtio-console port 0 (no MULTIPORT): receive buffers always posted, short lines transmitted; the
// host side connects, sends and hangs up meanwhile, so the device adds and removes loop registrations.
class ConsoleDriver : public GuestDriver {
 public:
  using GuestDriver::GuestDriver;
  std::atomic<uint64_t> rx_bytes{0};
  void run() {
    for (uint32_t round = 0; !stop_.load(std::memory_order_relaxed) && outcome.failure.empty(); ++round) {
      if (round % 128 == 0) {  // reset, possibly while the host is connected and typing
        if (!bring_up(0, 2, 16)) return;
        for (uint32_t s = 0; s < kRxBuffers; ++s) d_.submit_to(0, {{buffer(s), 64, true}});
        kick(0);
        rx_slot_ = kRxBuffers;
        rx_seen_ = 0;
      }
      const uint64_t b = buffer(kRxBuffers);
      std::memcpy(d_.ram + b, "guest line\n", 11);
      d_.submit_to(1, {{b, 11, false}});
      kick(1);
      if (!wait_used(1, d_.queues[1].avail_idx)) return;
      for (uint16_t now = d_.used_idx_of(0); rx_seen_ != now; ++rx_seen_) {
        UsedElem u = used_elem(0, rx_seen_);
        if (u.len > 64) {
          fail("console RX used length " + std::to_string(u.len));
          return;
        }
        rx_bytes.fetch_add(u.len, std::memory_order_relaxed);
        d_.submit_to(0, {{buffer(rx_slot_++ % kRxBuffers), 64, true}});
        kick(0);
      }
      outcome.ops.fetch_add(1, std::memory_order_relaxed);
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  }

 private:
  static constexpr uint32_t kRxBuffers = 8;
  uint32_t rx_slot_ = kRxBuffers;
  uint16_t rx_seen_ = 0;
};

}  // namespace stress
