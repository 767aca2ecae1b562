// 82545EM register file and interrupt logic (8254x SDM §13.4: CTRL/STATUS/EECD/EERD/MDIC, ICR
// read-to-clear and write-1-to-clear, ICS/IMS/IMC, ITR minimum inter-interrupt interval in 256 ns units;
// §3.2.7 / §3.4.1 receive and transmit interrupt delays RDTR/RADV and TIDV/TADV in 1.024 us units;
// §13.4.22 RCTL, §13.4.33 TCTL, ring registers, RXCSUM; §13.7 statistics). Transmit runs on the vCPU
// thread at the TDT write (bounded by one pass over the ring); receive on the caller's (event-loop)
// thread; the five timers share the one timer the owner arms (arm_timer), re-armed only earlier.
#include "devices/net/e1000.h"

#include <time.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "devices/net/e1000_checksum.h"
#include "vmm/log.h"

namespace tshyve::devices::net {

using namespace e1000;

namespace {
constexpr uint32_t kMinFrame = 60, kFcs = 4;
constexpr uint64_t kItrUnitNs = 256, kDelayUnitNs = 1024;
constexpr uint32_t kDelayFpd = 1u << 31;  // RDTR/TIDV: flush partial descriptor block, fire now
// Expansion ROM BAR (PCI 3.0 §6.2.5.2): address bits 31:11, enable bit 0, 2 KiB granularity.
constexpr uint32_t kRomBar = 0x30, kRomEnable = 1;
constexpr uint64_t kRomMinSize = 2048, kRomMaxSize = 16ull << 20;
constexpr uint32_t kStatusValue = kStatusFd | kStatusLu | kStatusSpeed1000 | kStatusAsdv1000;

// Registers kept as written, with the bits the 82545EM implements (SDM §13.4).
struct Plain {
  uint32_t offset, mask;
};
constexpr Plain kPlain[] = {
    {reg::kCtrlExt, 0xffffffff}, {reg::kFcal, 0xffffffff},   {reg::kFcah, 0x0000ffff},   {reg::kFct, 0x0000ffff},
    {reg::kVet, 0x0000ffff},     {reg::kFcttv, 0x0000ffff},  {reg::kTxcw, 0xc000ffff},   {reg::kRxcw, 0},
    {reg::kTipg, 0x3fffffff},    {reg::kAit, 0x0000ffff},    {reg::kLedctl, 0xffffffff}, {reg::kPba, 0x0000ffff},
    {reg::kFcrtl, 0x8000fff8},   {reg::kFcrth, 0x0000fff8},  {reg::kRdtr, 0x0000ffff},   {reg::kRxdctl, 0x013f3f3f},
    {reg::kRadv, 0x0000ffff},    {reg::kRsrpd, 0x00000fff},  {reg::kTidv, 0x0000ffff},   {reg::kTxdctl, 0x013f3f3f},
    {reg::kTadv, 0x0000ffff},    {reg::kRxcsum, 0x000007ff}, {reg::kWuc, 0x0000000f},    {reg::kWufc, 0x000f00ff},
    {reg::kManc, 0xffffffff},
};
static_assert(std::size(kPlain) <= 32);

uint64_t monotonic_ns() {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}
}  // namespace

E1000Function::E1000Function(vmm::GuestMemoryView& memory, E1000Options options)
    : memory_(memory),
      options_(std::move(options)),
      config_(PciConfigSpace::kLegacySize),
      msi_(options_.router),
      eeprom_(options_.mac),
      tx_([this](const uint8_t* f, size_t n) {
        const bool sent = options_.transmit && options_.transmit(f, n);
        if (sent) {
          counters_.tx_packets.add();
          counters_.tx_bytes.add(n);
          stats_[(reg::kGptc - reg::kStatsStart) / 4]++;
          stats_[(reg::kTpt - reg::kStatsStart) / 4]++;
          stats_[(reg::kGotcl - reg::kStatsStart) / 4] += n;
        } else {
          counters_.tx_dropped.add();
        }
      }) {
  if (!options_.clock_ns) options_.clock_ns = monotonic_ns;
  config_.set_identity(kVendorIntel, kDevice82545EM, kClassEthernet, kRevision, kVendorIntel, kSubsystem);
  config_.set_interrupt_pin(1);
  config_.add_bar(0, PciBarKind::kMem32, kBarSize);
  config_.add_bar(kIoBar, PciBarKind::kIo, kIoBarSize);
  if (!msi_.add_to(config_)) throw std::runtime_error("e1000: capability space full");
  if (!options_.rom.empty()) {
    if (options_.rom.size() > kRomMaxSize) throw std::runtime_error("e1000: option ROM larger than 16 MiB");
    rom_size_ = kRomMinSize;
    while (rom_size_ < options_.rom.size()) rom_size_ <<= 1;
    config_.set_u32(kRomBar, 0, static_cast<uint32_t>(~(rom_size_ - 1)) | kRomEnable);
  }
  config_.on_bar_change([this](const PciBarChange& c) {
    if (c.index == 0) place_region(0, c.new_address, kBarSize, c.enabled);
    if (c.index == kIoBar) place_region(kIoBar, c.new_address, kIoBarSize, c.enabled);
  });
  std::lock_guard<std::mutex> lock(mu_);
  reset_device();
}

void E1000Function::preassign_bar(uint64_t address) {
  config_.write(pci_reg::kBar0, 4, static_cast<uint32_t>(address));
  config_.write(pci_reg::kCommand, 2, pci_reg::kCommandMemory | pci_reg::kCommandBusMaster);
}

void E1000Function::preassign_io_bar(uint16_t port) {
  config_.write(pci_reg::kBar0 + 4 * kIoBar, 4, port);
  config_.write(pci_reg::kCommand, 2, pci_reg::kCommandIo | pci_reg::kCommandMemory | pci_reg::kCommandBusMaster);
}

// Device reset (CTRL.RST, SDM §13.4.1): registers to their initial values; RAL0/RAH0 reloaded from the EEPROM.
void E1000Function::reset_device() {
  ctrl_ = 0;
  eerd_ = mdic_ = 0;
  icr_ = ims_ = itr_ = 0;
  tctl_ = 0;
  rdbal_ = rdbah_ = rdlen_ = rdh_ = rdt_ = 0;
  tdbal_ = tdbah_ = tdlen_ = tdh_ = tdt_ = 0;
  filter_ = {};
  const uint16_t w0 = eeprom_.word(0), w1 = eeprom_.word(1), w2 = eeprom_.word(2);
  filter_.ra[0] = static_cast<uint32_t>(w0) | static_cast<uint32_t>(w1) << 16;
  filter_.ra[1] = static_cast<uint32_t>(w2) | kRahAv;
  plain_.fill(0);
  *plain_register(reg::kVet) = 0x8100;
  *plain_register(reg::kPba) = 0x0030;  // 48 KiB receive packet buffer
  *plain_register(reg::kLedctl) = 0x07068302;
  *plain_register(reg::kTipg) = 0x00602008;
  stats_.fill(0);
  eeprom_.reset();
  phy_.reset();
  tx_.reset();
  rx_waiting_ = rx_broken_ = false;
  throttle_deferred_ = false;
  next_interrupt_ns_ = 0;
  deadline_ns_.fill(0);  // an armed timer still fires, finding nothing due
  set_intx(false);
}

uint32_t* E1000Function::plain_register(uint32_t offset) {
  for (size_t i = 0; i < std::size(kPlain); ++i)
    if (kPlain[i].offset == offset) return &plain_[i];
  return nullptr;
}

// ---- PCI configuration space ----

uint32_t E1000Function::config_read(uint32_t offset, uint32_t size) {
  msi_.config_reading(config_, offset, size);
  return config_.read(offset, size);
}

void E1000Function::config_write(uint32_t offset, uint32_t size, uint32_t value) {
  config_.write(offset, size, value);
  const bool msi_was = msi_.enabled();
  msi_.config_written(config_, offset, size);
  if (msi_was != msi_.enabled()) {  // the function signals one way or the other (PCI 3.0 §6.8.1.3)
    std::lock_guard<std::mutex> lock(mu_);
    set_intx(intx_level_);
  }
  if (rom_size_ &&
      ((offset < kRomBar + 4 && offset + size > kRomBar) || (offset < pci_reg::kCommand + 2 && offset + size > pci_reg::kCommand)))
    update_rom_decode();
  if (offset < pci_reg::kCommand + 2 && offset + size > pci_reg::kCommand) {
    std::lock_guard<std::mutex> lock(mu_);
    set_intx(icr_ & ims_ && intx_level_);  // INTx Disable may have changed
  }
}

void E1000Function::update_rom_decode() {
  const uint32_t bar = config_.read(kRomBar, 4);
  const uint64_t address = bar & static_cast<uint32_t>(~(rom_size_ - 1));
  const bool on = (bar & kRomEnable) && (config_.command() & pci_reg::kCommandMemory);
  if (!place_region(kPciRomRegion, address, rom_size_, on))
    vmm::guest_log("e1000: ROM at 0x%llx overlaps another function's BAR; left unmapped", static_cast<unsigned long long>(address));
}

// ---- BAR 0 and the expansion ROM ----

void E1000Function::mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) {
  std::memset(data, 0xff, size);
  if (region == kPciRomRegion) {  // bytes past the image (padding up to the BAR size) read as 0
    for (uint32_t i = 0; i < size; ++i) data[i] = offset + i < options_.rom.size() ? options_.rom[offset + i] : 0;
    return;
  }
  if (region == kIoBar) {  // IOADDR / IODATA, 32-bit accesses (SDM §4.1.1)
    if (size != 4 || (offset != kIoAddr && offset != kIoData)) return;
    uint32_t v;
    {
      std::lock_guard<std::mutex> lock(mu_);
      v = offset == kIoAddr ? ioaddr_ : reg_read(ioaddr_ & (kBarSize - 4));
    }
    std::memcpy(data, &v, 4);
    return;
  }
  if (region != 0 || offset >= kBarSize || size > 8) return;
  for (uint32_t done = 0; done < size;) {
    const uint64_t at = offset + done;
    const uint32_t dword = static_cast<uint32_t>(at & ~3ull), skip = static_cast<uint32_t>(at & 3);
    const uint32_t n = std::min(size - done, 4 - skip);
    const uint32_t v = read_register(dword);
    std::memcpy(data + done, reinterpret_cast<const uint8_t*>(&v) + skip, n);
    done += n;
  }
}

