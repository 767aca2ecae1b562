// Asynchronous Event Request bookkeeping (NVM Express 1.4 §5.2, §5.2.1 event masking until the
// log page is read) and the Error Information log page layout (§5.14.1.1, Figure 194).
#include "devices/storage/nvme_async_events.h"

#include <algorithm>
#include <cstring>

namespace tshyve::devices::storage::nvme {

bool AsyncEvents::hold(uint16_t cid, uint64_t epoch) {
  if (held_.size() >= kAsyncEventLimit) return false;
  held_.push_back({cid, epoch});
  return true;
}

void AsyncEvents::raise(uint8_t type, uint8_t info, uint8_t log_page) {
  type &= 7;
  if (masked_ & (1u << type) || pending_.size() >= kMaxPending) return;
  masked_ |= static_cast<uint8_t>(1u << type);
  mask_log_[type] = log_page;
  pending_.push_back(static_cast<uint32_t>(type) | static_cast<uint32_t>(info) << 8 | static_cast<uint32_t>(log_page) << 16);
}

std::optional<AsyncEvents::Delivery> AsyncEvents::next() {
  if (held_.empty() || pending_.empty()) return std::nullopt;
  const Held h = held_.front();
  held_.erase(held_.begin());
  const uint32_t dw0 = pending_.front();
  pending_.pop_front();
  return Delivery{h.cid, h.epoch, dw0};
}

std::optional<uint64_t> AsyncEvents::abort(uint16_t cid) {
  auto it = std::find_if(held_.begin(), held_.end(), [cid](const Held& h) { return h.cid == cid; });
  if (it == held_.end()) return std::nullopt;
  const uint64_t epoch = it->epoch;
  held_.erase(it);
  return epoch;
}

void AsyncEvents::log_read(uint8_t log_page) {
  for (uint8_t t = 0; t < mask_log_.size(); ++t)
    if ((masked_ & (1u << t)) && mask_log_[t] == log_page) masked_ &= static_cast<uint8_t>(~(1u << t));
}

void AsyncEvents::record_error(const ErrorRecord& e) {
  ++error_count_;  // never 0 for a valid entry (Figure 194: 0 marks an unused entry)
  errors_[error_count_ % kErrorLogEntries] = e;
}

Page AsyncEvents::error_log() const {
  Page p{};
  const uint64_t n = std::min<uint64_t>(error_count_, kErrorLogEntries);
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t id = error_count_ - i;
    const ErrorRecord& e = errors_[id % kErrorLogEntries];
    uint8_t* at = p.data() + i * kErrorEntrySize;
    const uint16_t status = static_cast<uint16_t>(e.status << 1);  // status field 15:1, phase tag 0
    const uint16_t location = 0xffff;                              // parameter error location: none
    std::memcpy(at + 0, &id, 8);
    std::memcpy(at + 8, &e.sqid, 2);
    std::memcpy(at + 10, &e.cid, 2);
    std::memcpy(at + 12, &status, 2);
    std::memcpy(at + 14, &location, 2);
    std::memcpy(at + 16, &e.lba, 8);
    std::memcpy(at + 24, &e.nsid, 4);
  }
  return p;
}

void AsyncEvents::save_state(vmm::StateWriter& w) const {
  w.u8(static_cast<uint8_t>(held_.size()));
  for (const auto& h : held_) w.u16(h.cid), w.u64(h.epoch);
  w.u8(static_cast<uint8_t>(pending_.size()));
  for (uint32_t e : pending_) w.u32(e);
  w.u8(masked_);
  w.bytes(mask_log_.data(), mask_log_.size());
  w.u64(error_count_);
  for (const auto& e : errors_) w.u16(e.sqid), w.u16(e.cid), w.u16(e.status), w.u64(e.lba), w.u32(e.nsid);
}

bool AsyncEvents::restore_state(vmm::StateReader& r) {
  std::vector<Held> held(r.u8());
  if (held.size() > kAsyncEventLimit) return false;
  for (auto& h : held) h.cid = r.u16(), h.epoch = r.u64();
  std::deque<uint32_t> pending(r.u8());
  if (pending.size() > kMaxPending) return false;
  for (auto& e : pending) e = r.u32();
  const uint8_t masked = r.u8();
  std::array<uint8_t, 8> mask_log{};
  r.bytes(mask_log.data(), mask_log.size());
  const uint64_t count = r.u64();
  std::array<ErrorRecord, kErrorLogEntries> errors{};
  for (auto& e : errors) e.sqid = r.u16(), e.cid = r.u16(), e.status = r.u16(), e.lba = r.u64(), e.nsid = r.u32();
  if (!r.ok()) return false;
  held_ = std::move(held);
  pending_ = std::move(pending);
  masked_ = masked;
  mask_log_ = mask_log;
  error_count_ = count;
  errors_ = errors;
  return true;
}

void AsyncEvents::reset() {
  held_.clear();
  pending_.clear();
  masked_ = 0;
}

}  // namespace tshyve::devices::storage::nvme
