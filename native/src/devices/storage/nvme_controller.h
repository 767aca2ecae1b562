// An NVMe 1.4 controller (NVM Express Base 1.4 §3 registers, §4 queues, §5 admin commands, §7.6
// initialisation and reset) with one namespace. A doorbell write fetches what it can on the vCPU
// thread: commands that finish without waiting for the disk complete there, in one batch with one
// interrupt per CQ; the rest go to the shared block layer's workers, which complete them in batches
// and fetch what their completions made room for. Doorbells are plain MMIO exits (no ioeventfd).
// Interrupt coalescing (§5.21.1.8/9) holds an I/O CQ's MSI-X message back while fewer than the
// threshold entries wait, more completions are on their way and the aggregation time has not passed.
#pragma once
#include <array>
#include <bitset>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "devices/backends/block_request_queue.h"

#include "devices/storage/nvme_async_events.h"
#include "devices/storage/nvme_config.h"
#include "devices/storage/nvme_namespace.h"
#include "devices/storage/nvme_spec.h"
#include "vmm/guest_memory_view.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices::storage {

// How completions reach the guest (the PCI function: MSI-X per vector, else INTA#). Called with
// the controller's lock held.
class NvmeInterrupts {
 public:
  virtual ~NvmeInterrupts() = default;
  virtual bool msix_enabled() = 0;
  virtual void msix_signal(uint16_t vector) = 0;
  virtual void set_intx(bool level) = 0;
  virtual uint16_t vectors() const = 0;
};

class NvmeController : private backends::BlockCompletions {
 public:
  // Setup thread. `workers` block-layer threads (0: the caller runs commands with process_pending(),
  // as the fuzzer does). Throws like NvmeNamespace.
  NvmeController(const NvmeConfig& config, vmm::GuestMemoryView& memory, NvmeInterrupts& interrupts, unsigned workers);
  ~NvmeController() override;
  // Supervisor thread: joins the workers; idempotent.
  void stop();

  // vCPU thread: BAR 0 below the MSI-X table (registers at 0, doorbells from 0x1000).
  void read(uint64_t offset, uint8_t* data, uint32_t size);
  void write(uint64_t offset, const uint8_t* data, uint32_t size);
  // vCPU thread: MSI-X was enabled or disabled, or INTx disable changed (INTA# is re-evaluated).
  void interrupt_mode_changed();
  // Synchronous driving (no workers): runs every command that can be fetched now.
  void process_pending();

  // VM snapshot (docs/vm-snapshots.md): registers, every queue, features, held Asynchronous Event
  // Requests and the error log. save_state: lock() held by the caller, who keeps it until guest RAM
  // is written; throws vmm::SnapshotError while a command is in flight. restore_state: into a
  // controller just built from the same config, guest RAM restored; checks everything before it
  // changes anything: false for garbled or out-of-range state, vmm::SnapshotError for a namespace
  // of another size or geometry than the snapshot's.
  std::mutex& lock() { return mu_; }
  uint32_t requests_in_flight() const { return inflight_; }
  void save_state(vmm::StateWriter& w) const;
  bool restore_state(vmm::StateReader& r);
  // The limits a snapshot must fit (queue count and size, namespace size and block size), saved
  // first so that check_limits names a mismatch before anything else is read.
  void save_limits(vmm::StateWriter& w) const;
  bool check_limits(vmm::StateReader& r) const;

  uint16_t max_queues() const { return max_queues_; }
  const virtio::BlkCounters& counters() const { return ns_.counters(); }
  // The I/O queue pairs a config gets: maxq within 1..255 (doorbells and the MSI-X table share BAR 0).
  static uint16_t queues_for(const NvmeConfig& c) { return c.max_queues < 1 ? 1 : c.max_queues > 255 ? 255 : c.max_queues; }
  static constexpr uint64_t doorbell_end(uint16_t max_queues) { return nvme::reg::kDoorbells + 8ull * (max_queues + 1); }

