// SATA disk command handling (ACS-3 §7): data through the PRD table straight between the image and
// guest RAM; a range past the end is IDNF, a failed transfer UNC, an unknown opcode ABRT.
#include "devices/storage/sata_disk.h"

#include <algorithm>
#include <cstring>

#include "devices/storage/ahci_spec.h"
#include "devices/storage/ata_spec.h"

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

}  // namespace tshyve::devices::storage
