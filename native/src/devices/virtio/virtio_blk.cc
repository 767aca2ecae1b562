// virtio-blk device (virtio 1.2 §5.2): configuration layout §5.2.4, requests §5.2.6. Guest data is
// read/written in place (iovecs over guest RAM) through the shared block-request layer; FLUSH is
// fdatasync; errors become VIRTIO_BLK_S_IOERR.
#include "devices/virtio/virtio_blk.h"

#include <sys/uio.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <vector>

#include "devices/virtio/virtio_spec.h"
#include "vmm/log.h"
#include "vmm/seccomp_filter.h"

namespace tshyve::devices::virtio {

namespace {
template <typename T>
void put(uint8_t* cfg, uint32_t off, T v) {
  std::memcpy(cfg + off, &v, sizeof v);  // x86-64 is little-endian, as virtio 1.x requires
}

// The iovecs covering bytes [from, from+len) of a segment list.
void slice(const std::vector<Segment>& segs, uint64_t from, uint64_t len, std::vector<iovec>& out) {
  out.clear();
  for (const auto& s : segs) {
    if (len == 0) break;
    if (from >= s.len) {
      from -= s.len;
      continue;
    }
    uint64_t n = std::min<uint64_t>(s.len - from, len);
    out.push_back({s.host + from, static_cast<size_t>(n)});
    len -= n;
    from = 0;
  }
}
// Data bytes a request moves (what the bandwidth bucket is charged); 0 for the others.
uint64_t data_bytes_of(const Chain& chain) {
  uint32_t type = 0;
  if (chain.read(0, &type, sizeof type) != sizeof type) return 0;
  if (type == blk::kTypeIn) return chain.writable_bytes ? chain.writable_bytes - 1 : 0;
  if (type == blk::kTypeOut) return chain.readable_bytes > 16 ? chain.readable_bytes - 16 : 0;
  return 0;
}
// A retry is never put off longer than this (a bucket refills well within it at any accepted rate).
constexpr uint64_t kMaxRetryNs = 1'000'000'000;
uint32_t log2u(uint32_t v) {
  uint32_t r = 0;
  while (v > 1) v >>= 1, ++r;
  return r;
}
// The host address of byte `at` of a segment list (the caller checked it is inside).
uint8_t* byte_at(const std::vector<Segment>& segs, uint64_t at) {
  for (const auto& s : segs) {
    if (at < s.len) return s.host + at;
    at -= s.len;
  }
  return nullptr;
}
}  // namespace

// One request on its way: what its completion needs once the block layer ran it.
struct VirtioBlk::Request : backends::BlockRequest {
  uint32_t type = 0;
  bool header_ok = false, needs_io = false;
  uint8_t status = blk::kStatusOk;
  uint8_t* status_byte = nullptr;  // in guest RAM; null: the chain has no writable byte
  uint32_t written = 0;            // bytes written into the chain once it succeeded
  uint64_t data_bytes = 0;         // moved between guest and file once it succeeded
  DeviceContext* ctx = nullptr;
  uint16_t queue = 0, head = 0;
  uint64_t generation = 0;
};

VirtioBlk::VirtioBlk(const BlockConfig& config, vmm::TokenBucket::Clock clock)
    : config_(config), file_(config.file), limiter_(config.bandwidth, config.iops, std::move(clock)) {
  if (config_.queues == 0) config_.queues = 1;
  const uint32_t lss = std::max<uint32_t>(config_.logical_sector_size, blk::kSectorSize);
  const uint32_t pss = std::max(config_.physical_sector_size, lss);
  // §5.2.4 struct virtio_blk_config.
  put<uint64_t>(config_space_, 0, file_.size() / blk::kSectorSize);  // capacity
  put<uint32_t>(config_space_, 8, 0);                                // size_max (no SIZE_MAX)
  put<uint32_t>(config_space_, 12, blk::kSegMax);                    // seg_max
  put<uint32_t>(config_space_, 20, lss);                             // blk_size
  config_space_[24] = static_cast<uint8_t>(log2u(pss / lss));        // physical_block_exp
  config_space_[25] = 0;                                             // alignment_offset
  put<uint16_t>(config_space_, 26, 1);                               // min_io_size (logical blocks)
  put<uint32_t>(config_space_, 28, 0);                               // opt_io_size
  put<uint16_t>(config_space_, 34, config_.queues);                  // num_queues
  put<uint32_t>(config_space_, 36, 0x3fffff);                        // max_discard_sectors
  put<uint32_t>(config_space_, 40, 1);                               // max_discard_seg
  put<uint32_t>(config_space_, 44, lss / blk::kSectorSize);          // discard_sector_alignment
  put<uint32_t>(config_space_, 48, 0x3fffff);                        // max_write_zeroes_sectors
  put<uint32_t>(config_space_, 52, 1);                               // max_write_zeroes_seg
  config_space_[56] = 1;                                             // write_zeroes_may_unmap
  if (config_.io_workers > 0)
    io_ = std::make_unique<backends::BlockRequestQueue>(file_, static_cast<backends::BlockCompletions&>(*this), config_.io_workers,
                                                        size_t{config_.queue_size} * config_.queues, "block-worker");
  thread_ = std::thread([this] { worker(); });
}

VirtioBlk::~VirtioBlk() { shutdown(); }

uint32_t VirtioBlk::device_type() const { return kDeviceBlock; }

uint64_t VirtioBlk::device_features() const {
  uint64_t f = bit(blk::kFeatureSegMax) | bit(blk::kFeatureBlkSize) | bit(blk::kFeatureFlush) | bit(blk::kFeatureTopology);
  if (config_.queues > 1) f |= bit(blk::kFeatureMq);
  if (file_.read_only()) {
    f |= bit(blk::kFeatureRo);
  } else {
    f |= bit(blk::kFeatureWriteZeroes);
    if (!config_.nodelete) f |= bit(blk::kFeatureDiscard);
  }
  return f;
}

void VirtioBlk::read_config(uint32_t offset, uint8_t* data, uint32_t size) {
  if (offset + size <= blk::kConfigSize) std::memcpy(data, config_space_ + offset, size);
}

// event-loop thread: hand the kick to the I/O worker.
void VirtioBlk::queue_notified(DeviceContext& ctx, uint16_t index) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ctx_ = &ctx;
    pending_ |= 1ull << (index % 64);
  }
  cv_.notify_one();
}