void E1000Function::mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) {
  if (region == kIoBar) {
    if (size != 4 || (offset != kIoAddr && offset != kIoData)) return;
    uint32_t v;
    std::memcpy(&v, data, 4);
    std::lock_guard<std::mutex> lock(mu_);
    if (offset == kIoAddr)
      ioaddr_ = v & 0x0001fffc;
    else
      reg_write(ioaddr_ & (kBarSize - 4), v);
    return;
  }
  if (region != 0 || offset >= kBarSize || size > 8) return;
  for (uint32_t done = 0; done < size;) {
    const uint64_t at = offset + done;
    const uint32_t dword = static_cast<uint32_t>(at & ~3ull), skip = static_cast<uint32_t>(at & 3);
    const uint32_t n = std::min(size - done, 4 - skip);
    uint32_t v = 0;
    if (n != 4) {
      vmm::guest_log("e1000: %u-byte register write at 0x%x (registers are 32-bit)", n, dword + skip);
      return;
    }
    std::memcpy(&v, data + done, 4);
    write_register(dword, v);
    done += n;
  }
}

uint32_t E1000Function::read_register(uint32_t offset) {
  std::lock_guard<std::mutex> lock(mu_);
  return reg_read(offset & (kBarSize - 4));
}

void E1000Function::write_register(uint32_t offset, uint32_t value) {
  std::lock_guard<std::mutex> lock(mu_);
  reg_write(offset & (kBarSize - 4), value);
}

