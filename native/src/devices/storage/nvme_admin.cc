// NVMe admin commands (NVM Express 1.4 §5): Create/Delete I/O Submission and Completion Queue
// (§5.3-5.6), Identify (§5.15), Get Log Page (§5.14: error information, SMART, firmware slot), Get/Set
// Features (§5.9, §5.21, interrupt coalescing and per-vector configuration), Abort (§5.1: held
// Asynchronous Event Requests only) and Asynchronous Event Request (§5.2, held until an event).
#include <algorithm>

#include "devices/storage/nvme_controller.h"
#include "devices/storage/nvme_identify.h"
#include "devices/storage/nvme_prp.h"

namespace tshyve::devices::storage {

using namespace nvme;

namespace {
uint16_t qid_of(const Command& c) { return static_cast<uint16_t>(c.cdw10 & 0xffff); }
uint32_t entries_of(const Command& c) { return (c.cdw10 >> 16) + 1; }  // QSIZE is 0's based
}  // namespace

NvmeController::Outcome NvmeController::admin(const Command& cmd, Lock& lock) {
  if (cmd.flags & 0xc3) return {{status::kInvalidField}};  // no fused operations, no SGLs
  switch (cmd.opcode) {
    case admin::kDeleteSq: return {delete_sq(cmd, lock)};
    case admin::kCreateSq: return {create_sq(cmd)};
    case admin::kGetLogPage: return {get_log_page(cmd)};
    case admin::kDeleteCq: return {delete_cq(cmd)};
    case admin::kCreateCq: return {create_cq(cmd)};
    case admin::kIdentify: return {identify(cmd)};
    case admin::kAbort: return {abort(cmd)};
    case admin::kSetFeatures: return {features(cmd, true)};
    case admin::kGetFeatures: return {features(cmd, false)};
    case admin::kAsyncEvent:
      // Held until an event (deliver_events) or an Abort; a controller reset drops it.
      if (!events_.hold(cmd.cid, sqs_[0].epoch)) return {{status::kAsyncEventLimit}};
      return {{}, false};
    default: return {{status::kInvalidOpcode}};
  }
}

NvmeResult NvmeController::identify(const Command& cmd) {
  const uint8_t what = cmd.cdw10 & 0xff;
  Page page;
  switch (what) {
    case cns::kNamespace:
      if (cmd.nsid == 1)
        page = identify_namespace(ns_.identity());
      else if (cmd.nsid == 0xffffffff) {  // the format every namespace shares, without sizes
        Identity common = ns_.identity();
        common.blocks = 0;
        common.eui64 = 0;
        page = identify_namespace(common);
      } else
        return {status::kInvalidNamespace};
      break;
    case cns::kController: page = identify_controller(ns_.identity()); break;
    case cns::kActiveNamespaces:
      if (cmd.nsid >= 0xfffffffe) return {status::kInvalidNamespace};
      page = active_namespaces(cmd.nsid);
      break;
    case cns::kNamespaceDescriptors:
      if (cmd.nsid != 1) return {status::kInvalidNamespace};
      page = namespace_descriptors(ns_.identity());
      break;
    default: return {status::kInvalidField};
  }
  return {copy_to_prps(memory_, cmd.prp1, cmd.prp2, page.data(), page.size())};
}

NvmeResult NvmeController::create_cq(const Command& cmd) {
  const uint16_t qid = qid_of(cmd);
  const uint32_t entries = entries_of(cmd);
  const uint16_t vector = static_cast<uint16_t>(cmd.cdw11 >> 16);
  if (qid == 0 || qid > granted_cqs_ || cqs_[qid].valid) return {status::kInvalidQueueId};
  if (entries < 2 || entries > max_entries_) return {status::kInvalidQueueSize};
  if (!(cmd.cdw11 & 1u) || cmd.prp1 % kPageSize || cc_iocqes(cc_) != kCqEntryLog) return {status::kInvalidField};
  if (vector >= interrupts_.vectors()) return {status::kInvalidVector};
  if (!memory_.translate_writable(cmd.prp1, uint64_t{entries} * kCqEntrySize)) return {status::kInvalidField};
  cqs_[qid] = Cq{true, (cmd.cdw11 & 2u) != 0, true, cmd.prp1, entries, 0, 0, vector, 0};
  return {};
}

NvmeResult NvmeController::create_sq(const Command& cmd) {
  const uint16_t qid = qid_of(cmd);
  const uint32_t entries = entries_of(cmd);
  const uint16_t cqid = static_cast<uint16_t>(cmd.cdw11 >> 16);
  if (qid == 0 || qid > granted_sqs_ || sqs_[qid].valid) return {status::kInvalidQueueId};
  if (entries < 2 || entries > max_entries_) return {status::kInvalidQueueSize};
  if (cqid == 0 || cqid > max_queues_ || !cqs_[cqid].valid) return {status::kInvalidCompletionQueue};
  if (!(cmd.cdw11 & 1u) || cmd.prp1 % kPageSize || cc_iosqes(cc_) != kSqEntryLog) return {status::kInvalidField};
  if (!memory_.translate(cmd.prp1, uint64_t{entries} * kSqEntrySize)) return {status::kInvalidField};
  sqs_[qid] = Sq{true, false, cmd.prp1, entries, 0, 0, cqid, 0, sqs_[qid].epoch + 1};
  return {};
}

// §5.6: commands of the queue still in flight complete (their completions are posted) first.
NvmeResult NvmeController::delete_sq(const Command& cmd, Lock& lock) {
  const uint16_t qid = qid_of(cmd);
  if (qid == 0 || qid > max_queues_ || !sqs_[qid].valid || sqs_[qid].deleting) return {status::kInvalidQueueId};
  const uint64_t gen = generation_;
  sqs_[qid].deleting = true;
  idle_cv_.wait(lock, [&] { return stop_ || gen != generation_ || sqs_[qid].inflight == 0; });
  if (gen != generation_) return {};  // reset meanwhile: this completion is dropped with the queue
  sqs_[qid] = Sq{false, false, 0, 0, 0, 0, 0, 0, sqs_[qid].epoch + 1};
  return {};
}

NvmeResult NvmeController::delete_cq(const Command& cmd) {
  const uint16_t qid = qid_of(cmd);
  if (qid == 0 || qid > max_queues_ || !cqs_[qid].valid) return {status::kInvalidQueueId};
  for (const auto& sq : sqs_)
    if (sq.valid && sq.cqid == qid) return {status::kInvalidQueueDeletion};
  cqs_[qid] = Cq{};
  update_intx();
  return {};
}

// §5.1: only a held Asynchronous Event Request can be aborted (every other command is either
// finished or already on its way to the disk); DW0 bit 0 set says "not aborted".
NvmeResult NvmeController::abort(const Command& cmd) {
  const uint16_t sqid = cmd.cdw10 & 0xffff, cid = static_cast<uint16_t>(cmd.cdw10 >> 16);
  if (sqid != 0 || !cq_has_room(cqs_[0])) return {status::kSuccess, 1};  // room for both completions
  const auto epoch = events_.abort(cid);
  if (!epoch) return {status::kSuccess, 1};
  post(Fetched{0, 0, cid, *epoch}, {status::kAbortRequested});
  return {status::kSuccess, 0};
}

// Error Information (1: the last errors, newest first), SMART / Health (2) and Firmware Slot (3).
// Reading a log with RAE (Retain Asynchronous Event) clear re-arms the events it reports.
NvmeResult NvmeController::get_log_page(const Command& cmd) {
  const uint8_t lid = cmd.cdw10 & 0xff;
  if (lid < 1 || lid > 3) return {0x109};  // Invalid Log Page
  const uint64_t dwords = ((static_cast<uint64_t>(cmd.cdw11 & 0xffff) << 16) | (cmd.cdw10 >> 16 & 0x7fff)) + 1;
  if (!(cmd.cdw10 & (1u << 15))) events_.log_read(lid);
  Page page = lid == event::kLogError ? events_.error_log() : Page{};
  if (lid == 2) {
    page[1] = 0x2c, page[2] = 0x01;  // composite temperature 300 K
    page[3] = 100;                   // available spare
    page[4] = 10;                    // available spare threshold
  }
  if (lid == 3) page[0] = 1, page[8] = '1', page[9] = '.', page[10] = '0';  // active slot 1, "1.0"
  return {copy_to_prps(memory_, cmd.prp1, cmd.prp2, page.data(), std::min<uint64_t>(dwords * 4, page.size()))};
}

NvmeResult NvmeController::features(const Command& cmd, bool set) {
  const uint8_t fid = cmd.cdw10 & 0xff;
  if (fid == 0 || fid > feature::kLast || fid == 3) return {status::kInvalidField};
  if (!set) {
    const uint32_t select = (cmd.cdw10 >> 8) & 7;
    if (select == 3) return {status::kSuccess, 1u << 1};  // supported capabilities: changeable
    if (fid == feature::kInterruptVectorConfig) {
      const uint32_t iv = cmd.cdw11 & 0xffff;
      if (iv >= no_coalescing_.size()) return {status::kInvalidField};
      const bool cd = iv == 0 || no_coalescing_[iv];  // the admin CQ's vector never coalesces
      return {status::kSuccess, iv | (cd ? 1u << 16 : 0)};
    }
    return {status::kSuccess, features_[fid]};
  }
  if (fid == feature::kInterruptCoalescing) {
    features_[fid] = cmd.cdw11 & 0xffff;  // THR 7:0, TIME 15:8
    return {};
  }
  if (fid == feature::kInterruptVectorConfig) {
    const uint32_t iv = cmd.cdw11 & 0xffff;
    if (iv >= no_coalescing_.size()) return {status::kInvalidField};
    no_coalescing_[iv] = (cmd.cdw11 >> 16) & 1u;
    return {};
  }
  if (fid == feature::kNumberOfQueues) {
    const uint32_t nsqr = cmd.cdw11 & 0xffff, ncqr = cmd.cdw11 >> 16;
    if (nsqr == 0xffff || ncqr == 0xffff) return {status::kInvalidField};
    granted_sqs_ = static_cast<uint16_t>(std::min<uint32_t>(nsqr + 1, max_queues_));
    granted_cqs_ = static_cast<uint16_t>(std::min<uint32_t>(ncqr + 1, max_queues_));
    features_[fid] = static_cast<uint32_t>(granted_cqs_ - 1) << 16 | (granted_sqs_ - 1u);
    return {status::kSuccess, features_[fid]};
  }
  if (fid == feature::kVolatileWriteCache) {
    features_[fid] = cmd.cdw11 & 1u;  // WCE
    ns_.set_write_cache(features_[fid] != 0);
    return {};
  }
  features_[fid] = cmd.cdw11;
  return {};
}

}  // namespace tshyve::devices::storage
