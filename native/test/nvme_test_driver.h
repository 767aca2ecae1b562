// The host driver side of an NVMe controller for native tests and the I/O bench (NVM Express 1.4
// §7.6.1 initialisation, §4 queues): fake guest RAM, admin and I/O queues, PRP lists, polling.
#pragma once
#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "devices/storage/nvme_pci.h"
#include "devices/storage/nvme_spec.h"
#include "vmm/guest_memory.h"
#include "vmm/interrupt_line.h"

namespace nvmedrv {

using namespace tshyve::devices::storage;
namespace nv = tshyve::devices::storage::nvme;

class CountingLine : public tshyve::vmm::InterruptLine {
 public:
  void set_level(bool high) override {
    level = high;
    if (high) ++raised;
  }
  // A worker posts the completion entry, then raises the line: a driver that saw the entry waits for the level.
  bool wait_for(bool want, int ms = 2000) const {
    for (int i = 0; i < ms && level != want; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return level == want;
  }
  std::atomic<bool> level{false};
  std::atomic<int> raised{0};
};

class Driver {
 public:
  static constexpr uint64_t kRam = 64ull << 20;
  static constexpr uint64_t kAdminSq = 0x10000, kAdminCq = 0x11000, kIoSq = 0x20000, kIoCq = 0x40000;
  static constexpr uint32_t kAdminEntries = 16;
  std::unique_ptr<tshyve::vmm::GuestMemory> mem = std::make_unique<tshyve::vmm::GuestMemory>();
  uint8_t* ram;
  std::shared_ptr<CountingLine> intx = std::make_shared<CountingLine>();
  std::shared_ptr<NvmePciFunction> fn;
  uint64_t heap = 0x100000;

  struct Queue {
    uint64_t sq = 0, cq = 0;
    uint32_t entries = 0, tail = 0, head = 0;
    bool phase = true;
    uint16_t cid = 0;
  };
  Queue queues[17];

  Driver() { ram = mem->add_anonymous(0, kRam); }
  void open(const NvmeConfig& c, unsigned workers = 2, tshyve::vmm::MsiRouter* router = nullptr) {
    NvmePciOptions o;
    o.router = router;
    o.intx = intx;
    o.workers = workers;
    fn = std::make_shared<NvmePciFunction>(c, *mem, o);
  }
  uint32_t r32(uint64_t off) {
    uint32_t v = 0;
    fn->mmio_read(0, off, reinterpret_cast<uint8_t*>(&v), 4);
    return v;
  }
  uint64_t r64(uint64_t off) {
    uint64_t v = 0;
    fn->mmio_read(0, off, reinterpret_cast<uint8_t*>(&v), 8);
    return v;
  }
  void w32(uint64_t off, uint32_t v) { fn->mmio_write(0, off, reinterpret_cast<uint8_t*>(&v), 4); }
  void w64(uint64_t off, uint64_t v) { fn->mmio_write(0, off, reinterpret_cast<uint8_t*>(&v), 8); }
  uint64_t alloc(uint64_t len, uint64_t align = 4096) {
    heap = (heap + align - 1) & ~(align - 1);
    uint64_t at = heap;
    heap += len;
    return at;
  }

  // §7.6.1: disable, program the admin queues, enable, wait for CSTS.RDY.
  bool enable(uint32_t cc_extra = 0) {
    w32(nv::reg::kCc, 0);
    w32(nv::reg::kAqa, (kAdminEntries - 1) << 16 | (kAdminEntries - 1));
    w64(nv::reg::kAsq, kAdminSq);
    w64(nv::reg::kAcq, kAdminCq);
    w32(nv::reg::kCc, nv::kCcEnable | nv::kCqEntryLog << 20 | nv::kSqEntryLog << 16 | cc_extra);
    queues[0] = Queue{kAdminSq, kAdminCq, kAdminEntries};
    std::memset(ram + kAdminCq, 0, kAdminEntries * 16);
    return r32(nv::reg::kCsts) & nv::kCstsReady;
  }

