// NVMe controller registers (NVM Express 1.4 §3.1), doorbells (§3.1.24/25), controller enable,
// reset and shutdown (§7.3, §7.6), command fetch with round-robin arbitration (§4.13) and
// completion posting with phase tags (§4.6). Admin commands are in nvme_admin.cc.
#include "devices/storage/nvme_controller.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>

#include "vmm/log.h"
#include "vmm/seccomp_filter.h"

namespace tshyve::devices::storage {

using namespace nvme;

namespace {
constexpr uint32_t kTimeoutUnits = 30;  // CAP.TO in 500 ms units: 15 s until CSTS.RDY follows CC.EN
uint64_t now_ns() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}
uint64_t capabilities(uint32_t entries) {
  return static_cast<uint64_t>(entries - 1)            // MQES (0's based)
         | 1ull << 16                                  // CQR: queues must be physically contiguous
         | static_cast<uint64_t>(kTimeoutUnits) << 24  // TO
         | 1ull << 37;                                 // CSS: the NVM command set; DSTRD, MPSMIN, MPSMAX 0
}
}  // namespace

NvmeController::NvmeController(const NvmeConfig& config, vmm::GuestMemoryView& memory, NvmeInterrupts& interrupts, unsigned workers)
    : config_(config),
      memory_(memory),
      interrupts_(interrupts),
      ns_(config),
      max_queues_(queues_for(config)),
      max_entries_(std::clamp<uint32_t>(config.queue_size, 2, 65536)),
      io_slots_(std::max<uint32_t>(config.io_slots, 1)),
      cap_(capabilities(max_entries_)) {
  sqs_.resize(max_queues_ + 1u);
  cqs_.resize(max_queues_ + 1u);
  {
    std::lock_guard<std::mutex> lock(mu_);
    reset();
  }
  if (workers > 0)
    io_ = std::make_unique<backends::BlockRequestQueue>(ns_.file(), static_cast<backends::BlockCompletions&>(*this),
                                                        std::min(workers, io_slots_), io_slots_, "nvme-worker");
}

NvmeController::~NvmeController() { stop(); }

void NvmeController::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  idle_cv_.notify_all();
  if (io_) io_->stop();
}

// ---- registers (vCPU thread) ----

uint32_t NvmeController::read32(uint32_t o) const {
  switch (o) {
    case reg::kCap: return static_cast<uint32_t>(cap_);
    case reg::kCap + 4: return static_cast<uint32_t>(cap_ >> 32);
    case reg::kVs: return kVersion14;
    case reg::kIntms:
    case reg::kIntmc: return intms_;
    case reg::kCc: return cc_;
    case reg::kCsts: return csts_;
    case reg::kAqa: return aqa_;
    case reg::kAsq: return static_cast<uint32_t>(asq_);
    case reg::kAsq + 4: return static_cast<uint32_t>(asq_ >> 32);
    case reg::kAcq: return static_cast<uint32_t>(acq_);
    case reg::kAcq + 4: return static_cast<uint32_t>(acq_ >> 32);
    default: return 0;  // reserved, CMB and boot partition registers: not implemented (read 0)
  }
}

void NvmeController::write32(uint32_t o, uint32_t v) {
  switch (o) {
    case reg::kIntms: intms_ |= v & 1u, update_intx(); break;  // one vector under INTx
    case reg::kIntmc: intms_ &= ~(v & 1u), update_intx(); break;
    case reg::kCc: write_cc(v); break;
    case reg::kAqa: aqa_ = v & 0x0fff0fffu; break;
    case reg::kAsq: asq_ = (asq_ & ~0xffffffffull) | (v & ~0xfffu); break;
    case reg::kAsq + 4: asq_ = (asq_ & 0xffffffffull) | static_cast<uint64_t>(v) << 32; break;
    case reg::kAcq: acq_ = (acq_ & ~0xffffffffull) | (v & ~0xfffu); break;
    case reg::kAcq + 4: acq_ = (acq_ & 0xffffffffull) | static_cast<uint64_t>(v) << 32; break;
    default: break;  // read-only or reserved (NSSR: subsystem reset not supported, CAP.NSSRS = 0)
  }
}

