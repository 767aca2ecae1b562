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

void AsyncEvents::reset() {
  held_.clear();
  pending_.clear();
  masked_ = 0;
}

}  // namespace tshyve::devices::storage::nvme
