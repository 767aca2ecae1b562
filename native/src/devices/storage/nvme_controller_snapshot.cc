// NVMe controller state in a VM snapshot (docs/vm-snapshots.md): the registers of NVM Express 1.4
// §3.1, every submission and completion queue (§4.1: base, size, head, tail, phase, CQ vector),
// the features of §5.21 (number of queues, interrupt coalescing and per-vector configuration,
// asynchronous event configuration), held Asynchronous Event Requests and the error log (§5.2,
// §5.14.1.1). Restore checks every field against this controller before it changes anything.
#include <string>

#include "devices/storage/nvme_controller.h"
#include "vmm/snapshot_file.h"

namespace tshyve::devices::storage {

using namespace nvme;

namespace {
constexpr uint8_t kStateVersion = 1;

template <size_t N>
void save_bits(vmm::StateWriter& w, const std::bitset<N>& b) {
  for (size_t i = 0; i < N; i += 8) {
    uint8_t v = 0;
    for (size_t j = 0; j < 8; ++j) v |= static_cast<uint8_t>(b.test(i + j)) << j;
    w.u8(v);
  }
}

template <size_t N>
std::bitset<N> read_bits(vmm::StateReader& r) {
  std::bitset<N> b;
  for (size_t i = 0; i < N; i += 8) {
    const uint8_t v = r.u8();
    for (size_t j = 0; j < 8; ++j) b.set(i + j, (v >> j) & 1);
  }
  return b;
}
}  // namespace

void NvmeController::save_state(vmm::StateWriter& w) const {
  if (inflight_ || admin_busy_)
    throw vmm::SnapshotError("nvme " + std::to_string(config_.slot) + "." + std::to_string(config_.function) + ": " +
                             std::to_string(inflight_) + " commands still in flight");
  w.u8(kStateVersion);
  w.u32(cc_), w.u32(csts_), w.u32(aqa_), w.u32(intms_);
  w.u64(asq_), w.u64(acq_);
  w.boolean(ready_), w.boolean(halted_);
  for (const auto& q : sqs_) {
    w.boolean(q.valid);
    w.u64(q.base), w.u32(q.size), w.u32(q.head), w.u32(q.tail), w.u16(q.cqid), w.u64(q.epoch);
  }
  for (const auto& q : cqs_) {
    w.boolean(q.valid), w.boolean(q.ien), w.boolean(q.phase);
    w.u64(q.base), w.u32(q.size), w.u32(q.head), w.u32(q.tail), w.u16(q.vector), w.u32(q.unsignalled);
  }
  w.u16(granted_sqs_), w.u16(granted_cqs_);
  for (uint32_t f : features_) w.u32(f);
  w.u16(static_cast<uint16_t>(no_coalescing_.size()));
  for (bool b : no_coalescing_) w.boolean(b);
  w.u32(static_cast<uint32_t>(next_queue_));
  save_bits(w, raise_);
  save_bits(w, sq_rung_);
  events_.save_state(w);
}

void NvmeController::save_limits(vmm::StateWriter& w) const {
  w.u16(max_queues_);
  w.u32(max_entries_);
  w.u64(ns_.blocks());
  w.u32(ns_.identity().sector_size);
}

bool NvmeController::check_limits(vmm::StateReader& r) const {
  const std::string name = "nvme " + std::to_string(config_.slot) + "." + std::to_string(config_.function);
  const uint16_t queues = r.u16();
  const uint32_t entries = r.u32();
  const uint64_t blocks = r.u64();
  const uint32_t sector = r.u32();
  if (!r.ok()) return false;
  if (queues != max_queues_ || entries != max_entries_)
    throw vmm::SnapshotError(name + ": the snapshot's controller has " + std::to_string(queues) + " I/O queues of " +
                             std::to_string(entries) + " entries, this one " + std::to_string(max_queues_) + " of " +
                             std::to_string(max_entries_));
  if (blocks != ns_.blocks() || sector != ns_.identity().sector_size)
    throw vmm::SnapshotError(name + ": the namespace has " + std::to_string(ns_.blocks()) + " blocks of " +
                             std::to_string(ns_.identity().sector_size) + " bytes, the snapshot's had " + std::to_string(blocks) + " of " +
                             std::to_string(sector) + " (the disk changed)");
  return true;
}

bool NvmeController::restore_state(vmm::StateReader& r) {
  if (r.u8() != kStateVersion) return false;
  const uint32_t cc = r.u32(), csts = r.u32(), aqa = r.u32(), intms = r.u32();
  const uint64_t asq = r.u64(), acq = r.u64();
  const bool ready = r.boolean(), halted = r.boolean();
  std::vector<Sq> sqs(sqs_.size());
  for (auto& q : sqs) {
    q.valid = r.boolean();
    q.base = r.u64(), q.size = r.u32(), q.head = r.u32(), q.tail = r.u32(), q.cqid = r.u16(), q.epoch = r.u64();
  }
  std::vector<Cq> cqs(cqs_.size());
  for (auto& q : cqs) {
    q.valid = r.boolean(), q.ien = r.boolean(), q.phase = r.boolean();
    q.base = r.u64(), q.size = r.u32(), q.head = r.u32(), q.tail = r.u32(), q.vector = r.u16(), q.unsignalled = r.u32();
  }
  const uint16_t granted_sqs = r.u16(), granted_cqs = r.u16();
  std::array<uint32_t, feature::kLast + 1> features{};
  for (auto& f : features) f = r.u32();
  std::vector<bool> no_coalescing(r.u16());
  if (no_coalescing.size() != interrupts_.vectors()) return false;
  for (size_t i = 0; i < no_coalescing.size(); ++i) no_coalescing[i] = r.boolean();
  const uint32_t next_queue = r.u32();
  const auto raise = read_bits<256>(r);
  const auto sq_rung = read_bits<256>(r);
  AsyncEvents events;
  if (!r.ok() || !events.restore_state(r) || !r.ok_and_done()) return false;

  // Registers: only bits the guest can set; the admin queues as enable() checks them.
  if ((cc & ~0x00fffff1u) || (aqa & ~0x0fff0fffu) || (asq & 0xfff) || (acq & 0xfff) || (intms & ~1u) || (csts & ~0xfu)) return false;
  if (ready != ((csts & kCstsReady) != 0) || (ready && !(cc & kCcEnable))) return false;
  if (granted_sqs > max_queues_ || granted_cqs > max_queues_ || granted_sqs == 0 || granted_cqs == 0) return false;
  for (size_t i = 0; i < cqs.size(); ++i) {
    const Cq& q = cqs[i];
    if (!q.valid) {
      if (raise.test(i)) return false;
      continue;
    }
    if (i == 0 && (q.base != acq || !ready)) return false;
    if (q.size < 2 || q.size > (i == 0 ? 4096u : max_entries_) || q.head >= q.size || q.tail >= q.size) return false;
    if (q.vector >= interrupts_.vectors() || q.unsignalled > q.size) return false;
    if (!memory_.translate_writable(q.base, uint64_t{q.size} * kCqEntrySize)) return false;
  }
  for (size_t i = 0; i < sqs.size(); ++i) {
    const Sq& q = sqs[i];
    if (!q.valid) continue;
    if (i == 0 && (q.base != asq || !ready)) return false;
    if (q.size < 2 || q.size > (i == 0 ? 4096u : max_entries_) || q.head >= q.size || q.tail >= q.size) return false;
    if (q.cqid >= cqs.size() || !cqs[q.cqid].valid || (i == 0) != (q.cqid == 0)) return false;
    if (!memory_.translate(q.base, uint64_t{q.size} * kSqEntrySize)) return false;
  }
  if (ready && (!sqs[0].valid || !cqs[0].valid)) return false;
  for (size_t i = sqs.size(); i < sq_rung.size(); ++i)
    if (sq_rung.test(i) || raise.test(i)) return false;

  std::lock_guard<std::mutex> lock(mu_);
  cc_ = cc, csts_ = csts, aqa_ = aqa, intms_ = intms;
  asq_ = asq, acq_ = acq;
  ready_ = ready, halted_ = halted, admin_busy_ = false;
  ++generation_;
  sqs_ = std::move(sqs);
  cqs_ = std::move(cqs);
  for (auto& q : cqs_)
    if (q.unsignalled) q.oldest_ns = 0;  // the aggregation time counts as passed: the next batch signals it
  granted_sqs_ = granted_sqs, granted_cqs_ = granted_cqs;
  features_ = features;
  ns_.set_write_cache(features_[feature::kVolatileWriteCache] & 1);
  no_coalescing_ = std::move(no_coalescing);
  next_queue_ = next_queue;
  raise_ = raise;
  sq_rung_ = sq_rung;
  inflight_ = 0;
  events_ = std::move(events);
  update_intx(true);
  return true;
}

}  // namespace tshyve::devices::storage
