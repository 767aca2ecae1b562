// What an AHCI port drives: a SATA device that executes one command (the taskfile of a Register
// H2D FIS, ATAPI's command packet, data through the PRD table) and reports the ending taskfile, or
// queues a native command queuing one (SATA 3.x §13.6) that ends later on the block layer's worker.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "devices/backends/block_request_queue.h"

#include "devices/storage/prd_table.h"
#include "devices/virtio/device_counters.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices::storage {

// The registers of a Register Host-to-Device FIS (SATA 3.x §10.5.5), LBA48 layout.
struct AtaTaskfile {
  uint8_t command = 0;
  uint16_t features = 0;  // FEATURES(15:8) from byte 11
  uint16_t count = 0;     // COUNT(15:8) from byte 13
  uint64_t lba = 0;       // 48 bits: bytes 4-6 and 8-10
  uint8_t device = 0;
  uint8_t control = 0;
  // LBA28 / 8-bit count forms of the same registers (device bits 3:0 are LBA 27:24).
  uint32_t lba28() const { return static_cast<uint32_t>((lba & 0xffffff) | (static_cast<uint64_t>(device & 0xf) << 24)); }
  uint32_t count8() const { return (count & 0xff) ? (count & 0xff) : 256; }
  uint32_t count16() const { return count ? count : 65536; }
};

// The ending taskfile (what the D2H Register FIS and PxTFD carry) and how the data moved.
struct AtaOutcome {
  uint8_t status = 0x50;  // DRDY | DSC
  uint8_t error = 0;
  uint64_t bytes = 0;   // transferred through the PRD table (PRDBC)
  bool pio_in = false;  // a PIO data-in command: a PIO Setup FIS precedes the D2H FIS
  uint16_t count = 0;   // registers returned in the D2H FIS (signature, CHECK POWER MODE, ...)
  uint64_t lba = 0;
  uint8_t device = 0;
};

// A queued command's transfer on its way through the block layer: which port, tag and port
// generation (a port reset in between drops the completion) it belongs to.
struct QueuedAtaRequest : backends::BlockRequest {
  uint32_t port = 0, tag = 0;
  uint64_t generation = 0;
  uint64_t lba = 0, count = 0;
  bool write = false;
};

enum class QueuedStart { kDone, kSubmitted, kWouldBlock };

class AtaDevice {
 public:
  virtual ~AtaDevice() = default;
  virtual uint32_t signature() const = 0;  // PxSIG after reset
  virtual bool atapi() const = 0;
  // The status a reset leaves (PxTFD.STS).
  virtual uint8_t reset_status() const { return 0x50; }
  virtual void reset() {}
  // Port worker (or tests), port lock held. `packet` is the 16-byte ATAPI command area.
  virtual AtaOutcome execute(const AtaTaskfile& tf, const uint8_t* packet, PrdTable& data) = 0;
  // vCPU thread, port lock held: the same command if it can finish without waiting for the disk
  // (true, `out` set); false if it would wait, having changed nothing the guest could rely on (a
  // read may have filled part of its buffer, which the retry on the worker fills again).
  virtual bool execute_now(const AtaTaskfile& tf, const uint8_t* packet, PrdTable& data, AtaOutcome& out) { return false; }
  // NCQ (port lock held). Whether `tf` is a READ/WRITE FPDMA QUEUED this device accepts.
  virtual bool queued(const AtaTaskfile& tf) const { return false; }
  // Starts queued command `id.tag`: kDone with `out` set (finished now, or refused), kSubmitted (it
  // ends through the block layer's sink, then finish_queued), kWouldBlock (nothing done; only
  // without `may_block`).
  virtual QueuedStart start_queued(const AtaTaskfile& tf, PrdTable& data, const QueuedAtaRequest& id, bool may_block, AtaOutcome& out) {
    out = AtaOutcome{};
    out.status = 0x51;
    out.error = 0x04;
    return QueuedStart::kDone;
  }
  // The ending taskfile of a submitted queued command; takes the request back for reuse.
  virtual AtaOutcome finish_queued(std::unique_ptr<QueuedAtaRequest> r) { return AtaOutcome{}; }
  // Setup thread: queued transfers that would wait go to workers reporting to `sink`; without
  // this they run to their end in start_queued (with `may_block`).
  virtual void enable_queue(backends::BlockCompletions& sink) {}
  // Supervisor thread, no port lock: finishes running transfers, joins the workers.
  virtual void stop_queue() {}
  // VM snapshot (port lock held): what the guest set (SET FEATURES, transfer mode), NCQ error log,
  // sense and medium state. restore_state changes nothing unless it returns true: false for garbled
  // bytes; vmm::SnapshotError, starting with `name`, for a medium of another size than the snapshot's.
  virtual void save_state(vmm::StateWriter& w) const = 0;
  virtual bool restore_state(vmm::StateReader& r, const std::string& name) = 0;
  // Any thread: the drive's I/O as VmStats reports every disk's (the port lock serialises bumps).
  const virtio::BlkCounters& counters() const { return counters_; }

 protected:
  virtio::BlkCounters counters_;
};

// Helpers for command handlers.
inline AtaOutcome ata_abort(uint8_t status = 0x51) {
  AtaOutcome o;
  o.status = status;
  o.error = 0x04;
  return o;
}

}  // namespace tshyve::devices::storage