void NvmeController::read(uint64_t offset, uint8_t* data, uint32_t size) {
  std::memset(data, 0, size);
  if (offset >= reg::kDoorbells) return;  // doorbells are write-only; reads return 0 (§3.1.24)
  std::lock_guard<std::mutex> lock(mu_);
  for (uint32_t i = 0; i < size; ++i) {
    const uint64_t o = offset + i;
    data[i] = static_cast<uint8_t>(read32(static_cast<uint32_t>(o & ~3ull)) >> (8 * (o & 3)));
  }
}

void NvmeController::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  if (size == 0 || size > 8) return;
  uint64_t v = 0;
  std::memcpy(&v, data, size);
  Lock lock(mu_);
  if (offset >= reg::kDoorbells) {
    if (offset % 4 != 0 || size < 4) return;
    doorbell(static_cast<uint32_t>((offset - reg::kDoorbells) / 4), static_cast<uint32_t>(v));
    if (io_)
      service(lock, true);
    else
      raise_pending();  // synchronous mode: process_pending() fetches; an event may have been posted
    return;
  }
  if (size == 8 && offset % 8 == 0) {
    write32(static_cast<uint32_t>(offset), static_cast<uint32_t>(v));
    write32(static_cast<uint32_t>(offset + 4), static_cast<uint32_t>(v >> 32));
    return;
  }
  // Narrower or unaligned writes merge into the dwords they touch.
  for (uint32_t i = 0; i < size;) {
    const uint32_t dword = static_cast<uint32_t>((offset + i) & ~3ull);
    uint32_t cur = dword == reg::kIntms || dword == reg::kIntmc ? 0 : read32(dword);
    for (; i < size && ((offset + i) & ~3ull) == dword; ++i) {
      const uint32_t sh = 8 * ((offset + i) & 3);
      cur = (cur & ~(0xffu << sh)) | static_cast<uint32_t>(data[i]) << sh;
    }
    write32(dword, cur);
  }
}

void NvmeController::write_cc(uint32_t v) {
  const uint32_t old = cc_;
  cc_ = v & 0x00fffff1u;  // EN, CSS, MPS, AMS, SHN, IOSQES, IOCQES
  if (!(old & kCcEnable) && (cc_ & kCcEnable))
    enable();
  else if ((old & kCcEnable) && !(cc_ & kCcEnable))
    reset();
  // §7.6.2: a shutdown notification completes at once (every completed write is in the host's cache).
  if (cc_shn(cc_) && !cc_shn(old))
    csts_ = (csts_ & ~(3u << 2)) | kCstsShutdownComplete;
  else if (!cc_shn(cc_))
    csts_ &= ~(3u << 2);
}

// §7.6.1 initialisation: the admin queues from AQA/ASQ/ACQ; CSTS.RDY follows CC.EN at once.
void NvmeController::enable() {
  const uint32_t sqs = (aqa_ & 0xfff) + 1, cqs = ((aqa_ >> 16) & 0xfff) + 1;
  const char* bad = nullptr;
  if (cc_css(cc_) != 0)
    bad = "CC.CSS is not the NVM command set";
  else if (cc_mps(cc_) != 0)
    bad = "CC.MPS is not 4 KiB";
  else if (sqs < 2 || cqs < 2)
    bad = "admin queues smaller than 2 entries";
  else if (!memory_.translate(asq_, uint64_t{sqs} * kSqEntrySize) || !memory_.translate_writable(acq_, uint64_t{cqs} * kCqEntrySize))
    bad = "admin queues outside RAM";
  if (bad) {
    fatal(bad);
    return;
  }
  sqs_[0] = Sq{true, false, asq_, sqs, 0, 0, 0, 0, sqs_[0].epoch + 1};
  cqs_[0] = Cq{true, true, true, acq_, cqs, 0, 0, 0, 0};
  ready_ = true;
  csts_ |= kCstsReady;
}