uint32_t E1000Function::reg_read(uint32_t offset) {
  using namespace reg;
  if (offset >= kRal0 && offset < kRal0 + 8 * kRarEntries) return filter_.ra[(offset - kRal0) / 4];
  if (offset >= kMta && offset < kMta + 4 * kMtaEntries) return filter_.mta[(offset - kMta) / 4];
  if (offset >= kVfta && offset < kVfta + 4 * kVftaEntries) return filter_.vfta[(offset - kVfta) / 4];
  if (offset >= kStatsStart && offset < kStatsEnd) {
    // §13.7: 64-bit octet counters read low then high (the high read clears); others clear when read.
    const uint32_t i = (offset - kStatsStart) / 4;
    if (offset == kGorcl || offset == kGotcl || offset == kTorl || offset == kTotl) return static_cast<uint32_t>(stats_[i]);
    if (offset == kGorch || offset == kGotch || offset == kTorh || offset == kToth) {
      const uint32_t v = static_cast<uint32_t>(stats_[i - 1] >> 32);
      stats_[i - 1] = 0;
      return v;
    }
    const uint32_t v = static_cast<uint32_t>(std::min<uint64_t>(stats_[i], 0xffffffffu));
    stats_[i] = 0;
    return v;
  }
  switch (offset) {
    case kCtrl: return ctrl_;
    case kStatus: return kStatusValue;
    case kEecd: return eeprom_.eecd();
    case kEerd: return eerd_;
    case kMdic: return mdic_;
    case kIcr: {
      const uint32_t v = icr_;
      icr_ = 0;  // §13.4.17: read to clear
      update_interrupt(0);
      return v;
    }
    case kItr: return itr_;
    case kIms: return ims_;
    case kRctl: return filter_.rctl;
    case kTctl: return tctl_;
    case kRdbal: return rdbal_;
    case kRdbah: return rdbah_;
    case kRdlen: return rdlen_;
    case kRdh: return rdh_;
    case kRdt: return rdt_;
    case kTdbal: return tdbal_;
    case kTdbah: return tdbah_;
    case kTdlen: return tdlen_;
    case kTdh: return tdh_;
    case kTdt: return tdt_;
    default:
      if (uint32_t* p = plain_register(offset)) return *p;
      return 0;  // reserved and unimplemented registers read as 0
  }
}

