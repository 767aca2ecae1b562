// NVMe asynchronous events (NVM Express 1.4 §5.2: Asynchronous Event Request, Figures 145-148) and
// the Error Information log page (§5.14.1.1, Figure 194): the host's outstanding requests (at most
// AERL + 1), events waiting for one, event types masked until their log page is read, and a ring
// of the last kErrorLogEntries errors. Plain state: the controller's lock guards it.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "devices/storage/nvme_identify.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices::storage::nvme {

constexpr uint32_t kErrorLogEntries = 16;  // Identify ELPE + 1
constexpr uint32_t kErrorEntrySize = 64;

namespace event {
// Figure 146 event types, Figure 147 error event information, log page identifiers.
constexpr uint8_t kTypeError = 0, kTypeSmart = 1, kTypeNotice = 2;
constexpr uint8_t kInvalidDoorbellRegister = 0x00, kInvalidDoorbellValue = 0x01;
constexpr uint8_t kLogError = 0x01, kLogSmart = 0x02;
}  // namespace event

// One entry of the Error Information log, the fields this controller fills.
struct ErrorRecord {
  uint16_t sqid = 0xffff, cid = 0xffff;  // 0xffff: not tied to a queue / command
  uint16_t status = 0;                   // SCT << 8 | SC
  uint64_t lba = 0;
  uint32_t nsid = 0;
};

class AsyncEvents {
 public:
  struct Delivery {
    uint16_t cid;
    uint64_t epoch;  // of the admin SQ when the request was fetched
    uint32_t dw0;    // Figure 145: type 2:0, information 15:8, log page 23:16
  };
  static constexpr size_t kMaxPending = 8;  // our choice: events beyond this are dropped (bounded)

  // Holds an Asynchronous Event Request; false when kAsyncEventLimit are already held.
  bool hold(uint16_t cid, uint64_t epoch);
  // Queues an event unless one of its type is already reported and its log page not yet read.
  void raise(uint8_t type, uint8_t info, uint8_t log_page);
  // A held request paired with the oldest waiting event (both removed), if there are both.
  std::optional<Delivery> next();
  // Abort (§5.1) of a held request: removes it and returns its epoch.
  std::optional<uint64_t> abort(uint16_t cid);
  // Get Log Page of `log_page` with RAE clear: its event type may be reported again.
  void log_read(uint8_t log_page);
  void record_error(const ErrorRecord& e);
  // The Error Information log: newest first, `kErrorLogEntries` entries of kErrorEntrySize bytes.
  Page error_log() const;
  // Controller reset: held requests and waiting events are dropped, masks cleared (the log stays).
  void reset();
  size_t held() const { return held_.size(); }
  // VM snapshot: held requests, waiting events, masks and the error log. restore_state changes
  // nothing and returns false for counts beyond the limits or garbled bytes.
  void save_state(vmm::StateWriter& w) const;
  bool restore_state(vmm::StateReader& r);
  size_t pending() const { return pending_.size(); }

 private:
  struct Held {
    uint16_t cid;
    uint64_t epoch;
  };
  std::vector<Held> held_;
  std::deque<uint32_t> pending_;
  uint8_t masked_ = 0;                 // bit per event type: reported, its log page not read since
  std::array<uint8_t, 8> mask_log_{};  // per event type: the log page whose read unmasks it
  uint64_t error_count_ = 0;
  std::array<ErrorRecord, kErrorLogEntries> errors_{};
};

}  // namespace tshyve::devices::storage::nvme