 private:
  struct Sq {
    bool valid = false, deleting = false;
    uint64_t base = 0;
    uint32_t size = 0, head = 0, tail = 0;
    uint16_t cqid = 0;
    uint32_t inflight = 0;
    uint64_t epoch = 0;
  };
  struct Cq {
    bool valid = false, ien = false, phase = true;
    uint64_t base = 0;
    uint32_t size = 0, head = 0, tail = 0;
    uint16_t vector = 0;
    uint32_t reserved = 0;     // entries promised to fetched, not yet completed commands
    uint32_t unsignalled = 0;  // entries posted since its last interrupt (coalescing)
    uint64_t oldest_ns = 0;    // when the first of them was posted
  };
  struct Fetched {
    uint16_t sqid, cqid, cid;
    uint64_t epoch;
  };
  struct Outcome {
    NvmeResult result;
    bool post = true;  // false: no completion now (Asynchronous Event Request)
  };
  using Lock = std::unique_lock<std::mutex>;

  uint32_t read32(uint32_t offset) const;
  void write32(uint32_t offset, uint32_t value);
  void write_cc(uint32_t value);
  void doorbell(uint32_t index, uint32_t value);
  void enable();
  void reset();
  void fatal(const char* why);
  int pick(bool claim, bool admin);
  // Fetches and starts every command it can (the admin queue's too when `admin`), on the calling
  // thread; posts what finished here as one batch.
  void service(Lock& lock, bool admin);
  void completed(backends::BlockBatch& batch) override;  // block-layer worker
  void complete(const Fetched& f, const NvmeResult& r);  // release() + post()
  void post(const Fetched& f, const NvmeResult& r);      // writes the entry; raise_pending() signals
  void release(const Fetched& f);
  void raise_pending();
  bool interrupt_due(const Cq& cq, uint64_t now_ns) const;
  // Completes held Asynchronous Event Requests with waiting events while the admin CQ has room.
  void deliver_events();
  void doorbell_error(uint16_t qid, uint8_t info);
  std::unique_ptr<NvmeRequest> take_request();
  void recycle(std::unique_ptr<NvmeRequest> r);
  void update_intx(bool force = false);
  bool cq_has_room(const Cq& cq) const;

  Outcome admin(const nvme::Command& cmd, Lock& lock);
  NvmeResult identify(const nvme::Command& cmd);
  NvmeResult create_cq(const nvme::Command& cmd);
  NvmeResult create_sq(const nvme::Command& cmd);
  NvmeResult delete_sq(const nvme::Command& cmd, Lock& lock);
  NvmeResult delete_cq(const nvme::Command& cmd);
  NvmeResult get_log_page(const nvme::Command& cmd);
  NvmeResult features(const nvme::Command& cmd, bool set);
  NvmeResult abort(const nvme::Command& cmd);

  NvmeConfig config_;
  vmm::GuestMemoryView& memory_;
  NvmeInterrupts& interrupts_;
  NvmeNamespace ns_;
  const uint16_t max_queues_;
  const uint32_t max_entries_;
  const uint32_t io_slots_;
  const uint64_t cap_;

  std::mutex mu_;  // all state below; lock order: before the interrupt components' locks
  std::condition_variable idle_cv_;
  uint32_t cc_ = 0, csts_ = 0, aqa_ = 0, intms_ = 0;
  uint64_t asq_ = 0, acq_ = 0;
  bool ready_ = false, halted_ = false, intx_level_ = false, admin_busy_ = false, stop_ = false;
  uint64_t generation_ = 0;  // bumped by every controller reset
  std::vector<Sq> sqs_;
  std::vector<Cq> cqs_;
  uint16_t granted_sqs_ = 0, granted_cqs_ = 0;
  uint32_t inflight_ = 0;
  nvme::AsyncEvents events_;
  std::vector<bool> no_coalescing_;  // per MSI-X vector: Interrupt Vector Configuration CD
  size_t next_queue_ = 0;            // round-robin arbitration (§4.13.1)
  std::array<uint32_t, nvme::feature::kLast + 1> features_{};
  std::bitset<256> raise_;                           // CQs with entries posted since their last interrupt
  std::bitset<256> sq_rung_;                         // SQs whose tail doorbell was written, not yet seen empty
  std::vector<std::unique_ptr<NvmeRequest>> spare_;  // finished requests kept for reuse (bounded)
  std::unique_ptr<backends::BlockRequestQueue> io_;  // null: synchronous (process_pending)
};

}  // namespace tshyve::devices::storage