void E1000Function::reg_write(uint32_t offset, uint32_t value) {
  using namespace reg;
  if (offset >= kRal0 && offset < kRal0 + 8 * kRarEntries) {
    const uint32_t i = (offset - kRal0) / 4;
    filter_.ra[i] = (i & 1) ? (value & (kRahAv | 0x0003ffff)) : value;
    return;
  }
  if (offset >= kMta && offset < kMta + 4 * kMtaEntries) {
    filter_.mta[(offset - kMta) / 4] = value;
    return;
  }
  if (offset >= kVfta && offset < kVfta + 4 * kVftaEntries) {
    filter_.vfta[(offset - kVfta) / 4] = value;
    return;
  }
  switch (offset) {
    case kCtrl: {
      if (value & kCtrlRst) {
        reset_device();
        return;
      }
      if (value & kCtrlPhyRst) phy_.reset();
      const bool link_up = !(ctrl_ & kCtrlSlu) && (value & kCtrlSlu);
      ctrl_ = value & ~(kCtrlRst | kCtrlPhyRst);
      if (link_up) raise(kIcrLsc);  // the link the driver forces up is up at once
      return;
    }
    case kEecd: eeprom_.write_eecd(value); return;
    case kEerd: eerd_ = eeprom_.write_eerd(value); return;
    case kMdic:
      mdic_ = phy_.mdic(value);
      if (value & kMdicIe) raise(kIcrMdac);
      return;
    case kIcr: {
      const uint32_t before = icr_ & ims_;
      icr_ &= ~value;  // write 1 to clear
      update_interrupt(before);
      return;
    }
    case kItr: itr_ = value & 0xffff; return;
    case kIcs: raise(value); return;
    case kIms: {
      const uint32_t before = icr_ & ims_;
      ims_ |= value & kIcrValid;
      update_interrupt(before);
      return;
    }
    case kImc: {
      const uint32_t before = icr_ & ims_;
      ims_ &= ~value;
      update_interrupt(before);
      return;
    }
    case kRctl: {
      const bool enabling = !(filter_.rctl & kRctlEn) && (value & kRctlEn);
      filter_.rctl = value & 0x07fffffe;
      if (enabling && options_.rx_space) options_.rx_space();
      return;
    }
    case kTctl:
      tctl_ = value & 0x03fffffa;
      run_tx();
      return;
    case kRdbal:
      rdbal_ = value & ~0xfu;
      rx_broken_ = false;
      return;
    case kRdbah:
      rdbah_ = value;
      rx_broken_ = false;
      return;
    case kRdlen:
      rdlen_ = value & 0x000fff80;
      rx_broken_ = false;
      return;
    case kRdh: rdh_ = value & 0xffff; return;
    case kRdt:
      rdt_ = value & 0xffff;
      if (rx_waiting_ && options_.rx_space) options_.rx_space();
      return;
    case kTdbal: tdbal_ = value & ~0xfu; return;
    case kTdbah: tdbah_ = value; return;
    case kTdlen: tdlen_ = value & 0x000fff80; return;
    case kTdh: tdh_ = value & 0xffff; return;
    case kTdt:
      tdt_ = value & 0xffff;
      run_tx();
      return;
    case kRdtr:
      *plain_register(kRdtr) = value & 0xffff;
      if ((value & kDelayFpd) && (deadline_ns_[kRxPacket] || deadline_ns_[kRxAbsolute])) rx_interrupt();
      return;
    case kTidv:
      *plain_register(kTidv) = value & 0xffff;
      if ((value & kDelayFpd) && (deadline_ns_[kTxPacket] || deadline_ns_[kTxAbsolute])) tx_interrupt();
      return;
    default:
      if (uint32_t* p = plain_register(offset)) {
        for (const auto& r : kPlain)
          if (r.offset == offset) *p = value & r.mask;
        if (offset == kVet) filter_.vet = static_cast<uint16_t>(*p);  // the receive filter's VLAN ethertype
      }
      return;  // read-only (STATUS, statistics) and unimplemented registers ignore writes
  }
}