// §7.3.2 controller reset: every queue deleted, outstanding commands dropped, features defaulted.
void NvmeController::reset() {
  ++generation_;
  for (auto& q : sqs_) q = Sq{false, false, 0, 0, 0, 0, 0, 0, q.epoch + 1};
  for (auto& q : cqs_) q = Cq{};
  ready_ = halted_ = admin_busy_ = false;
  inflight_ = 0;
  events_.reset();
  no_coalescing_.assign(interrupts_.vectors(), false);
  csts_ = 0;
  intms_ = 0;
  granted_sqs_ = granted_cqs_ = max_queues_;
  features_.fill(0);
  features_[feature::kVolatileWriteCache] = 1;
  ns_.set_write_cache(true);
  features_[feature::kTemperatureThreshold] = 0x0157;  // 343 K
  features_[feature::kNumberOfQueues] = static_cast<uint32_t>(max_queues_ - 1) << 16 | (max_queues_ - 1u);
  update_intx();
  idle_cv_.notify_all();
}

// Controller Fatal Status (§3.1.6): the host must reset the controller; nothing more is fetched.
void NvmeController::fatal(const char* why) {
  csts_ |= kCstsFatal;
  halted_ = true;
  vmm::guest_log("nvme %02x.%x: %s; controller fatal status set", config_.slot, config_.function, why);
}

// §3.1.24/25: doorbell i is SQ (i/2)'s tail when i is even, CQ (i/2)'s head when odd (DSTRD 0).
void NvmeController::doorbell(uint32_t index, uint32_t value) {
  const uint32_t qid = index / 2;
  if (!ready_) return;
  if (qid > max_queues_) return doorbell_error(static_cast<uint16_t>(qid), event::kInvalidDoorbellRegister);
  if (index % 2 == 0) {
    Sq& sq = sqs_[qid];
    if (!sq.valid || value >= sq.size) {
      vmm::guest_log("nvme %02x.%x: SQ %u tail doorbell %u invalid; ignored", config_.slot, config_.function, qid, value);
      return doorbell_error(static_cast<uint16_t>(qid), sq.valid ? event::kInvalidDoorbellValue : event::kInvalidDoorbellRegister);
    }
    sq.tail = value;
    sq_rung_.set(qid);
  } else {
    Cq& cq = cqs_[qid];
    if (!cq.valid || value >= cq.size) {
      vmm::guest_log("nvme %02x.%x: CQ %u head doorbell %u invalid; ignored", config_.slot, config_.function, qid, value);
      return doorbell_error(static_cast<uint16_t>(qid), cq.valid ? event::kInvalidDoorbellValue : event::kInvalidDoorbellRegister);
    }
    cq.head = value;
    update_intx();  // and a full CQ may have room again: the caller fetches
    if (qid == 0) deliver_events();
  }
}

// §5.2 Figure 147: an error event (reported by an Asynchronous Event Request), logged (Figure 194).
void NvmeController::doorbell_error(uint16_t qid, uint8_t info) {
  events_.record_error(ErrorRecord{qid, 0xffff, 0, 0, 0});
  events_.raise(event::kTypeError, info, event::kLogError);
  deliver_events();
}

void NvmeController::deliver_events() {
  if (!cqs_[0].valid) return;
  while (cq_has_room(cqs_[0])) {
    const auto d = events_.next();
    if (!d) return;
    post(Fetched{0, 0, d->cid, d->epoch}, {status::kSuccess, d->dw0});
  }
}

// ---- command processing (lock held) ----

bool NvmeController::cq_has_room(const Cq& cq) const {
  if (!cq.valid || cq.size == 0) return false;
  const uint32_t used = cq.tail >= cq.head ? cq.tail - cq.head : cq.tail + cq.size - cq.head;  // no division: a hot path
  return used + cq.reserved < cq.size - 1;
}

// The next submission queue with a command that can be fetched (its CQ has room for the
// completion, the controller has an I/O slot), round robin; -1 if none. Only queues whose tail
// doorbell was written since they were last seen empty are looked at.
int NvmeController::pick(bool claim, bool admin) {
  if (!ready_ || halted_ || stop_ || sq_rung_.none()) return -1;
  const size_t n = sqs_.size();
  for (size_t k = 0, q = next_queue_ % n; k < n; ++k, q = q + 1 == n ? 0 : q + 1) {
    if (!sq_rung_.test(q)) continue;
    const Sq& sq = sqs_[q];
    if (!sq.valid || sq.head == sq.tail) {
      sq_rung_.reset(q);
      continue;
    }
    if (sq.deleting || !cq_has_room(cqs_[sq.cqid])) continue;
    if (q == 0 ? !admin || admin_busy_ : inflight_ >= io_slots_) continue;
    if (claim) next_queue_ = q + 1;
    return static_cast<int>(q);
  }
  return -1;
}

