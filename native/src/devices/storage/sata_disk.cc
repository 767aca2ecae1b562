// SATA disk command handling (ACS-3 §7): data through the PRD table straight between the image and
// guest RAM; a range past the end is IDNF, a failed transfer UNC, an unknown opcode ABRT. Queued
// commands (SATA 3.x §13.6: FPDMA QUEUED, count in FEATURES, tag in COUNT 7:3) go through the shared
// block layer; after a queued error every queued command aborts until log page 10h is read (§13.6.4).
#include "devices/storage/sata_disk.h"

#include <algorithm>
#include <cstring>

#include "devices/storage/ahci_spec.h"
#include "devices/storage/ata_spec.h"
#include "vmm/snapshot_file.h"

namespace tshyve::devices::storage {

namespace {
constexpr uint8_t kErr = ata::kStatusDrdy | ata::kStatusErr;
AtaOutcome error(uint8_t code) {
  AtaOutcome o;
  o.status = kErr;
  o.error = code;
  return o;
}
constexpr uint32_t kDsmBlock = 512;  // one block of 64 LBA range entries
constexpr uint32_t kLogPage = 512;
constexpr unsigned kQueueWorkers = 2;  // our choice: per disk; overlap for depth 16 on a small host
// ACS-3 §A.1.1: a log page ends in a checksum byte making the sum of its 512 bytes 0.
void seal_log_page(uint8_t* page) {
  uint8_t sum = 0;
  for (uint32_t i = 0; i + 1 < kLogPage; ++i) sum = static_cast<uint8_t>(sum + page[i]);
  page[kLogPage - 1] = static_cast<uint8_t>(-sum);
}
}  // namespace

SataDisk::SataDisk(const AhciDriveConfig& config) : config_(config), file_(config.file) {
  sector_size_ = std::max<uint32_t>(config_.logical_sector_size, 512);
  sectors_ = file_.size() / sector_size_;
  identity_.strings.serial = config_.serial.empty() ? derived_serial(config_.file.path) : config_.serial;
  identity_.strings.revision = config_.revision.empty() ? "001" : config_.revision;
  identity_.strings.model = config_.model.empty() ? "BHYVE SATA DISK" : config_.model;
  identity_.sectors = sectors_;
  identity_.logical_sector_size = sector_size_;
  identity_.physical_sector_size = std::max(config_.physical_sector_size, sector_size_);
  identity_.trim = !config_.nodelete && !file_.read_only();
  identity_.rotation_rate = config_.rotation_rate;
  identity_.ncq_depth = ata::kNcqDepth;
}

void SataDisk::reset() {
  ncq_error_ = false;
  ncq_log_.fill(0);
}

uint32_t SataDisk::signature() const { return ahci::kSignatureAta; }

AtaOutcome SataDisk::execute(const AtaTaskfile& tf, const uint8_t* packet, PrdTable& data) {
  switch (tf.command) {
    case ata::kIdentify: {
      const IdentifyPage page = identify_disk(identity_);
      AtaOutcome o;
      o.pio_in = true;
      const uint64_t n = std::min<uint64_t>(sizeof page, data.capacity());
      if (!data.to_guest(0, page.data(), n)) return error(ata::kErrorAbrt);
      o.bytes = n;
      return o;
    }
    case ata::kReadDmaExt:
    case ata::kReadSectorsExt: {
      AtaOutcome o = read_write(false, tf.lba, tf.count16(), data);
      o.pio_in = tf.command == ata::kReadSectorsExt && !(o.status & ata::kStatusErr);
      return o;
    }
    case ata::kWriteDmaExt:
    case ata::kWriteSectorsExt: return read_write(true, tf.lba, tf.count16(), data);
    case ata::kReadDma:
    case ata::kReadSectors: {
      AtaOutcome o = read_write(false, tf.lba28(), tf.count8(), data);
      o.pio_in = tf.command == ata::kReadSectors && !(o.status & ata::kStatusErr);
      return o;
    }
    case ata::kWriteDma:
    case ata::kWriteSectors: return read_write(true, tf.lba28(), tf.count8(), data);
    case ata::kFlushCache:
    case ata::kFlushCacheExt:
      counters_.flush_requests.add();
      if (!file_.read_only() && file_.flush() != 0) return counters_.errors.add(), error(ata::kErrorAbrt);
      return AtaOutcome{};
    case ata::kDataSetManagement: return trim(tf, data);
    case ata::kReadLogExt: return read_log(tf, data);
    case ata::kSetFeatures: return set_features(tf);
    case ata::kReadVerify:
    case ata::kReadVerifyExt: {
      const bool ext = tf.command == ata::kReadVerifyExt;
      const uint64_t lba = ext ? tf.lba : tf.lba28(), count = ext ? tf.count16() : tf.count8();
      if (lba > sectors_ || count > sectors_ - lba) return error(ata::kErrorIdnf);
      return AtaOutcome{};
    }
    case ata::kCheckPowerMode: {
      AtaOutcome o;
      o.count = 0xff;  // active or idle
      return o;
    }
    case ata::kInitializeParameters:
    case ata::kSetMultiple:
    case ata::kSeek:
    case ata::kStandbyImmediate:
    case ata::kIdleImmediate:
    case ata::kStandby:
    case ata::kIdle:
    case ata::kSleep:
    case ata::kSecurityFreezeLock: return AtaOutcome{};
    case ata::kExecuteDiagnostic: {
      AtaOutcome o;
      o.error = 0x01;  // device 0 passed
      o.count = 1;
      o.lba = 0;
      return o;
    }
    default: {
      // IDENTIFY PACKET DEVICE and PACKET on a disk abort with the ATA signature in the registers.
      AtaOutcome o = error(ata::kErrorAbrt);
      o.count = 1;
      o.lba = 1;
      return o;
    }
  }
}

// Data commands go through the shared block layer's inline attempt; everything else a disk does
// here needs no disk I/O but FLUSH and TRIM, which wait for the worker.
bool SataDisk::execute_now(const AtaTaskfile& tf, const uint8_t* packet, PrdTable& data, AtaOutcome& out) {
  switch (tf.command) {
    case ata::kReadDmaExt:
    case ata::kReadSectorsExt:
    case ata::kReadDma:
    case ata::kReadSectors: {
      const bool ext = tf.command == ata::kReadDmaExt || tf.command == ata::kReadSectorsExt;
      if (!read_write(false, ext ? tf.lba : tf.lba28(), ext ? tf.count16() : tf.count8(), data, false, out)) return false;
      out.pio_in = (tf.command == ata::kReadSectorsExt || tf.command == ata::kReadSectors) && !(out.status & ata::kStatusErr);
      return true;
    }
    case ata::kWriteDmaExt:
    case ata::kWriteSectorsExt: return read_write(true, tf.lba, tf.count16(), data, false, out);
    case ata::kWriteDma:
    case ata::kWriteSectors: return read_write(true, tf.lba28(), tf.count8(), data, false, out);
    case ata::kFlushCache:
    case ata::kFlushCacheExt:
    case ata::kDataSetManagement: return false;
    default: out = execute(tf, packet, data); return true;
  }
}

bool SataDisk::read_write(bool write, uint64_t lba, uint64_t count, PrdTable& data, bool may_block, AtaOutcome& out) {
  if (lba > sectors_ || count > sectors_ - lba) return out = error(ata::kErrorIdnf), true;
  if (write && file_.read_only()) return out = error(ata::kErrorAbrt), true;
  const uint64_t bytes = count * sector_size_;
  if (!data.iovecs(!write, 0, bytes, request_.iov)) return out = error(ata::kErrorAbrt), true;  // PRDs too short or outside RAM
  request_.op = write ? backends::BlockRequest::Op::kWrite : backends::BlockRequest::Op::kRead;
  request_.offset = lba * sector_size_;
  if (may_block)
    backends::run_blocking(file_, request_);
  else if (!backends::try_without_blocking(file_, request_))
    return false;
  (write ? counters_.write_requests : counters_.read_requests).add();
  if (request_.result != 0) {
    counters_.errors.add();
    return out = error(ata::kErrorUnc), true;
  }
  (write ? counters_.write_bytes : counters_.read_bytes).add(bytes);
  out = AtaOutcome{};
  out.bytes = bytes;
  return true;
}

// ACS-3 §7.5: FEATURES bit 0 TRIM; COUNT 512-byte blocks of 8-byte entries (LBA 47:0, length 63:48).
AtaOutcome SataDisk::trim(const AtaTaskfile& tf, PrdTable& data) {
  counters_.discard_requests.add();
  if (!(tf.features & ata::kDsmTrim) || config_.nodelete || file_.read_only()) return counters_.errors.add(), error(ata::kErrorAbrt);
  const uint32_t blocks = tf.count ? tf.count : 1;
  if (blocks > 1) return error(ata::kErrorAbrt);  // IDENTIFY word 105 promises one block
  uint64_t entries[kDsmBlock / 8];
  if (!data.from_guest(0, entries, sizeof entries)) return error(ata::kErrorAbrt);
  for (uint64_t e : entries) {
    const uint64_t lba = e & 0xffffffffffffull, len = e >> 48;
    if (len == 0) continue;
    if (lba > sectors_ || len > sectors_ - lba) return error(ata::kErrorIdnf);
    if (file_.discard(lba * sector_size_, len * sector_size_) != 0) return counters_.errors.add(), error(ata::kErrorAbrt);
  }
  AtaOutcome o;
  o.bytes = sizeof entries;
  return o;
}

// ACS-3 §7.24 READ LOG EXT (PIO data-in): LBA 7:0 the log, 15:8 the first page, COUNT the pages.
// The directory lists the one log kept, the NCQ command error log (SATA 3.x §13.7.4).
AtaOutcome SataDisk::read_log(const AtaTaskfile& tf, PrdTable& data) {
  const uint8_t log = static_cast<uint8_t>(tf.lba);
  const uint64_t first = (tf.lba >> 8) & 0xff;
  if (tf.count != 1 || first != 0 || (log != ata::kLogDirectory && log != ata::kLogNcqError)) return error(ata::kErrorAbrt);
  std::array<uint8_t, kLogPage> page{};
  if (log == ata::kLogDirectory) {
    page[0] = 0x01;                   // version 1
    page[2 * ata::kLogNcqError] = 1;  // one page
  } else {
    page = ncq_log_;
    ncq_error_ = false;  // read: queued commands are accepted again
  }
  seal_log_page(page.data());
  if (!data.to_guest(0, page.data(), page.size())) return error(ata::kErrorAbrt);
  AtaOutcome o;
  o.pio_in = true;
  o.bytes = page.size();
  return o;
}

bool SataDisk::queued(const AtaTaskfile& tf) const { return tf.command == ata::kReadFpdmaQueued || tf.command == ata::kWriteFpdmaQueued; }

QueuedStart SataDisk::start_queued(const AtaTaskfile& tf, PrdTable& data, const QueuedAtaRequest& id, bool may_block, AtaOutcome& out) {
  if (ncq_error_) return out = error(ata::kErrorAbrt), QueuedStart::kDone;  // the log records the first error only
  std::unique_ptr<QueuedAtaRequest> r = take_request();
  r->port = id.port, r->tag = id.tag, r->generation = id.generation;
  r->write = tf.command == ata::kWriteFpdmaQueued;
  r->lba = tf.lba;
  r->count = tf.features ? tf.features : 65536;
  uint8_t refused = 0;
  if (r->lba > sectors_ || r->count > sectors_ - r->lba)
    refused = ata::kErrorIdnf;
  else if ((r->write && file_.read_only()) || !data.iovecs(!r->write, 0, r->count * sector_size_, r->iov))
    refused = ata::kErrorAbrt;  // read-only image, PRDs too short or outside RAM
  if (refused) {
    out = queued_error(*r, refused);
    recycle(std::move(r));
    return QueuedStart::kDone;
  }
  r->op = r->write ? backends::BlockRequest::Op::kWrite : backends::BlockRequest::Op::kRead;
  r->offset = r->lba * sector_size_;
  r->result = 0;
  if (!backends::try_without_blocking(file_, *r)) {
    if (queue_) {
      std::unique_ptr<backends::BlockRequest> q(std::move(r));
      if (queue_->submit(q)) return QueuedStart::kSubmitted;
      r.reset(static_cast<QueuedAtaRequest*>(q.release()));  // full (stale requests of a reset port) or stopped
    }
    if (!may_block) {
      recycle(std::move(r));
      return QueuedStart::kWouldBlock;
    }
    backends::run_blocking(file_, *r);
  }
  out = finish_queued(std::move(r));
  return QueuedStart::kDone;
}

AtaOutcome SataDisk::finish_queued(std::unique_ptr<QueuedAtaRequest> r) {
  (r->write ? counters_.write_requests : counters_.read_requests).add();
  AtaOutcome o;
  if (r->result != 0) {
    counters_.errors.add();
    o = queued_error(*r, ata::kErrorUnc);
  } else {
    o.bytes = r->count * sector_size_;
    (r->write ? counters_.write_bytes : counters_.read_bytes).add(o.bytes);
  }
  recycle(std::move(r));
  return o;
}

// SATA 3.x §13.7.4: tag (NQ clear), status, error and the command's LBA and count.
AtaOutcome SataDisk::queued_error(const QueuedAtaRequest& r, uint8_t code) {
  AtaOutcome o = error(code);
  ncq_error_ = true;
  ncq_log_.fill(0);
  ncq_log_[0] = static_cast<uint8_t>(r.tag & 0x1f);
  ncq_log_[2] = o.status;
  ncq_log_[3] = code;
  for (int i = 0; i < 3; ++i) {
    ncq_log_[4 + i] = static_cast<uint8_t>(r.lba >> (8 * i));
    ncq_log_[8 + i] = static_cast<uint8_t>(r.lba >> (24 + 8 * i));
  }
  ncq_log_[7] = ata::kDeviceLba;
  ncq_log_[12] = static_cast<uint8_t>(r.count);
  ncq_log_[13] = static_cast<uint8_t>(r.count >> 8);
  return o;
}

std::unique_ptr<QueuedAtaRequest> SataDisk::take_request() {
  if (spare_.empty()) return std::make_unique<QueuedAtaRequest>();
  auto r = std::move(spare_.back());
  spare_.pop_back();
  return r;
}

void SataDisk::recycle(std::unique_ptr<QueuedAtaRequest> r) {
  if (spare_.size() < ata::kNcqDepth && r->iov.capacity() <= 64) spare_.push_back(std::move(r));
}

void SataDisk::enable_queue(backends::BlockCompletions& sink) {
  queue_ = std::make_unique<backends::BlockRequestQueue>(file_, sink, kQueueWorkers, ata::kNcqDepth, "ahci-ncq-worker");
}

void SataDisk::stop_queue() {
  if (queue_) queue_->stop();
}

AtaOutcome SataDisk::set_features(const AtaTaskfile& tf) {
  switch (tf.features & 0xff) {
    case 0x02: identity_.write_cache = true; return AtaOutcome{};
    case 0x82: identity_.write_cache = false; return AtaOutcome{};
    case 0x03: {  // transfer mode: COUNT 7:3 = mode class, 2:0 = mode
      const uint8_t mode = tf.count & 0xff;
      if ((mode >> 3) == 8) identity_.udma_mode = mode & 7;
      return AtaOutcome{};
    }
    case 0x10:  // enable / disable SATA features
    case 0x90:
    case 0xaa:  // read look-ahead
    case 0x55:
    case 0x66:  // power-on defaults
    case 0xcc: return AtaOutcome{};
    default: return error(ata::kErrorAbrt);
  }
}

// Snapshot: u8 version, u64 sectors and u32 sector size (compared), write cache, UDMA mode, the
// NCQ error flag and log page 10h.
void SataDisk::save_state(vmm::StateWriter& w) const {
  w.u8(1);
  w.u64(sectors_);
  w.u32(sector_size_);
  w.boolean(identity_.write_cache);
  w.u8(identity_.udma_mode);
  w.boolean(ncq_error_);
  w.bytes(ncq_log_.data(), ncq_log_.size());
}

bool SataDisk::restore_state(vmm::StateReader& r, const std::string& name) {
  if (r.u8() != 1) return false;
  const uint64_t sectors = r.u64();
  const uint32_t sector_size = r.u32();
  const bool write_cache = r.boolean();
  const uint8_t udma = r.u8();
  const bool ncq_error = r.boolean();
  std::array<uint8_t, kLogPage> log{};
  if (!r.bytes(log.data(), log.size()) || udma > 7) return false;
  if (sectors != sectors_ || sector_size != sector_size_)
    throw vmm::SnapshotError(name + ": the disk has " + std::to_string(sectors_) + " sectors of " + std::to_string(sector_size_) +
                             " bytes, the snapshot's had " + std::to_string(sectors) + " of " + std::to_string(sector_size) +
                             " (the disk changed)");
  identity_.write_cache = write_cache;
  identity_.udma_mode = udma;
  ncq_error_ = ncq_error;
  ncq_log_ = log;
  return true;
}

}  // namespace tshyve::devices::storage
