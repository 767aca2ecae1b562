// ATAPI CD-ROM: ATA commands a packet device accepts (ACS-3 §7.13 IDENTIFY PACKET DEVICE, §7.18 PACKET,
// DEVICE RESET) and the MMC-6 / SPC-4 commands inside the packet; errors are CHECK CONDITION with
// sense data (ERR in the status, the sense key in ERROR 7:4) that REQUEST SENSE returns.
#include "devices/storage/atapi_cdrom.h"

#include "vmm/snapshot_file.h"

#include <algorithm>
#include <cstring>

#include "devices/storage/ahci_spec.h"
#include "devices/storage/ata_spec.h"

namespace tshyve::devices::storage {

namespace {
constexpr uint8_t kGood = ata::kStatusDrdy | ata::kStatusDsc;
constexpr uint16_t kProfileCdrom = 0x0008;
constexpr uint8_t kInterruptReasonDone = 0x03;  // CoD | I/O: command complete (COUNT register)

void be16(std::vector<uint8_t>& v, size_t at, uint32_t x) { v[at] = static_cast<uint8_t>(x >> 8), v[at + 1] = static_cast<uint8_t>(x); }
void be32(std::vector<uint8_t>& v, size_t at, uint32_t x) { be16(v, at, x >> 16), be16(v, at + 2, x & 0xffff); }
uint32_t get16(const uint8_t* p) { return (p[0] << 8) | p[1]; }
uint32_t get32(const uint8_t* p) { return (static_cast<uint32_t>(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3]; }
void put_text(std::vector<uint8_t>& v, size_t at, size_t len, const std::string& s) {
  for (size_t i = 0; i < len; ++i) v[at + i] = i < s.size() ? static_cast<uint8_t>(s[i]) : ' ';
}
// A CD address as the READ TOC MSF form (MMC-6 §6.26.3.1: LBA 0 is 00:02:00).
void address(std::vector<uint8_t>& v, size_t at, uint32_t lba, bool msf) {
  if (!msf) return be32(v, at, lba);
  const uint32_t f = lba + 150;
  v[at] = 0;
  v[at + 1] = static_cast<uint8_t>(f / (75 * 60));
  v[at + 2] = static_cast<uint8_t>((f / 75) % 60);
  v[at + 3] = static_cast<uint8_t>(f % 75);
}
}  // namespace

AtapiCdrom::AtapiCdrom(const AhciDriveConfig& config)
    : config_(config), file_([&] {
        auto f = config.file;
        f.read_only = true;
        return f;
      }()) {
  blocks_ = file_.size() / scsi::kCdBlock;
  strings_.serial = config_.serial.empty() ? derived_serial(config_.file.path) : config_.serial;
  strings_.revision = config_.revision.empty() ? "001" : config_.revision;
  strings_.model = config_.model.empty() ? "BHYVE SATA DVD ROM" : config_.model;
}

uint32_t AtapiCdrom::signature() const { return ahci::kSignatureAtapi; }

AtaOutcome AtapiCdrom::execute(const AtaTaskfile& tf, const uint8_t* cdb, PrdTable& data) {
  AtaOutcome o;
  switch (tf.command) {
    case ata::kPacket: return packet(cdb, data);
    case ata::kIdentifyPacket: {
      const IdentifyPage page = identify_packet(strings_, udma_mode_);
      const uint64_t n = std::min<uint64_t>(sizeof page, data.capacity());
      if (!data.to_guest(0, page.data(), n)) return ata_abort();
      o.pio_in = true;
      o.bytes = n;
      return o;
    }
    case ata::kDeviceReset:
    case ata::kExecuteDiagnostic:
      sense_ = {};
      o.status = 0;
      o.error = 0x01;
      o.count = 1;
      o.lba = 0xeb1401;
      return o;
    case ata::kSetFeatures:
      if ((tf.features & 0xff) == 0x03 && ((tf.count & 0xff) >> 3) == 8) udma_mode_ = tf.count & 7;
      return o;
    case ata::kCheckPowerMode: o.count = 0xff; return o;
    case ata::kIdleImmediate:
    case ata::kStandbyImmediate:
    case ata::kNop: return o;
    default: {
      // IDENTIFY DEVICE and other ATA commands abort with the packet signature in the registers.
      o = ata_abort();
      o.count = 1;
      o.lba = 0xeb1401;
      return o;
    }
  }
}

AtaOutcome AtapiCdrom::good(PrdTable& data, const std::vector<uint8_t>& reply, uint32_t allocation) {
  const uint64_t n = std::min<uint64_t>({reply.size(), allocation, data.capacity()});
  if (n && !data.to_guest(0, reply.data(), n)) return check_condition(scsi::kSenseIllegalRequest, scsi::kAscInvalidField);
  sense_ = {};
  AtaOutcome o;
  o.status = kGood;
  o.bytes = n;
  o.count = kInterruptReasonDone;
  return o;
}

AtaOutcome AtapiCdrom::check_condition(uint8_t key, uint16_t asc) {
  sense_ = {key, asc};
  AtaOutcome o;
  o.status = ata::kStatusDrdy | ata::kStatusErr;
  o.error = static_cast<uint8_t>((key << 4) | ata::kErrorAbrt);
  o.count = kInterruptReasonDone;
  return o;
}

AtaOutcome AtapiCdrom::packet(const uint8_t* cdb, PrdTable& data) {
  const uint8_t op = cdb[0];
  const bool needs_medium = op == scsi::kTestUnitReady || op == scsi::kReadCapacity10 || op == scsi::kRead10 || op == scsi::kRead12 ||
                            op == scsi::kReadToc || op == scsi::kSeek10;
  if (needs_medium && !present_) return check_condition(scsi::kSenseNotReady, scsi::kAscMediumNotPresent);
  switch (op) {
    case scsi::kTestUnitReady: return good(data, {}, 0);
    case scsi::kRequestSense: {
      // SPC-4 §4.5.3 fixed format, current errors.
      std::vector<uint8_t> r(18, 0);
      Sense s = sense_;
      if (!s.key && !present_) s = {scsi::kSenseNotReady, scsi::kAscMediumNotPresent};
      r[0] = 0x70;
      r[2] = s.key;
      r[7] = 10;
      r[12] = static_cast<uint8_t>(s.asc >> 8);
      r[13] = static_cast<uint8_t>(s.asc);
      return good(data, r, cdb[4]);
    }
    case scsi::kInquiry:
      if (cdb[1] & 1) return check_condition(scsi::kSenseIllegalRequest, scsi::kAscInvalidField);  // no VPD pages
      return good(data, inquiry(), get16(cdb + 3));
    case scsi::kReadCapacity10: {
      std::vector<uint8_t> r(8, 0);
      be32(r, 0, static_cast<uint32_t>(std::min<uint64_t>(blocks_ ? blocks_ - 1 : 0, 0xffffffff)));
      be32(r, 4, scsi::kCdBlock);
      return good(data, r, 8);
    }
    case scsi::kRead10: return read_blocks(get32(cdb + 2), get16(cdb + 7), data);
    case scsi::kRead12: return read_blocks(get32(cdb + 2), get32(cdb + 6), data);
    case scsi::kModeSense6:
    case scsi::kModeSense10: {
      const bool ten = op == scsi::kModeSense10;
      const uint8_t pc = cdb[2] >> 6, page = cdb[2] & 0x3f;
      if (pc == 3) return check_condition(scsi::kSenseIllegalRequest, scsi::kAscSavingNotSupported);
      std::vector<uint8_t> body;
      for (uint8_t p : {uint8_t{0x01}, uint8_t{0x2a}}) {
        if (page != p && page != 0x3f) continue;
        auto b = mode_page(p, ten);
        if (pc == 1) std::fill(b.begin() + 2, b.end(), 0);  // changeable values: none
        body.insert(body.end(), b.begin(), b.end());
      }
      if (body.empty()) return check_condition(scsi::kSenseIllegalRequest, scsi::kAscInvalidField);
      const size_t header = ten ? 8 : 4;
      std::vector<uint8_t> r(header, 0);
      r.insert(r.end(), body.begin(), body.end());
      if (ten) {
        be16(r, 0, static_cast<uint32_t>(r.size() - 2));
        r[2] = present_ ? 0x01 : 0x70;  // 120 mm CD-ROM data / door closed, no disc
      } else {
        r[0] = static_cast<uint8_t>(r.size() - 1);
        r[1] = present_ ? 0x01 : 0x70;
      }
      return good(data, r, ten ? get16(cdb + 7) : cdb[4]);
    }
    case scsi::kGetConfiguration: return good(data, configuration(get16(cdb + 2), cdb[1] & 3), get16(cdb + 7));
    case scsi::kReadToc: {
      const uint8_t format = (cdb[2] & 0x0f) ? (cdb[2] & 0x0f) : (cdb[9] >> 6);
      if (format > 1 || (format == 0 && cdb[6] > 1 && cdb[6] != 0xaa))
        return check_condition(scsi::kSenseIllegalRequest, scsi::kAscInvalidField);
      auto r = toc(cdb[1] & 2, format);
      if (format == 0 && cdb[6] == 0xaa) r.erase(r.begin() + 4, r.begin() + 12);  // lead-out only
      if (format == 0 && cdb[6] == 0xaa) be16(r, 0, static_cast<uint32_t>(r.size() - 2));
      return good(data, r, get16(cdb + 7));
    }
    case scsi::kGetEventStatus:
      if (!(cdb[1] & 1)) return check_condition(scsi::kSenseIllegalRequest, scsi::kAscInvalidField);  // polled only
      if (!(cdb[4] & 0x10)) {
        std::vector<uint8_t> r{0, 2, 0x80, 0x10};  // no event available of the classes asked; media supported
        return good(data, r, get16(cdb + 7));
      }
      return good(data, event_status(), get16(cdb + 7));
    case scsi::kStartStopUnit: {
      const bool start = cdb[4] & 1, loej = cdb[4] & 2;
      if (loej && !start) {
        if (prevent_) return check_condition(scsi::kSenseIllegalRequest, scsi::kAscRemovalPrevented);
        if (present_) media_event_ = 3;
        present_ = false;
      } else if (loej && start && !present_) {
        present_ = true;
        media_event_ = 2;
      }
      return good(data, {}, 0);
    }
    case scsi::kPreventAllow: prevent_ = cdb[4] & 1; return good(data, {}, 0);
    case scsi::kMechanismStatus: {
      std::vector<uint8_t> r(8, 0);
      if (!present_) r[1] = 0x10;  // door open
      return good(data, r, get16(cdb + 8));
    }
    case scsi::kSeek10:
    case scsi::kSetCdSpeed:
    case scsi::kModeSelect6:
    case scsi::kModeSelect10: return good(data, {}, 0);
    default: return check_condition(scsi::kSenseIllegalRequest, scsi::kAscInvalidOpcode);
  }
}

AtaOutcome AtapiCdrom::read_blocks(uint64_t lba, uint64_t count, PrdTable& data) {
  if (lba > blocks_ || count > blocks_ - lba) return check_condition(scsi::kSenseIllegalRequest, scsi::kAscLbaOutOfRange);
  const uint64_t bytes = count * scsi::kCdBlock;
  if (!data.iovecs(true, 0, bytes, iov_)) return check_condition(scsi::kSenseIllegalRequest, scsi::kAscInvalidField);
  counters_.read_requests.add();
  if (bytes && file_.read(iov_.data(), static_cast<int>(iov_.size()), lba * scsi::kCdBlock) != 0) {
    counters_.errors.add();
    return check_condition(scsi::kSenseMediumError, 0x1100);  // unrecovered read error
  }
  counters_.read_bytes.add(bytes);
  sense_ = {};
  AtaOutcome o;
  o.bytes = bytes;
  o.count = kInterruptReasonDone;
  return o;
}

std::vector<uint8_t> AtapiCdrom::inquiry() const {
  std::vector<uint8_t> r(36, 0);
  r[0] = 0x05;  // CD/DVD device
  r[1] = 0x80;  // removable
  r[2] = 0x00;
  r[3] = 0x21;  // ATAPI transport version 2, response data format 1
  r[4] = 31;
  put_text(r, 8, 8, "BHYVE");
  put_text(r, 16, 16, strings_.model);
  put_text(r, 32, 4, strings_.revision);
  return r;
}

// MMC-6 §7.3 (read/write error recovery 0x01) and the legacy capabilities page 0x2A.
std::vector<uint8_t> AtapiCdrom::mode_page(uint8_t page, bool ten) const {
  if (page == 0x01) {
    std::vector<uint8_t> p(12, 0);
    p[0] = 0x01;
    p[1] = 10;
    return p;
  }
  std::vector<uint8_t> p(20, 0);
  p[0] = 0x2a;
  p[1] = 18;
  p[2] = 0x00;  // reads CD-ROM only
  p[4] = 0x71;  // audio play, composite, digital ports, multi-session
  p[5] = 0x00;
  p[6] = static_cast<uint8_t>(0x29 | (prevent_ ? 0x02 : 0));  // tray, eject, lock (+ locked)
  p[7] = 0x03;
  be16(p, 8, 706 * 8);   // maximum read speed (kB/s, obsolete field)
  be16(p, 10, 256);      // volume levels
  be16(p, 12, 512);      // buffer size (KiB)
  be16(p, 14, 706 * 8);  // current read speed
  return p;
}

std::vector<uint8_t> AtapiCdrom::configuration(uint16_t start, uint8_t rt) const {
  struct Feature {
    uint16_t code;
    bool current;
    std::vector<uint8_t> body;  // descriptor without its 4-byte header
    uint8_t version;
  };
  const bool cur = present_;
  std::vector<Feature> features{
      {0x0000, true, {0x00, 0x08, static_cast<uint8_t>(cur ? 1 : 0), 0}, 0},             // profile list: CD-ROM
      {0x0001, true, {0, 0, 0, 2, 0, 0, 0, 0}, 1},                                       // core: ATAPI
      {0x0003, true, {static_cast<uint8_t>(0x29 | (prevent_ ? 0x01 : 0)), 0, 0, 0}, 0},  // removable medium: tray, eject
      {0x0010, cur, {0, 0, 0x08, 0, 0, 1, 0, 0}, 0},                                     // random readable: 2048-byte blocks
  };
  std::vector<uint8_t> r(8, 0);
  for (const auto& f : features) {
    if (rt == 2 ? f.code != start : f.code < start) continue;
    if (rt == 1 && !f.current) continue;
    const size_t at = r.size();
    r.resize(at + 4);
    be16(r, at, f.code);
    r[at + 2] = static_cast<uint8_t>((f.version << 2) | (f.code <= 0x0001 ? 0x02 : 0) | (f.current ? 1 : 0));
    r[at + 3] = static_cast<uint8_t>(f.body.size());
    r.insert(r.end(), f.body.begin(), f.body.end());
  }
  be32(r, 0, static_cast<uint32_t>(r.size() - 4));
  be16(r, 6, cur ? kProfileCdrom : 0);
  return r;
}

// One data track (track 1 at LBA 0) and the lead-out (MMC-6 §6.26.3.2 format 0, §6.26.3.3 format 1).
std::vector<uint8_t> AtapiCdrom::toc(bool msf, uint8_t format) const {
  const uint32_t leadout = static_cast<uint32_t>(std::min<uint64_t>(blocks_, 0xffffffff));
  if (format == 1) {
    std::vector<uint8_t> r(12, 0);
    be16(r, 0, 10);
    r[2] = r[3] = 1;
    r[5] = 0x14;
    r[6] = 1;
    address(r, 8, 0, msf);
    return r;
  }
  std::vector<uint8_t> r(20, 0);
  be16(r, 0, 18);
  r[2] = r[3] = 1;
  r[5] = 0x14;  // ADR 1, data track
  r[6] = 1;
  address(r, 8, 0, msf);
  r[13] = 0x14;
  r[14] = 0xaa;
  address(r, 16, leadout, msf);
  return r;
}

// MMC-6 §6.8: the media event class (one event, consumed by reading it).
std::vector<uint8_t> AtapiCdrom::event_status() {
  std::vector<uint8_t> r(8, 0);
  be16(r, 0, 6);
  r[2] = 0x04;  // media class
  r[3] = 0x10;  // supported: media
  r[4] = media_event_;
  r[5] = present_ ? 0x02 : 0x01;  // media present / tray open
  media_event_ = 0;
  return r;
}

// Snapshot: u8 version, u64 blocks (compared), UDMA mode, medium present and locked, the pending
// media event and the sense data REQUEST SENSE returns next.
void AtapiCdrom::save_state(vmm::StateWriter& w) const {
  w.u8(1);
  w.u64(blocks_);
  w.u8(udma_mode_);
  w.boolean(present_);
  w.boolean(prevent_);
  w.u8(media_event_);
  w.u8(sense_.key);
  w.u16(sense_.asc);
}

bool AtapiCdrom::restore_state(vmm::StateReader& r, const std::string& name) {
  if (r.u8() != 1) return false;
  const uint64_t blocks = r.u64();
  const uint8_t udma = r.u8();
  const bool present = r.boolean(), prevent = r.boolean();
  const uint8_t event = r.u8();
  Sense sense;
  sense.key = r.u8();
  sense.asc = r.u16();
  if (!r.ok() || udma > 7 || (event != 0 && event != 2 && event != 3) || sense.key > 0xf) return false;
  if (blocks != blocks_)
    throw vmm::SnapshotError(name + ": the CD image has " + std::to_string(blocks_) + " blocks, the snapshot's had " +
                             std::to_string(blocks) + " (the image changed)");
  udma_mode_ = udma;
  present_ = present;
  prevent_ = prevent;
  media_event_ = event;
  sense_ = sense;
  return true;
}

}  // namespace tshyve::devices::storage