void NvmeController::service(Lock& lock, bool admin_too) {
  for (int q; (q = pick(true, admin_too)) >= 0;) {
    Sq& sq = sqs_[q];
    Command cmd;
    if (!memory_.read(sq.base + uint64_t{sq.head} * kSqEntrySize, &cmd, sizeof cmd)) {
      fatal("submission queue entry outside RAM");
      break;
    }
    if (++sq.head == sq.size) sq.head = 0;
    ++sq.inflight;
    ++cqs_[sq.cqid].reserved;
    const Fetched f{static_cast<uint16_t>(q), sq.cqid, cmd.cid, sq.epoch};
    if (q == 0) {
      admin_busy_ = true;
      const Outcome o = admin(cmd, lock);
      admin_busy_ = false;
      if (o.post)
        complete(f, o.result);
      else
        release(f);
      deliver_events();
      continue;
    }
    ++inflight_;
    const uint64_t gen = generation_;
    auto r = take_request();
    lock.unlock();
    r->sqid = f.sqid, r->cqid = f.cqid, r->epoch = f.epoch, r->generation = gen;
    NvmeResult result;
    bool done = !ns_.prepare(cmd, memory_, *r, result);
    if (!done && (!io_ || !backends::try_without_blocking(ns_.file(), *r))) {
      std::unique_ptr<backends::BlockRequest> queued(std::move(r));
      if (io_ && io_->submit(queued)) {
        lock.lock();
        continue;
      }
      r.reset(static_cast<NvmeRequest*>(queued.release()));  // synchronous mode, or the queue is full
      backends::run_blocking(ns_.file(), *r);
    }
    if (!done) result = ns_.finish(*r);
    lock.lock();
    recycle(std::move(r));
    if (gen != generation_) continue;  // the controller was reset meanwhile: the command is dropped
    --inflight_;
    complete(f, result);
  }
  raise_pending();
}

// Requests (and their iovec capacity) are reused: no allocation per command once warm.
std::unique_ptr<NvmeRequest> NvmeController::take_request() {
  if (spare_.empty()) return std::make_unique<NvmeRequest>();
  auto r = std::move(spare_.back());
  spare_.pop_back();
  return r;
}

void NvmeController::recycle(std::unique_ptr<NvmeRequest> r) {
  constexpr size_t kMaxSpare = 64;  // our choice: depth 64 without allocating; a few hundred KiB at most
  if (spare_.size() < kMaxSpare && r->iov.capacity() <= 64) spare_.push_back(std::move(r));
}

void NvmeController::completed(backends::BlockBatch& batch) {
  Lock lock(mu_);
  for (auto& b : batch) {
    std::unique_ptr<NvmeRequest> r(static_cast<NvmeRequest*>(b.release()));
    if (r->generation == generation_) {  // else dropped by a controller reset
      --inflight_;
      complete(Fetched{r->sqid, r->cqid, r->cmd.cid, r->epoch}, ns_.finish(*r));
    }
    recycle(std::move(r));
  }
  // Slots and CQ entries are free again: fetch what waited for them (admin commands stay with the
  // vCPU thread: Delete SQ waits for this pool to drain that queue).
  service(lock, false);
}

void NvmeController::release(const Fetched& f) {
  Sq& sq = sqs_[f.sqid];
  if (!sq.valid || sq.epoch != f.epoch) return;
  --sq.inflight;
  --cqs_[f.cqid].reserved;
  if (sq.inflight == 0) idle_cv_.notify_all();
}

void NvmeController::complete(const Fetched& f, const NvmeResult& r) {
  Sq& sq = sqs_[f.sqid];
  if (!sq.valid || sq.epoch != f.epoch) return;  // its queue was deleted
  release(f);
  post(f, r);
}