// ---- transmit (vCPU thread, mu_ held) ----

void E1000Function::run_tx() {
  if (!(tctl_ & kTctlEn)) return;
  if (!(config_.command() & pci_reg::kCommandBusMaster)) return;
  TxRing ring;
  ring.base = static_cast<uint64_t>(tdbah_) << 32 | tdbal_;
  ring.count = tdlen_ / kDescSize;
  ring.head = tdh_;
  ring.tail = tdt_;
  if (ring.count == 0 || ring.head >= ring.count || ring.tail >= ring.count) {
    if (tdt_ != tdh_) vmm::guest_log("e1000: transmit ring head %u / tail %u outside its %u descriptors", tdh_, tdt_, ring.count);
    return;
  }
  const uint64_t dropped_before = tx_.stats().dropped;
  uint32_t delayed = 0;
  uint32_t causes = tx_.run(memory_, ring, ctrl_ & kCtrlVme, static_cast<uint16_t>(*plain_register(reg::kVet)), &delayed);
  counters_.tx_dropped.add(tx_.stats().dropped - dropped_before);
  tdh_ = ring.head;
  // §3.4.1: a write-back without IDE interrupts at once, for the delayed ones before it too.
  if (causes & kIcrTxdw)
    deadline_ns_[kTxPacket] = deadline_ns_[kTxAbsolute] = 0;
  else if (delayed && !start_delay(kTxPacket, kTxAbsolute, *plain_register(reg::kTidv), *plain_register(reg::kTadv)))
    causes |= kIcrTxdw;
  if (causes) raise(causes);
}