void VirtioBlk::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  if (io_) io_->stop();  // what is running finishes; what is queued is dropped with the device
}

void VirtioBlk::reset() { ++generation_; }

// I/O worker thread: drains kicked queues with the transport lock held. A queue whose request the
// rate limiter held back is drained again when the wait is over (or on the guest's next kick).
void VirtioBlk::worker() noexcept {
  vmm::seccomp::enter_thread(vmm::seccomp::ThreadKind::kBlockWorker, "block-worker");
  uint64_t retry_ns = 0;
  for (;;) {
    uint64_t kicked;
    DeviceContext* ctx;
    {
      std::unique_lock<std::mutex> lock(mu_);
      auto ready = [this] { return stop_ || pending_; };
      if (throttled_queues_)
        cv_.wait_for(lock, std::chrono::nanoseconds(retry_ns), ready);
      else
        cv_.wait(lock, ready);
      if (stop_) return;
      kicked = std::exchange(pending_, 0) | std::exchange(throttled_queues_, 0);
      ctx = ctx_;
    }
    if (!ctx) continue;
    std::lock_guard<std::mutex> dev(ctx->lock());
    retry_ns = kMaxRetryNs;
    for (uint16_t q = 0; q < config_.queues && q < 64; ++q) {
      if (!(kicked & (1ull << q))) continue;
      if (uint64_t wait = drain(*ctx, q)) {
        throttled_queues_ |= 1ull << q;
        retry_ns = std::min(retry_ns, wait);
      }
    }
  }
}

uint64_t VirtioBlk::drain(DeviceContext& ctx, uint16_t q) {
  if (!limiter_.enabled()) {
    drain_queue(ctx, q, [&](Chain& c) -> long { return start(ctx, q, c); });
    return 0;
  }
  uint64_t wait = 0;
  drain_queue(ctx, q, [&](Chain& c) -> long {
    wait = limiter_.try_consume(data_bytes_of(c));
    if (wait) {
      counters_.throttled.add();
      return -1;  // back into the ring, first in line when the buckets refill
    }
    return start(ctx, q, c);
  });
  return wait;
}

