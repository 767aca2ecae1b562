// AHCI port register semantics (AHCI 1.3.1 §3.3) and non-queued command processing (§5.3, §5.5):
// command header (§4.2.2), command table and PRDT (§4.2.3), received FIS area (§4.2.1), error
// recovery by clearing PxCMD.ST (§6.2.2.1), COMRESET through PxSCTL.DET (§10.4.2); native command
// queuing (§5.3.10, §8: tag = slot, PxSACT, Set Device Bits FIS at 0x58, NCQ errors as §6.2.2.2).
#include "devices/storage/ahci_port.h"

#include <cstring>
#include <vector>

#include "devices/storage/ahci_spec.h"
#include "devices/storage/ata_spec.h"
#include "vmm/log.h"
#include "vmm/snapshot_file.h"

namespace tshyve::devices::storage {

using namespace ahci;

namespace {
uint32_t low(uint64_t v) { return static_cast<uint32_t>(v); }
uint32_t high(uint64_t v) { return static_cast<uint32_t>(v >> 32); }
void set_low(uint64_t& v, uint32_t x) { v = (v & ~0xffffffffull) | x; }
void set_high(uint64_t& v, uint32_t x) { v = (v & 0xffffffffull) | (static_cast<uint64_t>(x) << 32); }
void fill_regs(uint8_t* fis, const AtaOutcome& o) {
  fis[2] = o.status;
  fis[3] = o.error;
  fis[4] = static_cast<uint8_t>(o.lba);
  fis[5] = static_cast<uint8_t>(o.lba >> 8);
  fis[6] = static_cast<uint8_t>(o.lba >> 16);
  fis[7] = o.device;
  fis[8] = static_cast<uint8_t>(o.lba >> 24);
  fis[9] = static_cast<uint8_t>(o.lba >> 32);
  fis[10] = static_cast<uint8_t>(o.lba >> 40);
  fis[12] = static_cast<uint8_t>(o.count);
  fis[13] = static_cast<uint8_t>(o.count >> 8);
}
AtaTaskfile taskfile(const uint8_t* f) {
  AtaTaskfile t;
  t.command = f[2];
  t.features = static_cast<uint16_t>(f[3] | (f[11] << 8));
  t.lba = static_cast<uint64_t>(f[4]) | (static_cast<uint64_t>(f[5]) << 8) | (static_cast<uint64_t>(f[6]) << 16) |
          (static_cast<uint64_t>(f[8]) << 24) | (static_cast<uint64_t>(f[9]) << 32) | (static_cast<uint64_t>(f[10]) << 40);
  t.device = f[7];
  t.count = static_cast<uint16_t>(f[12] | (f[13] << 8));
  t.control = f[15];
  return t;
}
}  // namespace

AhciPort::AhciPort(std::unique_ptr<AtaDevice> device, vmm::GuestMemoryView& memory, uint32_t index)
    : device_(std::move(device)), memory_(memory), index_(index) {
  reset();
}

void AhciPort::reset() {
  clb_ = fb_ = 0;
  is_ = ie_ = serr_ = sact_ = ci_ = sntf_ = sctl_ = 0;
  cmd_ = kCmdSud | kCmdPod;  // no staggered spin-up, no cold presence detection: both read 1
  stopped_ = false;
  abandon_queued();
  device_->reset();
  comreset_done();
}

void AhciPort::abandon_queued() {
  ++generation_;
  outstanding_ = sdb_completed_ = 0;
}

// The device answered the reset: link up, its signature and ready status in the task file.
void AhciPort::comreset_done() {
  ssts_ = kSstsPresent;
  sig_ = device_->signature();
  tfd_ = device_->reset_status();
}

uint32_t AhciPort::read(uint32_t reg) const {
  switch (reg) {
    case kPxClb: return low(clb_);
    case kPxClbu: return high(clb_);
    case kPxFb: return low(fb_);
    case kPxFbu: return high(fb_);
    case kPxIs: return is_;
    case kPxIe: return ie_;
    case kPxCmd: return cmd_;
    case kPxTfd: return tfd_;
    case kPxSig: return sig_;
    case kPxSsts: return ssts_;
    case kPxSctl: return sctl_;
    case kPxSerr: return serr_;
    case kPxSact: return sact_;
    case kPxCi: return ci_;
    case kPxSntf: return sntf_;
    default: return 0;  // FBS, DEVSLP, vendor: not implemented, read as 0
  }
}

void AhciPort::write(uint32_t reg, uint32_t v) {
  switch (reg) {
    case kPxClb: set_low(clb_, v & ~0x3ffu); break;  // 1 KiB aligned
    case kPxClbu: set_high(clb_, v); break;
    case kPxFb: set_low(fb_, v & ~0xffu); break;  // 256-byte aligned
    case kPxFbu: set_high(fb_, v); break;
    case kPxIs: is_ &= ~v; break;
    case kPxIe: ie_ = v & kIeValid; break;
    case kPxCmd: {
      const uint32_t was = cmd_;
      cmd_ = (cmd_ & ~kCmdWritable) | (v & kCmdWritable);
      if ((cmd_ & kCmdFre) && !(was & kCmdFre)) {
        cmd_ |= kCmdFr;
        post_signature();
      } else if (!(cmd_ & kCmdFre)) {
        cmd_ &= ~kCmdFr;
      }
      if ((cmd_ & kCmdSt) && !(was & kCmdSt)) {
        cmd_ |= kCmdCr;
        stopped_ = false;
      } else if (!(cmd_ & kCmdSt)) {
        ci_ = sact_ = 0;
        stopped_ = false;
        abandon_queued();
        cmd_ &= ~(0x1fu << kCmdCcsShift);
        if (!in_flight_) cmd_ &= ~kCmdCr;  // else once the abandoned transfers stop touching guest RAM
      }
      if (cmd_ & kCmdClo) {
        tfd_ &= ~static_cast<uint32_t>(ata::kStatusBsy | ata::kStatusDrq);
        cmd_ &= ~kCmdClo;
      }
      break;
    }
    case kPxSctl: {
      const uint32_t was = sctl_ & kSctlDetMask;
      sctl_ = v & 0xfff;
      const uint32_t det = sctl_ & kSctlDetMask;
      if (det == kSctlDetReset) {
        ssts_ = 0;  // COMRESET on the wire: no device communication
        tfd_ = ata::kStatusBsy;
        abandon_queued();
      } else if (was == kSctlDetReset && det == 0) {
        device_->reset();
        comreset_done();
        if (cmd_ & kCmdFr) post_signature();
      }
      break;
    }
    case kPxSerr: serr_ &= ~v; break;
    case kPxSact:
      if (cmd_ & kCmdSt) sact_ |= v;
      break;
    case kPxCi:
      if (cmd_ & kCmdSt) ci_ |= v;
      break;
    case kPxSntf: sntf_ &= ~v; break;
    default: break;
  }
}

bool AhciPort::runnable() const { return (cmd_ & kCmdSt) && !stopped_ && ci_; }

bool AhciPort::write_fis(uint32_t offset, const uint8_t* fis, uint32_t len) {
  if (!(cmd_ & kCmdFr)) return true;  // FIS receive off: the HBA drops it
  return memory_.write(fb_ + offset, fis, len);
}

// The Register D2H FIS a device sends after reset: signature in the LBA and count fields.
void AhciPort::post_signature() {
  AtaOutcome o;
  o.status = static_cast<uint8_t>(tfd_);
  o.error = 1;
  o.count = static_cast<uint16_t>(sig_ & 0xff);
  o.lba = sig_ >> 8;
  uint8_t fis[20] = {kFisRegD2h};
  fill_regs(fis, o);
  if (!write_fis(kRfisRfis, fis, sizeof fis))
    vmm::guest_log("ahci port %u: received-FIS area 0x%llx is outside RAM", index_, static_cast<unsigned long long>(fb_));
}

void AhciPort::post_d2h(const AtaOutcome& o, bool& fault, bool interrupt) {
  uint8_t fis[20] = {kFisRegD2h, static_cast<uint8_t>(interrupt ? kFisInterruptBit : 0)};
  fill_regs(fis, o);
  if (!write_fis(kRfisRfis, fis, sizeof fis)) fault = true;
  if (interrupt) is_ |= kIsDhrs;
}

void AhciPort::post_pio_setup(const AtaOutcome& o, bool& fault) {
  uint8_t fis[20] = {kFisPioSetup, 0x60};  // D: device to host, I: interrupt
  fill_regs(fis, o);
  fis[15] = o.status;  // E_Status: the status once the transfer ends
  fis[16] = static_cast<uint8_t>(o.bytes);
  fis[17] = static_cast<uint8_t>(o.bytes >> 8);
  if (!write_fis(kRfisPsfis, fis, sizeof fis)) fault = true;
  is_ |= kIsPss;
}

bool AhciPort::run(bool may_block) {
  bool ran = false;
  for (uint32_t slot = 0; slot < 32 && runnable(); ++slot) {
    if (!(ci_ & (1u << slot))) continue;
    cmd_ = (cmd_ & ~(0x1fu << kCmdCcsShift)) | (slot << kCmdCcsShift);
    const Slot r = run_slot(slot, may_block);
    if (r == Slot::kWouldBlock) break;
    ++commands_;
    ran = true;
    if (r == Slot::kDone) {
      ci_ &= ~(1u << slot);
      sact_ &= ~(1u << slot);
      continue;
    }
    if (r == Slot::kQueued) {  // accepted (or already ended): PxSACT tracks it from here
      ci_ &= ~(1u << slot);
      continue;
    }
    stopped_ = true;  // CI keeps the failed slot; software restarts the port (§6.2.2.1)
    if (r == Slot::kHostBusError) {
      is_ |= kIsHbfs;
      tfd_ = (ata::kErrorAbrt << 8) | ata::kStatusDrdy | ata::kStatusErr;
    } else {
      is_ |= kIsTfes;
    }
  }
  post_completed();
  return ran;
}

AhciPort::Slot AhciPort::run_slot(uint32_t slot, bool may_block) {
  uint32_t header[8];
  const uint64_t at = clb_ + slot * kHeaderBytes;
  if (!memory_.read(at, header, sizeof header)) {
    vmm::guest_log("ahci port %u: command list 0x%llx is outside RAM", index_, static_cast<unsigned long long>(clb_));
    return Slot::kHostBusError;
  }
  const uint32_t dw0 = header[0];
  const uint64_t table = ((static_cast<uint64_t>(header[3]) << 32) | header[2]) & ~0x7full;
  uint8_t cfis[64], acmd[16];
  if (!memory_.read(table + kTableCfis, cfis, sizeof cfis) || !memory_.read(table + kTableAcmd, acmd, sizeof acmd)) {
    vmm::guest_log("ahci port %u slot %u: command table 0x%llx is outside RAM", index_, slot, static_cast<unsigned long long>(table));
    return Slot::kHostBusError;
  }
  std::vector<PrdTable::Region> regions;
  if (!PrdTable::load(memory_, table + kTablePrdt, dw0 >> 16, regions)) {
    vmm::guest_log("ahci port %u slot %u: PRD table of %u entries is outside RAM", index_, slot, dw0 >> 16);
    return Slot::kHostBusError;
  }
  if (cfis[0] != kFisRegH2d) {
    vmm::guest_log("ahci port %u slot %u: FIS type 0x%02x is not a Register H2D FIS", index_, slot, cfis[0]);
    tfd_ = (ata::kErrorAbrt << 8) | ata::kStatusDrdy | ata::kStatusErr;
    return Slot::kDeviceError;
  }
  const AtaTaskfile tf = taskfile(cfis);
  bool fault = false;
  if (!(cfis[1] & kFisCommandBit)) {
    // Device control FIS: SRST asserted, then released (the device then sends its signature).
    if (!(tf.control & kControlSrst)) {
      abandon_queued();
      device_->reset();
      comreset_done();
      post_signature();
      is_ |= kIsDhrs;
    } else {
      tfd_ = ata::kStatusBsy;
    }
    header[1] = 0;
    if (!memory_.write(at + 4, &header[1], 4)) return Slot::kHostBusError;
    return Slot::kDone;
  }
  PrdTable data(memory_, std::move(regions));
  if (device_->queued(tf)) return run_queued(slot, tf, data, may_block);
  AtaOutcome o;
  if (may_block)
    o = device_->execute(tf, acmd, data);
  else if (!device_->execute_now(tf, acmd, data, o))
    return Slot::kWouldBlock;
  if (data.fault()) {
    vmm::guest_log("ahci port %u slot %u: a PRD points outside RAM", index_, slot);
    return Slot::kHostBusError;
  }
  header[1] = static_cast<uint32_t>(o.bytes);  // PRDBC
  if (!memory_.write(at + 4, &header[1], 4)) return Slot::kHostBusError;
  tfd_ = (static_cast<uint32_t>(o.error) << 8) | o.status;
  if (o.pio_in) post_pio_setup(o, fault);
  post_d2h(o, fault);
  if (fault) return Slot::kHostBusError;
  if (o.bytes && data.interrupt_within(o.bytes)) is_ |= kIsDps;
  return (o.status & ata::kStatusErr) ? Slot::kDeviceError : Slot::kDone;
}

// §5.3.10: the device accepts the command with a Register D2H FIS without I (PxCI clears); data and
// its end follow, possibly after other tags' (SATA 3.x §13.6.2).
AhciPort::Slot AhciPort::run_queued(uint32_t slot, const AtaTaskfile& tf, PrdTable& data, bool may_block) {
  const uint32_t bit = 1u << slot;
  if (((tf.count >> 3) & 0x1f) != slot || (outstanding_ & bit)) {
    vmm::guest_log("ahci port %u slot %u: queued command with tag %u (or the tag still outstanding)", index_, slot, (tf.count >> 3) & 0x1f);
    tfd_ = (ata::kErrorAbrt << 8) | ata::kStatusDrdy | ata::kStatusErr;
    return Slot::kDeviceError;
  }
  QueuedAtaRequest id;
  id.port = index_, id.tag = slot, id.generation = generation_;
  AtaOutcome o;
  const QueuedStart started = device_->start_queued(tf, data, id, may_block, o);
  if (started == QueuedStart::kWouldBlock) return Slot::kWouldBlock;
  if (data.fault()) {
    vmm::guest_log("ahci port %u slot %u: a PRD points outside RAM", index_, slot);
    return Slot::kHostBusError;
  }
  sact_ |= bit;  // software sets it before PxCI; a driver that did not gets it set here
  bool fault = false;
  tfd_ = ata::kStatusDrdy | ata::kStatusDsc;
  post_d2h(AtaOutcome{}, fault, false);
  if (fault) return Slot::kHostBusError;
  if (started == QueuedStart::kDone)
    queued_ended(slot, o);
  else
    outstanding_ |= bit, ++in_flight_;
  return Slot::kQueued;
}

bool AhciPort::queued_done(std::unique_ptr<QueuedAtaRequest> r) {
  if (in_flight_ && !--in_flight_ && !(cmd_ & kCmdSt)) cmd_ &= ~kCmdCr;
  if (r->generation != generation_ || r->tag >= 32 || !(outstanding_ & (1u << r->tag))) return false;  // abandoned meanwhile
  const uint32_t tag = r->tag;
  outstanding_ &= ~(1u << tag);
  queued_ended(tag, device_->finish_queued(std::move(r)));
  return true;
}

void AhciPort::queued_ended(uint32_t tag, const AtaOutcome& o) {
  if (!(o.status & ata::kStatusErr)) {
    sdb_completed_ |= 1u << tag;
    return;
  }
  // §6.2.2.2: the tags that ended well are reported first; then an SDB FIS with ERR leaves the
  // failed and all other outstanding tags in PxSACT, and the port stops until software restarts
  // it and reads the NCQ error log.
  post_completed();
  uint8_t fis[kSdbFisBytes] = {kFisSetDeviceBits, kFisInterruptBit, static_cast<uint8_t>(o.status & 0x77), o.error};
  if (!write_fis(kRfisSdbfis, fis, sizeof fis)) is_ |= kIsHbfs;
  tfd_ = (static_cast<uint32_t>(o.error) << 8) | o.status;
  is_ |= kIsSdbs | kIsTfes;
  stopped_ = true;
  abandon_queued();
}

void AhciPort::post_completed() {
  if (!sdb_completed_) return;
  const uint8_t status = ata::kStatusDrdy | ata::kStatusDsc;
  uint8_t fis[kSdbFisBytes] = {kFisSetDeviceBits, kFisInterruptBit, status, 0};
  std::memcpy(fis + 4, &sdb_completed_, 4);
  if (!write_fis(kRfisSdbfis, fis, sizeof fis)) {
    vmm::guest_log("ahci port %u: received-FIS area 0x%llx is outside RAM", index_, static_cast<unsigned long long>(fb_));
    is_ |= kIsHbfs;
    stopped_ = true;
  }
  sact_ &= ~sdb_completed_;
  tfd_ = status;
  is_ |= kIsSdbs;
  sdb_completed_ = 0;
}

// Snapshot: u64 PxCLB, PxFB; u32 PxIS, PxIE, PxCMD, PxTFD, PxSIG, PxSSTS, PxSCTL, PxSERR, PxSACT,
// PxCI, PxSNTF; u8 stopped by an error; u32 queued tags ended and not yet reported; u32 length and
// the device's bytes.
void AhciPort::save_state(vmm::StateWriter& w) const {
  if (in_flight_)
    throw vmm::SnapshotError("ahci port " + std::to_string(index_) + ": " + std::to_string(in_flight_) + " transfers in flight");
  w.u64(clb_), w.u64(fb_);
  for (uint32_t v : {is_, ie_, cmd_, tfd_, sig_, ssts_, sctl_, serr_, sact_, ci_, sntf_}) w.u32(v);
  w.boolean(stopped_);
  w.u32(sdb_completed_);
  vmm::StateWriter dev;
  device_->save_state(dev);
  w.u32(static_cast<uint32_t>(dev.data().size()));
  w.bytes(dev.data().data(), dev.data().size());
}

bool AhciPort::restore_state(vmm::StateReader& r, const std::string& name) {
  const uint64_t clb = r.u64(), fb = r.u64();
  uint32_t v[11];
  for (auto& x : v) x = r.u32();
  const auto [is, ie, cmd, tfd, sig, ssts, sctl, serr, sact, ci, sntf] = v;
  const bool stopped = r.boolean();
  const uint32_t sdb_completed = r.u32();
  const uint32_t dev_len = r.u32();
  if (!r.ok() || dev_len > r.remaining()) return false;
  std::vector<uint8_t> dev(dev_len);
  r.bytes(dev.data(), dev.size());
  constexpr uint32_t kCmdKnown = (kCmdWritable & ~kCmdClo) | kCmdSud | kCmdPod | (0x1fu << kCmdCcsShift) | kCmdFr | kCmdCr;
  if ((clb & 0x3ff) || (fb & 0xff) || (ie & ~kIeValid) || (cmd & ~kCmdKnown) || (sctl & ~0xfffu) || (tfd & ~0xffffu)) return false;
  if (!(cmd & kCmdFre) != !(cmd & kCmdFr) || !(cmd & kCmdSt) != !(cmd & kCmdCr)) return false;  // nothing in flight: CR follows ST
  if (!(cmd & kCmdSt) && (ci || sact || stopped || sdb_completed)) return false;
  vmm::StateReader dr(dev);
  if (!device_->restore_state(dr, name) || !dr.ok_and_done()) return false;
  clb_ = clb, fb_ = fb;
  is_ = is, ie_ = ie, cmd_ = cmd, tfd_ = tfd, sig_ = sig, ssts_ = ssts, sctl_ = sctl, serr_ = serr, sact_ = sact, ci_ = ci, sntf_ = sntf;
  stopped_ = stopped;
  ++generation_;
  outstanding_ = in_flight_ = 0;
  sdb_completed_ = sdb_completed;
  return true;
}

}  // namespace tshyve::devices::storage