// ---- receive (event-loop thread) ----

RxRing E1000Function::rx_ring() const {
  RxRing ring;
  ring.base = static_cast<uint64_t>(rdbah_) << 32 | rdbal_;
  ring.count = rdlen_ / kDescSize;
  ring.head = rdh_;
  ring.tail = rdt_;
  return ring;
}

E1000Function::Receive E1000Function::receive(const uint8_t* frame, size_t len) {
  std::lock_guard<std::mutex> lock(mu_);
  rx_waiting_ = false;
  // Receive off or no bus mastering: the frame is lost on the wire, as on the real part.
  if (!(filter_.rctl & kRctlEn) || !(config_.command() & pci_reg::kCommandBusMaster)) return Receive::kDropped;
  if (rx_broken_) {
    counters_.rx_dropped.add();
    return Receive::kDropped;
  }
  if (!rx_accepts(filter_, frame, len)) return Receive::kFiltered;
  // The wire pads short frames to 60 bytes and appends the FCS, which RCTL.SECRC strips (§13.4.22).
  rx_frame_.assign(frame, frame + len);
  if (rx_frame_.size() < kMinFrame) rx_frame_.resize(kMinFrame, 0);
  if (!(filter_.rctl & kRctlSecrc)) {
    const uint32_t fcs = ethernet_crc32(rx_frame_.data(), rx_frame_.size());
    for (uint32_t i = 0; i < kFcs; ++i) rx_frame_.push_back(static_cast<uint8_t>(fcs >> (8 * i)));
  }
  RxRing ring = rx_ring();
  if (ring.count == 0 || ring.head >= ring.count || ring.tail >= ring.count) {
    rx_waiting_ = true;
    return Receive::kNoRoom;
  }
  const RxChecksum checksum = rx_checksum(frame, len, *plain_register(reg::kRxcsum), filter_.vet);
  const RxPlacement p = rx_place(memory_, ring, rx_buffer_size(filter_.rctl), rx_frame_.data(), rx_frame_.size(), checksum);
  rdh_ = ring.head;
  switch (p) {
    case RxPlacement::kNoRoom: rx_waiting_ = true; return Receive::kNoRoom;
    case RxPlacement::kBroken:
      rx_broken_ = true;  // until the driver reprograms the ring
      counters_.rx_dropped.add();
      return Receive::kDropped;
    case RxPlacement::kDropped:
      counters_.rx_dropped.add();
      stats_[(reg::kMpc - reg::kStatsStart) / 4]++;
      raise(kIcrRxt0);
      return Receive::kDropped;
    case RxPlacement::kPlaced: break;
  }
  counters_.rx_packets.add();
  counters_.rx_bytes.add(len);
  stats_[(reg::kGprc - reg::kStatsStart) / 4]++;
  stats_[(reg::kTpr - reg::kStatsStart) / 4]++;
  stats_[(reg::kGorcl - reg::kStatsStart) / 4] += rx_frame_.size();
  if (frame[0] == 0xff && std::all_of(frame, frame + 6, [](uint8_t b) { return b == 0xff; }))
    stats_[(reg::kBprc - reg::kStatsStart) / 4]++;
  else if (frame[0] & 1)
    stats_[(reg::kMprc - reg::kStatsStart) / 4]++;
  uint32_t causes = 0;
  // RXDMT0 when the free descriptors fall to RCTL.RDMTS's fraction (1/2, 1/4, 1/8) of the ring.
  const uint32_t rdmts = (filter_.rctl >> kRctlRdmtsShift) & 3;
  if (rdmts < 3 && rx_free(ring) <= (ring.count >> (rdmts + 1))) causes |= kIcrRxdmt0;
  // §3.2.7: RXT0 once RDTR passes without another frame, or RADV after the first; at once without RDTR.
  if (!start_delay(kRxPacket, kRxAbsolute, *plain_register(reg::kRdtr), *plain_register(reg::kRadv))) {
    deadline_ns_[kRxPacket] = deadline_ns_[kRxAbsolute] = 0;
    causes |= kIcrRxt0;
  }
  if (causes) raise(causes);
  return Receive::kDelivered;
}