std::unique_ptr<VirtioBlk::Request> VirtioBlk::take_request() {
  if (spare_.empty()) return std::make_unique<Request>();
  auto r = std::move(spare_.back());
  spare_.pop_back();
  return r;
}

void VirtioBlk::recycle(std::unique_ptr<Request> r) {
  constexpr size_t kMaxSpare = 64;  // our choice: depth 64 without allocating, a few KiB each at most
  if (spare_.size() < kMaxSpare && r->iov.capacity() <= blk::kSegMax) spare_.push_back(std::move(r));
}

long VirtioBlk::start(DeviceContext& ctx, uint16_t q, const Chain& chain) {
  auto r = take_request();
  if (prepare(chain, *r) && !backends::try_without_blocking(file_, *r)) {
    if (io_) {
      r->ctx = &ctx, r->queue = q, r->head = chain.head, r->generation = generation_;
      std::unique_ptr<backends::BlockRequest> queued(std::move(r));
      if (io_->submit(queued)) return kChainDeferred;
      r.reset(static_cast<Request*>(queued.release()));  // the pool is full: run it here
    }
    backends::run_blocking(file_, *r);
  }
  const uint32_t written = finish(*r);
  recycle(std::move(r));
  return written;
}

// Block-layer worker: publishes the batch's chains (unless the device was reset meanwhile) and
// notifies each queue once.
void VirtioBlk::completed(backends::BlockBatch& batch) {
  if (batch.empty()) return;
  DeviceContext& ctx = *static_cast<Request&>(*batch.front()).ctx;
  std::lock_guard<std::mutex> lock(ctx.lock());
  std::array<uint16_t, backends::BlockRequestQueue::kMaxBatch> queues;
  size_t n = 0;
  for (auto& b : batch) {
    std::unique_ptr<Request> r(static_cast<Request*>(b.release()));
    const bool current = r->generation == generation_;
    if (!current) r->status_byte = nullptr;  // reset meanwhile: the driver may have reused its buffers
    const uint32_t written = finish(*r);
    if (current && ctx.active() && ctx.queue(r->queue).active()) {
      if (!ctx.queue(r->queue).push_used(r->head, written))
        ctx.needs_reset("queue " + std::to_string(r->queue) + ": " + ctx.queue(r->queue).error());
      else if (std::find(queues.begin(), queues.begin() + n, r->queue) == queues.begin() + n && n < queues.size())
        queues[n++] = r->queue;
    }
    recycle(std::move(r));
  }
  for (size_t i = 0; i < n; ++i) ctx.notify_used(queues[i]);
}

uint32_t VirtioBlk::handle_request(const Chain& chain) {
  Request r;
  if (prepare(chain, r)) backends::run_blocking(file_, r);
  return finish(r);
}