void NvmeController::post(const Fetched& f, const NvmeResult& r) {
  Sq& sq = sqs_[f.sqid];
  if (!sq.valid || sq.epoch != f.epoch) return;
  Cq& cq = cqs_[f.cqid];
  if (r.status != status::kSuccess) events_.record_error(ErrorRecord{f.sqid, f.cid, r.status, 0, 0});
  Completion c{r.dw0, 0, static_cast<uint16_t>(sq.head), f.sqid, f.cid, 0};
  uint16_t st = r.status;
  if (st != status::kSuccess) st |= status::kDoNotRetry;
  c.status = static_cast<uint16_t>(st << 1 | (cq.phase ? 1 : 0));
  const uint64_t at = cq.base + uint64_t{cq.tail} * kCqEntrySize;
  uint8_t* p = memory_.translate_writable(at, kCqEntrySize);
  if (!p) {
    fatal("completion queue entry outside RAM");
    return;
  }
  // The phase tag goes last: a polling driver never sees a new tag with an old entry.
  std::memcpy(p, &c, 14);
  __atomic_store_n(reinterpret_cast<uint16_t*>(p + 14), c.status, __ATOMIC_RELEASE);  // CQs are page aligned
  if (++cq.tail == cq.size) cq.tail = 0, cq.phase = !cq.phase;
  if (!cq.ien) return;
  raise_.set(f.cqid);
  if (cq.unsignalled++ == 0 && (features_[feature::kInterruptCoalescing] >> 8) & 0xff) cq.oldest_ns = now_ns();
}

// §5.21.1.8: with a threshold (THR, 0's based) and a time (TIME, 100 us units) both set, an I/O
// CQ's interrupt waits until THR + 1 entries are there or TIME has passed since the first; it never
// waits when no completion for it is on its way (no timer runs: nothing else would send it).
bool NvmeController::interrupt_due(const Cq& cq, uint64_t now) const {
  const uint32_t thr = features_[feature::kInterruptCoalescing] & 0xff, time = (features_[feature::kInterruptCoalescing] >> 8) & 0xff;
  if (thr == 0 || time == 0 || &cq == &cqs_[0] || cq.reserved == 0) return true;
  if (cq.vector < no_coalescing_.size() && no_coalescing_[cq.vector]) return true;
  return cq.unsignalled > thr || now - cq.oldest_ns >= uint64_t{time} * 100'000;
}

// One interrupt for every CQ that received entries since its last one (unless coalescing holds it).
void NvmeController::raise_pending() {
  if (raise_.none()) return;
  if (interrupts_.msix_enabled()) {
    const uint64_t now = (features_[feature::kInterruptCoalescing] & 0xff00) ? now_ns() : 0;
    for (size_t q = 0; q < cqs_.size(); ++q) {
      if (!raise_.test(q)) continue;
      Cq& cq = cqs_[q];
      if (cq.valid && !interrupt_due(cq, now)) continue;  // stays pending for a later batch
      if (cq.valid) interrupts_.msix_signal(cq.vector);
      cq.unsignalled = 0;
      raise_.reset(q);
    }
    return;
  }
  update_intx();  // INTA# is a level: it follows unconsumed entries, no coalescing
  for (auto& cq : cqs_) cq.unsignalled = 0;
  raise_.reset();
}

// INTA# is asserted while a CQ with interrupts enabled holds entries the host has not consumed.
void NvmeController::update_intx(bool force) {
  bool level = false;
  if (!interrupts_.msix_enabled() && !(intms_ & 1u))
    for (const auto& cq : cqs_)
      if (cq.valid && cq.ien && cq.head != cq.tail) {
        level = true;
        break;
      }
  if (level != intx_level_ || force) {
    intx_level_ = level;
    interrupts_.set_intx(level);
  }
}

void NvmeController::interrupt_mode_changed() {
  std::lock_guard<std::mutex> lock(mu_);
  update_intx(true);
}

void NvmeController::process_pending() {
  Lock lock(mu_);
  service(lock, true);
}

}  // namespace tshyve::devices::storage