  // Puts `cmd` on queue `q` (cid assigned) and rings its doorbell; returns the cid.
  uint16_t submit(uint16_t q, nv::Command cmd, bool ring = true) {
    Queue& Q = queues[q];
    cmd.cid = Q.cid++;
    std::memcpy(ram + Q.sq + uint64_t{Q.tail} * 64, &cmd, 64);
    Q.tail = (Q.tail + 1) % Q.entries;
    if (ring) w32(nv::reg::kDoorbells + 8 * q, Q.tail);
    return cmd.cid;
  }
  void ring(uint16_t q) { w32(nv::reg::kDoorbells + 8 * q, queues[q].tail); }
  void ring_head(uint16_t q) { w32(nv::reg::kDoorbells + 8 * q + 4, queues[q].head); }
  // Consumes the next completion on queue `q`'s CQ if it is there now (the head doorbell not written).
  bool poll(uint16_t q, nv::Completion& out) {
    Queue& Q = queues[q];
    uint8_t* e = ram + Q.cq + uint64_t{Q.head} * 16;
    const uint16_t status = __atomic_load_n(reinterpret_cast<uint16_t*>(e + 14), __ATOMIC_ACQUIRE);
    if ((status & 1) != (Q.phase ? 1 : 0)) return false;
    std::memcpy(&out, e, 14);
    out.status = status;
    if (++Q.head == Q.entries) Q.head = 0, Q.phase = !Q.phase;
    return true;
  }
  // Waits (up to `ms`) for the next completion on queue `q`'s CQ and consumes it.
  bool reap(uint16_t q, nv::Completion& out, bool ring_head = true, int ms = 5000) {
    Queue& Q = queues[q];
    std::chrono::steady_clock::time_point until{};  // read the clock only once the entry is not there at once
    for (;;) {
      nv::Completion c;
      uint8_t* e = ram + Q.cq + uint64_t{Q.head} * 16;
      // The phase tag first (the device stores it last, with release): then the rest of the entry.
      const uint16_t status = __atomic_load_n(reinterpret_cast<uint16_t*>(e + 14), __ATOMIC_ACQUIRE);
      std::memcpy(&c, e, 14);
      c.status = status;
      if ((c.status & 1) == (Q.phase ? 1 : 0)) {
        out = c;
        if (++Q.head == Q.entries) Q.head = 0, Q.phase = !Q.phase;
        if (ring_head) w32(nv::reg::kDoorbells + 8 * q + 4, Q.head);
        return true;
      }
      if (until == std::chrono::steady_clock::time_point{})
        until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
      else if (std::chrono::steady_clock::now() > until)
        return false;
      std::this_thread::yield();
    }
  }
  // Submits and waits; returns the status (SCT << 8 | SC, without DNR), or 0xffff on timeout.
  uint16_t run(uint16_t q, const nv::Command& cmd, uint32_t* dw0 = nullptr) {
    submit(q, cmd);
    nv::Completion c;
    if (!reap(q, c)) return 0xffff;
    if (dw0) *dw0 = c.dw0;
    return static_cast<uint16_t>((c.status >> 1) & 0x3fff);
  }
  static nv::Command command(uint8_t opcode, uint32_t nsid = 0) {
    nv::Command c{};
    c.opcode = opcode;
    c.nsid = nsid;
    return c;
  }
  // Create I/O CQ then SQ `qid` with `entries` entries (interrupts enabled on the CQ).
  uint16_t create_queue_pair(uint16_t qid, uint32_t entries) {
    Queue& Q = queues[qid];
    Q = Queue{kIoSq + 0x10000ull * (qid - 1), kIoCq + 0x10000ull * (qid - 1), entries};
    std::memset(ram + Q.cq, 0, entries * 16);
    auto cq = command(nv::admin::kCreateCq);
    cq.prp1 = Q.cq;
    cq.cdw10 = (entries - 1) << 16 | qid;
    cq.cdw11 = 0x3;
    if (uint16_t s = run(0, cq)) return s;
    auto sq = command(nv::admin::kCreateSq);
    sq.prp1 = Q.sq;
    sq.cdw10 = (entries - 1) << 16 | qid;
    sq.cdw11 = static_cast<uint32_t>(qid) << 16 | 1;
    return run(0, sq);
  }
  // PRP1/PRP2 for a buffer of `len` bytes at `gpa` (page aligned after the first page), building
  // a PRP list in fresh RAM when it spans more than two pages.
  void prps(nv::Command& c, uint64_t gpa, uint64_t len) {
    c.prp1 = gpa;
    const uint64_t first = 4096 - gpa % 4096;
    if (len <= first) return;
    if (len <= first + 4096) {
      c.prp2 = gpa + first;
      return;
    }
    const uint64_t pages = (len - first + 4095) / 4096;
    uint64_t list = alloc(8 * (pages + pages / 511 + 1));
    c.prp2 = list;
    uint64_t at = list;
    for (uint64_t i = 0; i < pages; ++i) {
      if ((at % 4096) == 4088 && i + 1 < pages) {  // last slot of a list page: chain
        uint64_t next = alloc(8 * (pages - i + 1));
        std::memcpy(ram + at, &next, 8);
        at = next;
      }
      uint64_t page = gpa + first + 4096 * i;
      std::memcpy(ram + at, &page, 8);
      at += 8;
    }
  }
  nv::Command rw(bool write, uint64_t slba, uint32_t blocks, uint64_t gpa, uint32_t block_size = 512) {
    auto c = command(write ? nv::io::kWrite : nv::io::kRead, 1);
    c.cdw10 = static_cast<uint32_t>(slba);
    c.cdw11 = static_cast<uint32_t>(slba >> 32);
    c.cdw12 = blocks - 1;
    prps(c, gpa, uint64_t{blocks} * block_size);
    return c;
  }
};

}  // namespace nvmedrv