bool VirtioBlk::prepare(const Chain& chain, Request& r) {
  using Op = backends::BlockRequest::Op;
  ++requests_;
  r.result = 0;
  r.header_ok = r.needs_io = false;
  r.status = blk::kStatusOk;
  r.status_byte = nullptr;
  r.written = 1;
  r.data_bytes = 0;
  struct {
    uint32_t type, reserved;
    uint64_t sector;
  } hdr{};
  // §5.2.6: header (16 readable bytes) ... status (last writable byte).
  if (chain.writable_bytes >= 1) r.status_byte = byte_at(chain.writable, chain.writable_bytes - 1);
  if (chain.writable_bytes < 1 || chain.read(0, &hdr, sizeof hdr) != sizeof hdr) {
    r.status = blk::kStatusIoErr;
    r.written = chain.writable_bytes >= 1 ? 1 : 0;  // nowhere to put a status: complete with nothing written
    return false;
  }
  r.header_ok = true;
  r.type = hdr.type;
  const uint64_t status_at = chain.writable_bytes - 1;
  const uint64_t capacity = file_.size();
  auto in_range = [&](uint64_t sector, uint64_t bytes) {
    return sector <= capacity / blk::kSectorSize && bytes <= capacity - sector * blk::kSectorSize;
  };
  switch (hdr.type) {
    case blk::kTypeIn: {
      uint64_t len = status_at;
      if (len % blk::kSectorSize || !in_range(hdr.sector, len)) {
        r.status = blk::kStatusIoErr;
        return false;
      }
      slice(chain.writable, 0, len, r.iov);
      r.op = Op::kRead, r.offset = hdr.sector * blk::kSectorSize;
      r.written = static_cast<uint32_t>(len + 1), r.data_bytes = len;
      return r.needs_io = true;
    }
    case blk::kTypeOut: {
      uint64_t len = chain.readable_bytes - sizeof hdr;
      if (file_.read_only() || len % blk::kSectorSize || !in_range(hdr.sector, len)) {
        r.status = blk::kStatusIoErr;
        return false;
      }
      slice(chain.readable, sizeof hdr, len, r.iov);
      r.op = Op::kWrite, r.offset = hdr.sector * blk::kSectorSize;
      r.data_bytes = len;
      return r.needs_io = true;
    }
    case blk::kTypeFlush:
      r.op = Op::kFlush;
      r.iov.clear();
      return r.needs_io = true;
    case blk::kTypeGetId: {
      char id[blk::kIdBytes] = {};
      std::memcpy(id, config_.serial.data(), std::min<size_t>(config_.serial.size(), blk::kIdBytes));
      size_t n = std::min<uint64_t>(status_at, blk::kIdBytes);
      chain.write(0, id, n);
      r.written = static_cast<uint32_t>(n + 1);
      return false;
    }
    case blk::kTypeDiscard:
    case blk::kTypeWriteZeroes: {
      const bool discard = hdr.type == blk::kTypeDiscard;
      if (file_.read_only() || (discard && config_.nodelete)) {
        r.status = blk::kStatusUnsupported;
        return false;
      }
      // §5.2.6: struct virtio_blk_discard_write_zeroes { le64 sector; le32 num_sectors; le32 flags; }
      uint64_t segs = (chain.readable_bytes - sizeof hdr) / 16;
      if (segs == 0 || segs > 1) {
        r.status = blk::kStatusUnsupported;
        return false;
      }
      struct {
        uint64_t sector;
        uint32_t num_sectors, flags;
      } seg{};
      chain.read(sizeof hdr, &seg, sizeof seg);
      uint64_t bytes = static_cast<uint64_t>(seg.num_sectors) * blk::kSectorSize;
      if ((seg.flags & ~1u) || !in_range(seg.sector, bytes)) {
        r.status = discard ? blk::kStatusUnsupported : blk::kStatusIoErr;
        return false;
      }
      int e = discard ? file_.discard(seg.sector * blk::kSectorSize, bytes)
                      : file_.write_zeroes(seg.sector * blk::kSectorSize, bytes, seg.flags & 1u);
      if (e != 0) r.status = blk::kStatusIoErr;
      return false;
    }
    default: r.status = blk::kStatusUnsupported; return false;
  }
}

uint32_t VirtioBlk::finish(Request& r) {
  if (r.needs_io && r.result != 0) r.status = blk::kStatusIoErr, r.written = 1, r.data_bytes = 0;
  if (!r.header_ok)
    counters_.errors.add();
  else
    count(r.type, r.status, r.status == blk::kStatusOk ? r.data_bytes : 0);
  if (r.status_byte) *r.status_byte = r.status;
  return r.written;
}

void VirtioBlk::save_state(vmm::StateWriter& w) const {
  w.u8(1);  // version
  w.bytes(config_space_, sizeof config_space_);
}

bool VirtioBlk::restore_state(vmm::StateReader& r) {
  uint8_t saved[blk::kConfigSize];
  const uint8_t version = r.u8();
  r.bytes(saved, sizeof saved);
  return r.ok_and_done() && version == 1 && std::memcmp(saved, config_space_, sizeof saved) == 0;
}

void VirtioBlk::count(uint32_t type, uint8_t status, uint64_t data_bytes) noexcept {
  switch (type) {
    case blk::kTypeIn: counters_.read_requests.add(), counters_.read_bytes.add(data_bytes); break;
    case blk::kTypeOut: counters_.write_requests.add(), counters_.write_bytes.add(data_bytes); break;
    case blk::kTypeFlush: counters_.flush_requests.add(); break;
    case blk::kTypeDiscard: counters_.discard_requests.add(); break;
    case blk::kTypeWriteZeroes: counters_.write_zeroes_requests.add(); break;
    default: counters_.other_requests.add();
  }
  if (status != blk::kStatusOk) counters_.errors.add();
}

}  // namespace tshyve::devices::virtio