// ---- interrupts (mu_ held) ----

void E1000Function::raise(uint32_t causes) {
  const uint32_t before = icr_ & ims_;
  icr_ |= causes & kIcrValid;
  update_interrupt(before);
}

// INTx follows (ICR & IMS) as a level; a new unmasked cause is an interrupt event (an MSI message)
// that ITR may delay.
void E1000Function::update_interrupt(uint32_t pending_before) {
  const uint32_t pending = icr_ & ims_;
  if (!pending) {
    set_intx(false);
    return;
  }
  const bool fresh = pending & ~pending_before;
  if (msi_.enabled() ? fresh : (fresh || !intx_level_)) deliver();
}

void E1000Function::deliver() {
  const uint64_t now = options_.clock_ns();
  if (itr_ && now < next_interrupt_ns_ && options_.arm_timer) {
    throttle_deferred_ = true;
    deadline_ns_[kThrottle] = next_interrupt_ns_;
    rearm_timer();
    return;
  }
  next_interrupt_ns_ = now + static_cast<uint64_t>(itr_) * kItrUnitNs;
  if (!msi_.signal()) set_intx(true);  // an MSI message per event; else the level until ICR is read
}

// ---- timers (mu_ held but timer_expired) ----

// A frame or write-back that may wait: the packet timer restarts, the absolute one starts if idle.
// False (interrupt now) when the packet delay is 0 or nothing can time it.
bool E1000Function::start_delay(Timer packet, Timer absolute, uint32_t packet_units, uint32_t absolute_units) {
  if (!packet_units || !options_.arm_timer) return false;
  const uint64_t now = options_.clock_ns();
  deadline_ns_[packet] = now + packet_units * kDelayUnitNs;
  if (absolute_units && !deadline_ns_[absolute]) deadline_ns_[absolute] = now + absolute_units * kDelayUnitNs;
  rearm_timer();
  return true;
}

// The owner's timer holds one deadline: it is asked again only for an earlier one (or once it fired).
void E1000Function::rearm_timer() {
  uint64_t earliest = 0;
  for (const uint64_t d : deadline_ns_)
    if (d && (!earliest || d < earliest)) earliest = d;
  if (!earliest || (armed_ns_ && armed_ns_ <= earliest)) return;
  armed_ns_ = earliest;
  const uint64_t now = options_.clock_ns();
  options_.arm_timer(earliest > now ? earliest - now : 0);
}

void E1000Function::rx_interrupt() {
  deadline_ns_[kRxPacket] = deadline_ns_[kRxAbsolute] = 0;
  raise(kIcrRxt0);
}

void E1000Function::tx_interrupt() {
  deadline_ns_[kTxPacket] = deadline_ns_[kTxAbsolute] = 0;
  raise(kIcrTxdw);
}

void E1000Function::timer_expired() {
  std::lock_guard<std::mutex> lock(mu_);
  armed_ns_ = 0;
  const uint64_t now = options_.clock_ns();
  auto due = [&](Timer t) {
    if (!deadline_ns_[t] || deadline_ns_[t] > now) return false;
    deadline_ns_[t] = 0;
    return true;
  };
  if (due(kThrottle) && throttle_deferred_) {  // first: what waited goes out before new causes
    throttle_deferred_ = false;
    if (icr_ & ims_) deliver();
  }
  if (due(kRxPacket) || due(kRxAbsolute)) rx_interrupt();
  if (due(kTxPacket) || due(kTxAbsolute)) tx_interrupt();
  rearm_timer();
}

void E1000Function::set_intx(bool level) {
  const bool disabled = (config_.command() & pci_reg::kCommandIntxDisable) || msi_.enabled();
  const bool line = level && !disabled;
  intx_level_ = level;
  if (line == intx_line_) return;
  intx_line_ = line;
  if (options_.intx) options_.intx->set_level(line);
}

}  // namespace tshyve::devices::net
